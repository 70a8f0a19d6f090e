import { IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { MOVEMENT_KINDS } from '@coop/ledger';
import { PageQueryDto } from '../../common/query.dto';
import { IsAmount, IsCalendarDate } from '../../common/validators';

const MAX_SHARES = 10_000_000;

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

export class CreatePaymentDto {
  @IsUUID() memberId!: string;
  @IsUUID() shareClassId!: string;
  @IsAmount() amount!: string;
  @IsCalendarDate() date!: string;
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(200) reference?: string;
}

export class CreateTransferDto {
  @IsUUID() fromMemberId!: string;
  /** Must be an admitted member: a transfer to a non-member goes through admission first. */
  @IsUUID() toMemberId!: string;
  @IsUUID() shareClassId!: string;
  @IsInt() @Min(1) @Max(MAX_SHARES) shares!: number;
  @IsCalendarDate() date!: string;
  /** Reference of the approval (agrément) by the board or AG. */
  @IsString() @IsNotEmpty() @MaxLength(200) approvalReference!: string;
  @IsCalendarDate() approvalDate!: string;
}

export class CreateRedemptionDto {
  @IsUUID() memberId!: string;
  @IsUUID() shareClassId!: string;
  @IsInt() @Min(1) @Max(MAX_SHARES) shares!: number;
  @IsCalendarDate() date!: string;
  /** Required for a partial withdrawal by a member who stays. */
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(200) approvalReference?: string;
  @IsOptional() @IsCalendarDate() approvalDate?: string;
  /** When only the capital floor stands in the way: queue the redemption (202) instead of refusing it (409). */
  @IsOptional() @IsBoolean() deferIfBelowFloor?: boolean;
}

export class CreateRefundDto {
  @IsUUID() memberId!: string;
  @IsUUID() shareClassId!: string;
  @IsAmount() amount!: string;
  @IsCalendarDate() date!: string;
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(200) reference?: string;
}

export class CreateReversalDto {
  @IsCalendarDate() date!: string;
  @IsString() @IsNotEmpty() @MaxLength(1000) reason!: string;
}

export class MovementQueryDto extends PageQueryDto {
  @IsOptional() @IsUUID() memberId?: string;
  @IsOptional() @IsIn(MOVEMENT_KINDS) kind?: string;
  @IsOptional() @IsCalendarDate() from?: string;
  @IsOptional() @IsCalendarDate() to?: string;
}
