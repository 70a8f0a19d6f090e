import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { EXIT_REASONS, type ExitReason } from '@coop/ledger';
import { IsCalendarDate } from '../../common/validators';

export class ExitMemberDto {
  @IsIn(EXIT_REASONS) reason!: ExitReason;
  /** Required for an exclusion or a radiation. */
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(200) decisionRef?: string;
  @IsOptional() @IsCalendarDate() decisionDate?: string;
  @IsCalendarDate() effectiveDate!: string;
}
