import { Body, Controller, Delete, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AccountsRepository, ApiTokensService, PasswordsService, SecondFactorService } from '@coop/auth';
import { DomainError, type Actor } from '@coop/core';
import { Access, CurrentActor } from '../common/access.decorator';
import type { GuardedRequest } from '../common/access.guard';
import { UuidParam } from '../common/params';
import { ChangePasswordDto, CreateApiTokenDto, SecondFactorCodeDto, SecondFactorDisableDto } from './dto/me.dto';

/** The signed-in person's own account: profile and roles, password, second factor, API tokens. */
@ApiTags('me')
@Controller('api/me')
export class MeController {
  constructor(
    private readonly accounts: AccountsRepository,
    private readonly passwords: PasswordsService,
    private readonly secondFactor: SecondFactorService,
    private readonly apiTokens: ApiTokensService,
  ) {}

  @Get()
  @Access.authenticated()
  async me(@CurrentActor() actor: Actor) {
    if (actor.kind === 'api-token') {
      return {
        kind: actor.kind,
        tokenId: actor.tokenId,
        label: actor.label,
        cooperatives: actor.grants.map((g) => ({ cooperativeId: g.cooperativeId, role: g.role })),
      };
    }
    const profile = actor.userId ? await this.accounts.profile(actor.userId) : null;
    if (!profile) throw new DomainError('USER_NOT_FOUND', 'this account no longer exists');
    return { kind: actor.kind, ...profile, signedInWithSecondFactor: actor.secondFactor === true };
  }

  /** Ends every other session of the account. */
  @Post('password')
  @HttpCode(204)
  @Access.authenticated()
  async changePassword(@CurrentActor() actor: Actor, @Req() req: GuardedRequest, @Body() dto: ChangePasswordDto): Promise<void> {
    await this.passwords.change(actor, req.sessionFamilyId ?? null, dto);
  }

  /** A new TOTP secret and its otpauth:// URI for the authenticator app; active once confirmed with a code. */
  @Post('second-factor')
  @Access.authenticated()
  beginSecondFactor(@CurrentActor() actor: Actor) {
    return this.secondFactor.begin(actor);
  }

  /** Turns the second factor on; answers the recovery codes, shown this once. */
  @Post('second-factor/confirmation')
  @HttpCode(200)
  @Access.authenticated()
  confirmSecondFactor(@CurrentActor() actor: Actor, @Body() dto: SecondFactorCodeDto) {
    return this.secondFactor.confirm(actor, dto.code);
  }

  @Post('second-factor/removal')
  @HttpCode(204)
  @Access.authenticated()
  async disableSecondFactor(@CurrentActor() actor: Actor, @Body() dto: SecondFactorDisableDto): Promise<void> {
    await this.secondFactor.disable(actor, dto.password);
  }

  /** The token is in this answer only; it is stored hashed. */
  @Post('api-tokens')
  @Access.authenticated()
  createApiToken(@CurrentActor() actor: Actor, @Body() dto: CreateApiTokenDto) {
    return this.apiTokens.create(actor, { ...dto, cooperativeId: dto.cooperativeId.toLowerCase() });
  }

  @Get('api-tokens')
  @Access.authenticated()
  listApiTokens(@CurrentActor() actor: Actor) {
    return this.apiTokens.list(actor);
  }

  @Delete('api-tokens/:tokenId')
  @HttpCode(204)
  @Access.authenticated()
  async revokeApiToken(@CurrentActor() actor: Actor, @UuidParam('tokenId') tokenId: string): Promise<void> {
    await this.apiTokens.revoke(actor, tokenId);
  }
}
