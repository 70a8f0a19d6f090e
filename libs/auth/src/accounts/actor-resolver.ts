import { Injectable } from '@nestjs/common';
import { DomainError, ROLE_RANK, type Actor } from '@coop/core';
import { ApiTokensRepository } from '../api-tokens/api-tokens.repository';
import { AccessTokens } from '../tokens/access-tokens';
import { hashOpaqueToken, TOKEN_PREFIX } from '../tokens/opaque-token';
import { AccountsRepository } from './accounts.repository';
import { AuthCache } from './auth-cache';

/** The actor behind a bearer token: a user's access token (JWT) or a script's API token. */
export interface ResolvedActor {
  actor: Actor;
  /** the session of an access token (logout revokes it) */
  familyId: string | null;
}

@Injectable()
export class ActorResolver {
  /** When this process last wrote each API token's last use: once a minute is enough. */
  private readonly lastUseWritten = new Map<string, number>();

  constructor(
    private readonly tokens: AccessTokens,
    private readonly accounts: AccountsRepository,
    private readonly apiTokens: ApiTokensRepository,
    private readonly cache: AuthCache,
  ) {}

  private async recordUse(tokenId: string): Promise<void> {
    const last = this.lastUseWritten.get(tokenId) ?? 0;
    if (Date.now() - last < 60_000) return;
    if (this.lastUseWritten.size > 10_000) this.lastUseWritten.clear();
    this.lastUseWritten.set(tokenId, Date.now());
    await this.apiTokens.touch(tokenId);
  }

  async resolve(bearer: string): Promise<ResolvedActor> {
    if (bearer.startsWith(TOKEN_PREFIX.apiToken)) return { actor: await this.apiTokenActor(bearer), familyId: null };
    const claims = await this.tokens.verify(bearer);
    const user = await this.cache.get(`session:${claims.sub}:${claims.fam}`, () => this.accounts.sessionActor(claims.sub, claims.fam));
    if (!user) throw new DomainError('TOKEN_INVALID', 'this session has ended (signed out, password changed, or revoked): sign in again');
    return {
      actor: { kind: 'user', userId: user.id, tokenId: null, label: user.email, operator: user.is_operator, secondFactor: claims.mfa, grants: user.grants },
      familyId: claims.fam,
    };
  }

  /** A token acts with its own role, never above what its creator holds today; a creator who lost the role takes the token's rights with them. */
  private async apiTokenActor(token: string): Promise<Actor> {
    const hash = hashOpaqueToken(token);
    const row = await this.cache.get(`api-token:${hash}`, () => this.apiTokens.actor(hash));
    if (!row || !row.user_role || row.expires_at.getTime() <= Date.now())
      throw new DomainError('TOKEN_INVALID', 'the API token is not valid, expired or revoked');
    await this.recordUse(row.id);
    const role = ROLE_RANK[row.token_role] <= ROLE_RANK[row.user_role] ? row.token_role : row.user_role;
    return {
      kind: 'api-token',
      userId: row.user_id,
      tokenId: row.id,
      label: `${row.email} (token ${row.name})`,
      operator: false,
      secondFactor: true, // made by a session that met the cooperative's requirements
      grants: [{ cooperativeId: row.cooperative_id, role, memberId: row.member_id }],
    };
  }
}
