import { IsEmail, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { IsCountryCode, IsLanguageCode } from '../../common/validators';

/** Contact data. `null` clears a field on update. */
export class ContactDto {
  @IsOptional() @IsString() @MaxLength(100) firstName?: string | null;
  @IsOptional() @IsString() @MaxLength(100) lastName?: string | null;
  @IsOptional() @IsString() @MaxLength(200) companyName?: string | null;
  @ValidateIf((_, v) => v !== null && v !== undefined) @IsEmail() @MaxLength(200) email?: string | null;
  @ValidateIf((_, v) => v !== null && v !== undefined) @Matches(/^\+?[0-9 ().-]{4,30}$/, { message: 'phone must be a phone number' }) phone?: string | null;
  @IsOptional() @IsString() @MaxLength(300) street?: string | null;
  @IsOptional() @IsString() @MaxLength(20) postalCode?: string | null;
  @IsOptional() @IsString() @MaxLength(100) city?: string | null;
  /** ISO 3166-1 alpha-2, e.g. "FR" (any case; stored in capitals). */
  @ValidateIf((_, v) => v !== null && v !== undefined) @IsCountryCode() country?: string | null;
  /** As Odoo writes it: "fr_FR" or "fr" (ISO 639-1 language, ISO 3166-1 region). */
  @ValidateIf((_, v) => v !== null && v !== undefined) @IsLanguageCode() language?: string | null;
}
