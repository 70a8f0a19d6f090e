import { IsBoolean, IsIn, IsInt, IsOptional, Matches } from 'class-validator';
import { APPROVAL_BODIES, LOSS_ALLOCATIONS, type ApprovalBody, type LossAllocation } from '@coop/ledger';
import { IsAmount } from '../../common/validators';

/** The statutes' settings. Every one is optional: the legal default applies; every one is checked against the law's bounds. */
export class CooperativeSettingsDto {
  /** Capital stated in the statutes (SCIC SA: at least 18500.00). */
  @IsOptional() @IsAmount({ allowZero: true }) statutoryCapital?: string;
  /** Statutory floor under which redemptions stop. */
  @IsOptional() @IsAmount({ allowZero: true }) statutoryFloor?: string;
  /** Months to pay up the balance of a subscription (0 to 60). */
  @IsOptional() @IsInt() paymentDelayMonths?: number;
  /** Fraction paid at subscription (0.25 to 1). */
  @IsOptional() @IsAmount({ scale: 4, integerDigits: 1 }) minPaidFraction?: string;
  /** Months to refund a leaving member (0 to 60). */
  @IsOptional() @IsInt() redemptionDelayMonths?: number;
  /** "MM-DD" */
  @IsOptional() @Matches(/^\d{2}-\d{2}$/, { message: 'fiscalYearEnd must be "MM-DD"' }) fiscalYearEnd?: string;
  @IsOptional() @IsBoolean() usesColleges?: boolean;
  /** SCIC: with employees, employees are a mandatory category; without, producers are. */
  @IsOptional() @IsBoolean() hasEmployees?: boolean;
  @IsOptional() @IsIn(APPROVAL_BODIES) admissionApproval?: ApprovalBody;
  @IsOptional() @IsIn(APPROVAL_BODIES) transferApproval?: ApprovalBody;
  @IsOptional() @IsIn(LOSS_ALLOCATIONS) lossAllocation?: LossAllocation;
  /** Fraction of surplus to the legal reserve (≥ 0.15). */
  @IsOptional() @IsAmount({ scale: 4, integerDigits: 1 }) legalReserveRate?: string;
  /** Fraction of the rest to the statutory reserve (SCIC ≥ 0.5). */
  @IsOptional() @IsAmount({ scale: 4, allowZero: true, integerDigits: 1 }) statutoryReserveRate?: string;
}
