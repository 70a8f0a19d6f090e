import { IsEmail, IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { COOPERATIVE_ROLES, type CooperativeRole } from '@coop/core';

export class LoginDto {
  /** Any text: a malformed email is a wrong login like any other, not a hint. */
  @IsString() @IsNotEmpty() @MaxLength(320) email!: string;
  @IsString() @IsNotEmpty() @MaxLength(1024) password!: string;
  /** The 6 digits of the authenticator app, when the account has a second factor. */
  @IsOptional() @Matches(/^\d{6}$/, { message: 'totpCode must be 6 digits' }) totpCode?: string;
  /** Or one of the recovery codes shown when the second factor was turned on. */
  @IsOptional() @IsString() @MaxLength(40) recoveryCode?: string;
}

export class RefreshDto {
  @IsString() @IsNotEmpty() @MaxLength(200) refreshToken!: string;
}

export class PasswordResetRequestDto {
  @IsEmail() @MaxLength(320) email!: string;
}

export class PasswordResetConfirmDto {
  /** The token of the link received by mail. */
  @IsString() @IsNotEmpty() @MaxLength(200) token!: string;
  @IsString() @MaxLength(1024) newPassword!: string;
}

export class AcceptInvitationDto {
  @IsString() @IsNotEmpty() @MaxLength(200) token!: string;
  /** A new account's password, or the existing account's (same email) to prove it is theirs. */
  @IsString() @MaxLength(1024) password!: string;
  @IsOptional() @IsString() @MaxLength(200) displayName?: string;
}

export class TokenPairDto {
  accessToken!: string;
  refreshToken!: string;
  tokenType!: 'Bearer';
  /** Seconds the access token is valid. */
  expiresIn!: number;
}

export class AcceptedInvitationDto {
  userId!: string;
  cooperativeId!: string;
  @IsIn(COOPERATIVE_ROLES) role!: CooperativeRole;
}
