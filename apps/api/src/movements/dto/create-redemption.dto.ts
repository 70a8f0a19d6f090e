import { IsBoolean, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { IsCalendarDate, MAX_SHARES } from '../../common/validators';

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
