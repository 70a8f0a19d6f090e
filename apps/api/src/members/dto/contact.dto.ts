import { IsEmail, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';

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
  /** ISO 3166-1 alpha-2, e.g. "FR". */
  @ValidateIf((_, v) => v !== null && v !== undefined) @Matches(/^[A-Za-z]{2}$/, { message: 'country must be a 2-letter ISO code' }) country?: string | null;
  /** e.g. "fr_FR" */
  @ValidateIf((_, v) => v !== null && v !== undefined) @Matches(/^[a-z]{2}(_[A-Z]{2})?$/, { message: 'language must look like fr_FR' }) language?: string | null;
}
