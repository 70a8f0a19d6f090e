import { IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { IsAmount, IsCalendarDate, MAX_SHARES } from '../../common/validators';

export class CreateSubscriptionDto {
  @IsUUID() memberId!: string;
  @IsUUID() shareClassId!: string;
  @IsInt() @Min(1) @Max(MAX_SHARES) shares!: number;
  /** Paid at subscription: at least the statutory fraction (≥ 1/4) of shares × nominal value. */
  @IsAmount({ allowZero: true }) paidAmount!: string;
  @IsCalendarDate() date!: string;
  /** When the balance is due (default: date + the statutory payment delay, which it may not exceed). */
  @IsOptional() @IsCalendarDate() dueDate?: string;
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(200) reference?: string;
}
