import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError, type CooperativeRole } from '@coop/core';
import { inTransaction } from '@coop/database';
import { PasswordHasher } from '../passwords/password-hasher';
import { checkPasswordPolicy } from '../passwords/password-policy';
import { AccountsRepository } from './accounts.repository';
import { AuthCache, changingAccess } from './auth-cache';

/**
 * Accounts made by the service itself: the first operator (`npm run cli -- create-operator`) and the demo's accounts.
 * People otherwise join by invitation.
 */
@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly accounts: AccountsRepository,
    private readonly hasher: PasswordHasher,
    private readonly cache: AuthCache,
  ) {}

  /** Creates the account, or sets the password of an existing one; returns its id. */
  async ensureUser(input: { email: string; password: string; displayName?: string; operator?: boolean }): Promise<string> {
    checkPasswordPolicy(input.password, input.email);
    const hash = await this.hasher.hash(input.password);
    return changingAccess(this.cache, () =>
      inTransaction(this.db, async (q) => {
        const existing = await this.accounts.findByEmail(input.email, q.manager);
        const id = existing?.id ?? (await this.accounts.create(q.manager, { email: input.email, passwordHash: hash, displayName: input.displayName }));
        if (existing) await this.accounts.setPassword(q.manager, id, hash);
        if (input.operator) await this.accounts.setOperator(q.manager, id);
        return id;
      }),
    );
  }

  async grantRole(input: { userId: string; cooperativeId: string; role: CooperativeRole; memberId?: string | null; grantedBy: string }): Promise<void> {
    await changingAccess(this.cache, () =>
      inTransaction(this.db, async (q) => {
        if (!(await this.accounts.findById(input.userId, q.manager))) throw new DomainError('USER_NOT_FOUND', `user ${input.userId} does not exist`, 'userId');
        await this.accounts.grant(q.manager, { ...input, memberId: input.memberId ?? null });
      }),
    );
  }
}
