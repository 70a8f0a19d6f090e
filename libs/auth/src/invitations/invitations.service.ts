import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainError, ROLE_RANK, type Actor, type CooperativeContext, type CooperativeRole } from '@coop/core';
import { inTransaction } from '@coop/database';
import { invitationMail, type Mailer } from '@coop/mail';
import { AccountsRepository } from '../accounts/accounts.repository';
import { AuthCache, changingAccess } from '../accounts/auth-cache';
import { AUTH_OPTIONS, MAILER, type AuthOptions } from '../auth-options';
import { PasswordHasher } from '../passwords/password-hasher';
import { checkPasswordPolicy } from '../passwords/password-policy';
import { hashOpaqueToken, newOpaqueToken, TOKEN_PREFIX } from '../tokens/opaque-token';

export interface InvitationView {
  id: string;
  email: string;
  role: CooperativeRole;
  memberId: string | null;
  invitedBy: string;
  createdAt: string;
  expiresAt: string;
  status: 'PENDING' | 'ACCEPTED' | 'REVOKED' | 'EXPIRED';
}

interface InvitationRow {
  id: string;
  cooperative_id: string;
  email: string;
  role: CooperativeRole;
  member_id: string | null;
  invited_by: string;
  created_at: Date;
  expires_at: Date;
  accepted_at: Date | null;
  revoked_at: Date | null;
}

const view = (r: InvitationRow): InvitationView => ({
  id: r.id,
  email: r.email,
  role: r.role,
  memberId: r.member_id,
  invitedBy: r.invited_by,
  createdAt: r.created_at.toISOString(),
  expiresAt: r.expires_at.toISOString(),
  status: r.accepted_at ? 'ACCEPTED' : r.revoked_at ? 'REVOKED' : r.expires_at <= new Date() ? 'EXPIRED' : 'PENDING',
});

/**
 * People join a cooperative by invitation: an admin names a role (and, for a member, the member record, whose email on
 * record receives the link); accepting binds the account, new or existing, to that role and record.
 */
@Injectable()
export class InvitationsService {
  private readonly log = new Logger('accounts');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(AUTH_OPTIONS) private readonly options: AuthOptions,
    @Inject(MAILER) private readonly mailer: Mailer,
    private readonly accounts: AccountsRepository,
    private readonly hasher: PasswordHasher,
    private readonly cache: AuthCache,
  ) {}

  async invite(ctx: CooperativeContext, input: { role: CooperativeRole; email?: string; memberId?: string }): Promise<InvitationView> {
    const { token, hash } = newOpaqueToken(TOKEN_PREFIX.invitation);
    const { invitation, cooperativeName } = await inTransaction(this.db, async (q) => {
      const [coop] = await q.query('SELECT name FROM cooperative WHERE id = $1', [ctx.cooperativeId]);
      let email = input.email?.trim() ?? null;
      if (input.memberId) {
        const [member] = await q.query('SELECT email FROM member WHERE id = $1 AND cooperative_id = $2', [input.memberId, ctx.cooperativeId]);
        if (!member) throw new DomainError('MEMBER_NOT_FOUND', `member ${input.memberId} does not exist in this cooperative`, 'memberId');
        if (input.role === 'member') {
          if (!member.email) throw new DomainError('VALIDATION_FAILED', 'this member has no email on record: add one first', 'memberId');
          email = member.email;
        }
      } else if (input.role === 'member') {
        throw new DomainError('VALIDATION_FAILED', 'a member invitation names the member record (memberId)', 'memberId');
      }
      if (!email) throw new DomainError('VALIDATION_FAILED', 'an email is required', 'email');
      const row = await this.insert(q.manager, {
        cooperativeId: ctx.cooperativeId,
        email,
        role: input.role,
        memberId: input.memberId ?? null,
        hash,
        invitedBy: ctx.actor.label,
      });
      return { invitation: row, cooperativeName: coop.name as string };
    });
    this.send(invitation, cooperativeName, ctx.actor.label, token);
    return view(invitation);
  }

  /**
   * A new cooperative's first admin, inside the transaction that creates it: the operator creating it when no email is
   * given; the account of that email, at once; or an invitation mailed to it (sent by `afterCommit`).
   */
  async firstAdmin(em: EntityManager, actor: Actor, cooperativeId: string, email?: string): Promise<{ afterCommit: () => void }> {
    const nothing = { afterCommit: () => this.cache.invalidate() };
    const existing = email ? await this.accounts.findByEmail(email, em) : null;
    const userId = email ? existing?.id : actor.userId;
    if (userId) {
      await this.accounts.grant(em, { userId, cooperativeId, role: 'admin', memberId: null, grantedBy: `${actor.label} (first admin)` });
      return nothing;
    }
    if (!email) return nothing; // the service itself (the demo) creates it: its admins come by invitation or the demo accounts
    const { token, hash } = newOpaqueToken(TOKEN_PREFIX.invitation);
    const row = await this.insert(em, { cooperativeId, email: email.trim(), role: 'admin', memberId: null, hash, invitedBy: actor.label });
    const [coop] = await em.query('SELECT name FROM cooperative WHERE id = $1', [cooperativeId]);
    return { afterCommit: () => this.send(row, coop.name, actor.label, token) }; // no role yet: nothing to forget
  }

  private async insert(
    em: EntityManager,
    i: { cooperativeId: string; email: string; role: CooperativeRole; memberId: string | null; hash: string; invitedBy: string },
  ): Promise<InvitationRow> {
    const [row] = (await em.query(
      `INSERT INTO invitation (id, cooperative_id, email, role, member_id, token_hash, invited_by, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, now() + make_interval(days => $8)) RETURNING *`,
      [randomUUID(), i.cooperativeId, i.email, i.role, i.memberId, i.hash, i.invitedBy, this.options.invitationTtlDays],
    )) as InvitationRow[];
    return row;
  }

  private send(invitation: InvitationRow, cooperativeName: string, inviterName: string, token: string): void {
    const link = `${this.options.publicUrl}/accept-invitation?token=${encodeURIComponent(token)}`;
    const mail = invitationMail({ to: invitation.email, cooperativeName, role: invitation.role, inviterName, link, expiresAt: invitation.expires_at });
    this.mailer.send(mail).catch((e: Error) => this.log.error({ message: 'invitation mail not sent', invitationId: invitation.id, error: e.message }));
  }

  async list(ctx: CooperativeContext): Promise<InvitationView[]> {
    const rows: InvitationRow[] = await this.db.query('SELECT * FROM invitation WHERE cooperative_id = $1 ORDER BY created_at DESC', [ctx.cooperativeId]);
    return rows.map(view);
  }

  async revoke(ctx: CooperativeContext, invitationId: string): Promise<InvitationView> {
    // An UPDATE answers [rows, count] through TypeORM.
    const [rows]: [InvitationRow[], number] = await this.db.query(
      'UPDATE invitation SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 AND cooperative_id = $2 AND accepted_at IS NULL RETURNING *',
      [invitationId, ctx.cooperativeId],
    );
    if (!rows.length) throw new DomainError('INVITATION_NOT_FOUND', `no pending invitation ${invitationId} in this cooperative`, 'invitationId');
    return view(rows[0]);
  }

  /**
   * A new account sets its password here; an existing account (the same email) proves itself with its password. The
   * role is granted, or raised, never lowered; a member invitation binds the member record.
   */
  async accept(input: { token: string; password: string; displayName?: string }): Promise<{ userId: string; cooperativeId: string; role: CooperativeRole }> {
    const invitation = await inTransaction(this.db, async (q) => {
      const [row] = (await q.query(
        'SELECT * FROM invitation WHERE token_hash = $1 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > now() FOR UPDATE',
        [hashOpaqueToken(input.token)],
      )) as InvitationRow[];
      if (!row) throw new DomainError('LINK_INVALID', 'this invitation is not valid, was already accepted, revoked, or has expired', 'token');
      return row;
    });
    const existing = await this.accounts.findByEmail(invitation.email);
    if (existing && !(await this.hasher.verify(existing.password_hash, input.password))) {
      throw new DomainError('INVALID_CREDENTIALS', 'an account with this email exists: give its password to accept', 'password');
    }
    if (!existing) checkPasswordPolicy(input.password, invitation.email);
    const passwordHash = existing ? null : await this.hasher.hash(input.password);
    return changingAccess(this.cache, () =>
      inTransaction(this.db, async (q) => {
        const [spent]: [{ id: string }[], number] = await q.query(
          'UPDATE invitation SET accepted_at = now() WHERE id = $1 AND accepted_at IS NULL AND revoked_at IS NULL RETURNING id',
          [invitation.id],
        );
        if (!spent.length) throw new DomainError('LINK_INVALID', 'this invitation was already accepted or revoked', 'token');
        const userId =
          existing?.id ?? (await this.accounts.create(q.manager, { email: invitation.email, passwordHash, displayName: input.displayName?.trim() || null }));
        await q.query('UPDATE invitation SET accepted_by = $2 WHERE id = $1', [invitation.id, userId]);
        const current = await this.accounts.roleIn(q.manager, userId, invitation.cooperative_id);
        const role = current && ROLE_RANK[current.role] > ROLE_RANK[invitation.role] ? current.role : invitation.role;
        if (invitation.member_id) {
          const [bound] = await q.query('SELECT user_id FROM user_role WHERE member_id = $1 AND user_id <> $2', [invitation.member_id, userId]);
          if (bound) throw new DomainError('ROLE_ALREADY_GRANTED', 'this member record is already bound to another account', 'token');
        }
        await this.accounts.grant(q.manager, {
          userId,
          cooperativeId: invitation.cooperative_id,
          role,
          memberId: invitation.member_id ?? current?.member_id ?? null,
          grantedBy: `invitation by ${invitation.invited_by}`,
        });
        return { userId, cooperativeId: invitation.cooperative_id, role };
      }),
    );
  }
}
