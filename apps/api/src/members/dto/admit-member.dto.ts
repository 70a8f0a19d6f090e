import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { IsCalendarDate } from '../../common/validators';

export class AdmitMemberDto {
  /** Reference of the board's or AG's decision (agrément). */
  @IsString() @IsNotEmpty() @MaxLength(200) decisionRef!: string;
  @IsCalendarDate() decisionDate!: string;
  /** Date membership takes effect. */
  @IsCalendarDate() effectiveDate!: string;
}
