import { Type } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { COOPERATIVE_ROLES, type CooperativeRole } from '@coop/core';
import { IsCalendarDate } from '../../common/validators';

export class CreateInvitationDto {
  @IsIn(COOPERATIVE_ROLES) role!: CooperativeRole;
  /** For an admin or an accountant. A member is invited at the email on their record. */
  @IsOptional() @IsEmail() @MaxLength(320) email?: string;
  /** The member record the account is bound to: required for `member`, optional for the others. */
  @IsOptional() @IsUUID() memberId?: string;
}

export class CooperativeSecurityDto {
  /** Admins must sign in with a second factor (TOTP) to act in this cooperative. */
  @IsBoolean() requireAdminSecondFactor!: boolean;
}

export class AuditQueryDto {
  @IsOptional() @IsUUID() userId?: string;
  @IsOptional() @IsString() @MaxLength(100) resourceId?: string;
  /** A fragment of the route, e.g. `members`. */
  @IsOptional() @IsString() @MaxLength(200) route?: string;
  @IsOptional() @IsCalendarDate() from?: string;
  @IsOptional() @IsCalendarDate() to?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
  @IsOptional() @IsString() cursor?: string;
}
