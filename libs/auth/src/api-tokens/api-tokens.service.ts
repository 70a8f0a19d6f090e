import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { cooperativeContext, DomainError, ROLE_RANK, type Actor, type CooperativeRole } from '@coop/core';
import { inTransaction } from '@coop/database';
import { AuthCache, changingAccess } from '../accounts/auth-cache';
import { newOpaqueToken, TOKEN_PREFIX } from '../tokens/opaque-token';
import { ApiTokensRepository, type ApiTokenRow } from './api-tokens.repository';

export const API_TOKEN_MAX_DAYS = 366;

export interface ApiTokenView {
  id: string;
  name: string;
  cooperativeId: string;
  role: CooperativeRole;
  createdAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const view = (r: ApiTokenRow): ApiTokenView => ({
  id: r.id,
  name: r.name,
  cooperativeId: r.cooperative_id,
  role: r.role,
  createdAt: r.created_at.toISOString(),
  expiresAt: r.expires_at.toISOString(),
  lastUsedAt: r.last_used_at?.toISOString() ?? null,
  revokedAt: r.revoked_at?.toISOString() ?? null,
});

/** API tokens are managed (made, listed, revoked) by a signed-in user: a token, scoped to one cooperative, may not reach its creator's others. */
function signedInUser(actor: Actor): string {
  if (actor.kind !== 'user' || !actor.userId) throw new DomainError('FORBIDDEN', 'API tokens are managed by a signed-in user, not by another token');
  return actor.userId;
}

/** Tokens for scripts: one cooperative, a role no higher than their creator's, shown once, stored hashed, expiring. */
@Injectable()
export class ApiTokensService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tokens: ApiTokensRepository,
    private readonly cache: AuthCache,
  ) {}

  async create(
    actor: Actor,
    input: { cooperativeId: string; role: CooperativeRole; name: string; expiresInDays: number },
  ): Promise<ApiTokenView & { token: string }> {
    const userId = signedInUser(actor);
    const ctx = cooperativeContext(actor, input.cooperativeId, 'cooperative.read'); // 404 where the user has no role
    if (ROLE_RANK[input.role] > ROLE_RANK[ctx.role]) {
      throw new DomainError('ROLE_TOO_HIGH', `a token's role may not be above yours (${ctx.role})`, 'role', { yourRole: ctx.role });
    }
    if (input.expiresInDays < 1 || input.expiresInDays > API_TOKEN_MAX_DAYS) {
      throw new DomainError('VALIDATION_FAILED', `expiresInDays must be from 1 to ${API_TOKEN_MAX_DAYS}`, 'expiresInDays');
    }
    const { token, hash } = newOpaqueToken(TOKEN_PREFIX.apiToken);
    const expiresAt = new Date(Date.now() + input.expiresInDays * 86_400_000);
    const row = await inTransaction(this.db, (q) =>
      this.tokens.insert(q.manager, {
        id: randomUUID(),
        userId,
        cooperativeId: input.cooperativeId,
        role: input.role,
        name: input.name.trim(),
        hash,
        expiresAt,
      }),
    );
    return { ...view(row), token };
  }

  async list(actor: Actor): Promise<ApiTokenView[]> {
    return (await this.tokens.listOfUser(signedInUser(actor))).map(view);
  }

  async revoke(actor: Actor, tokenId: string): Promise<void> {
    if (!(await changingAccess(this.cache, () => this.tokens.revoke(signedInUser(actor), tokenId)))) {
      throw new DomainError('API_TOKEN_NOT_FOUND', `API token ${tokenId} does not exist`, 'tokenId');
    }
  }
}
