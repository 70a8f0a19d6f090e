import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { API_TOKEN_MAX_DAYS } from '@coop/auth';
import { COOPERATIVE_ROLES, type CooperativeRole } from '@coop/core';

export class ChangePasswordDto {
  @IsString() @IsNotEmpty() @MaxLength(1024) currentPassword!: string;
  @IsString() @MaxLength(1024) newPassword!: string;
}

export class SecondFactorCodeDto {
  @Matches(/^\d{6}$/, { message: 'code must be 6 digits' }) code!: string;
}

export class SecondFactorDisableDto {
  @IsString() @IsNotEmpty() @MaxLength(1024) password!: string;
}

export class CreateApiTokenDto {
  @IsUUID() cooperativeId!: string;
  /** No higher than your own role in that cooperative. */
  @IsIn(COOPERATIVE_ROLES) role!: CooperativeRole;
  /** What the token is for (e.g. "nightly Odoo sync"). */
  @IsString() @IsNotEmpty() @MaxLength(100) name!: string;
  @Type(() => Number) @IsInt() @Min(1) @Max(API_TOKEN_MAX_DAYS) expiresInDays!: number;
}
