import { Type } from 'class-transformer';
import { IsEmail, IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { LEGAL_KINDS, type LegalKind } from '@coop/ledger';
import { CooperativeSettingsDto } from './cooperative-settings.dto';

export class CreateCooperativeDto {
  @IsString() @IsNotEmpty() @Matches(/\S/, { message: 'name must not be blank' }) @MaxLength(200) name!: string;
  @IsIn(LEGAL_KINDS) legalKind!: LegalKind;
  /** SIREN or other registration number. */
  @IsOptional() @IsString() @MaxLength(40) registrationNumber?: string;
  /** The registered office (siège social), printed on share certificates. */
  @IsOptional() @IsString() @MaxLength(300) registeredOffice?: string;
  /**
   * Its first admin: an account with this email gets the role at once, anyone else an invitation by mail. Without it,
   * the operator creating the cooperative is its first admin.
   */
  @IsOptional() @IsEmail() @MaxLength(320) firstAdminEmail?: string;
  @IsOptional() @ValidateNested() @Type(() => CooperativeSettingsDto) settings?: CooperativeSettingsDto;
}
