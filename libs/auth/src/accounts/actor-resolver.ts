import { Injectable } from '@nestjs/common';
import { DomainError, ROLE_RANK, type Actor } from '@coop/core';
import { ApiTokensRepository } from '../api-tokens/api-tokens.repository';
import { AccessTokens } from '../tokens/access-tokens';
import { hashOpaqueToken, TOKEN_PREFIX } from '../tokens/opaque-token';
import { AccountsRepository } from './accounts.repository';

/** The actor behind a bearer token: a user's access token (JWT) or a script's API token. */
export interface ResolvedActor {
  actor: Actor;
  /** the session of an access token (logout revokes it) */
  familyId: string | null;
}

@Injectable()
export class ActorResolver {
  constructor(
    private readonly tokens: AccessTokens,
    private readonly accounts: AccountsRepository,
    private readonly apiTokens: ApiTokensRepository,
  ) {}

  async resolve(bearer: string): Promise<ResolvedActor> {
    if (bearer.startsWith(TOKEN_PREFIX.apiToken)) return { actor: await this.apiTokenActor(bearer), familyId: null };
    const claims = await this.tokens.verify(bearer);
    const user = await this.accounts.sessionActor(claims.sub, claims.fam);
    if (!user) throw new DomainError('TOKEN_INVALID', 'this session has ended (signed out, password changed, or revoked): sign in again');
    return {
      actor: { kind: 'user', userId: user.id, tokenId: null, label: user.email, operator: user.is_operator, secondFactor: claims.mfa, grants: user.grants },
      familyId: claims.fam,
    };
  }

  /** A token acts with its own role, never above what its creator holds today; a creator who lost the role takes the token's rights with them. */
  private async apiTokenActor(token: string): Promise<Actor> {
    const row = await this.apiTokens.actor(hashOpaqueToken(token));
    if (!row || !row.user_role) throw new DomainError('TOKEN_INVALID', 'the API token is not valid, expired or revoked');
    if (row.stale) await this.apiTokens.touch(row.id);
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
