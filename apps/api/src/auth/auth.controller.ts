import { Body, Controller, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { InvitationsService, PasswordsService, SessionsService, type Client } from '@coop/auth';
import { Access } from '../common/access.decorator';
import type { GuardedRequest } from '../common/access.guard';
import {
  AcceptedInvitationDto,
  AcceptInvitationDto,
  LoginDto,
  PasswordResetConfirmDto,
  PasswordResetRequestDto,
  RefreshDto,
  TokenPairDto,
} from './dto/auth.dto';

const client = (req: GuardedRequest): Client => ({ ip: req.ip ?? null, userAgent: req.header('user-agent') ?? null });

/** Signing in and out, refreshing, resetting a password, accepting an invitation. Rate-limited per client address. */
@ApiTags('auth')
@Controller('api')
@UseGuards(ThrottlerGuard)
export class AuthController {
  constructor(
    private readonly sessions: SessionsService,
    private readonly passwords: PasswordsService,
    private readonly invitations: InvitationsService,
  ) {}

  @Post('auth/login')
  @HttpCode(200)
  @Access.public()
  @ApiOkResponse({ type: TokenPairDto })
  login(@Body() dto: LoginDto, @Req() req: GuardedRequest): Promise<TokenPairDto> {
    return this.sessions.login(dto, client(req));
  }

  @Post('auth/refresh')
  @HttpCode(200)
  @Access.public()
  @ApiOkResponse({ type: TokenPairDto })
  refresh(@Body() dto: RefreshDto, @Req() req: GuardedRequest): Promise<TokenPairDto> {
    return this.sessions.refresh(dto.refreshToken, client(req));
  }

  /** Ends this session (its refresh token and the access tokens it issued). */
  @Post('auth/logout')
  @HttpCode(204)
  @Access.authenticated()
  async logout(@Req() req: GuardedRequest): Promise<void> {
    if (req.sessionFamilyId) await this.sessions.logout(req.sessionFamilyId);
  }

  /** Always 202, whether the email has an account or not; when it has, a link is mailed. */
  @Post('auth/password-reset')
  @HttpCode(202)
  @Access.public()
  async requestPasswordReset(@Body() dto: PasswordResetRequestDto): Promise<{ accepted: true }> {
    await this.passwords.requestReset(dto.email);
    return { accepted: true };
  }

  @Post('auth/password-reset/confirm')
  @HttpCode(204)
  @Access.public()
  async confirmPasswordReset(@Body() dto: PasswordResetConfirmDto): Promise<void> {
    await this.passwords.confirmReset(dto);
  }

  @Post('invitations/accept')
  @HttpCode(200)
  @Access.public()
  @ApiOkResponse({ type: AcceptedInvitationDto })
  acceptInvitation(@Body() dto: AcceptInvitationDto): Promise<AcceptedInvitationDto> {
    return this.invitations.accept(dto);
  }
}
