import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsAmount, IsCalendarDate } from '../../common/validators';

export class CreateLossStatementDto {
  /** Last day of the closed fiscal year. */
  @IsCalendarDate() fiscalYearEnd!: string;
  /** Losses recorded on the balance sheet (carried forward, not absorbed). */
  @IsAmount({ allowZero: true }) losses!: string;
  /** Statutory reserves on that balance sheet (the legal reserve is never used). */
  @IsAmount({ allowZero: true }) statutoryReserves!: string;
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(200) reference?: string;
}
