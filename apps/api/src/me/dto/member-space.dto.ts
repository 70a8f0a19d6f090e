import { IsEmail, IsIn, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { IsCountryCode, IsLanguageCode } from '../../common/validators';
import { AsOfQueryDto } from '../../common/query.dto';

/** What a member may change of their own record: how to reach them. `null` clears a field. */
export class UpdateOwnProfileDto {
  @ValidateIf((_, v) => v !== null && v !== undefined) @IsEmail() @MaxLength(200) email?: string | null;
  @ValidateIf((_, v) => v !== null && v !== undefined) @Matches(/^\+?[0-9 ().-]{4,30}$/, { message: 'phone must be a phone number' }) phone?: string | null;
  @IsOptional() @IsString() @MaxLength(300) street?: string | null;
  @IsOptional() @IsString() @MaxLength(20) postalCode?: string | null;
  @IsOptional() @IsString() @MaxLength(100) city?: string | null;
  @ValidateIf((_, v) => v !== null && v !== undefined) @IsCountryCode() country?: string | null;
  @ValidateIf((_, v) => v !== null && v !== undefined) @IsLanguageCode() language?: string | null;
}

export class CertificateQueryDto extends AsOfQueryDto {
  /** `fr` (default) or `en`. */
  @IsOptional() @IsIn(['fr', 'en']) lang?: 'fr' | 'en';
}
