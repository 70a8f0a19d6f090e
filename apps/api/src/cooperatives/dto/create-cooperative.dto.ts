import { Type } from 'class-transformer';
import { IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { LEGAL_KINDS, type LegalKind } from '@coop/ledger';
import { CooperativeSettingsDto } from './cooperative-settings.dto';

export class CreateCooperativeDto {
  @IsString() @IsNotEmpty() @Matches(/\S/, { message: 'name must not be blank' }) @MaxLength(200) name!: string;
  @IsIn(LEGAL_KINDS) legalKind!: LegalKind;
  /** SIREN or other registration number. */
  @IsOptional() @IsString() @MaxLength(40) registrationNumber?: string;
  @IsOptional() @ValidateNested() @Type(() => CooperativeSettingsDto) settings?: CooperativeSettingsDto;
}
