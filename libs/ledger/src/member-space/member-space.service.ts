import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError, Money, type CooperativeContext } from '@coop/core';
import type { CalendarDate } from '@coop/core';
import { MembersService, type UpdateMemberInput } from '../members/members.service';
import { MovementsService, type MovementFilter } from '../movements/movements.service';
import type { MovementView } from '../movements/movement.view';
import { amount } from '../shared/views';

/** What a member may change of their own record: how to reach them. Names, category and college stay the admins'. */
export const SELF_EDITABLE_FIELDS = ['email', 'phone', 'street', 'postalCode', 'city', 'country', 'language'] as const;
export type ProfileInput = Partial<Pick<UpdateMemberInput, (typeof SELF_EDITABLE_FIELDS)[number]>>;

/**
 * A member's own space (`/api/me/cooperatives/:cooperativeId/…`): their record, shares, history and data, always the
 * record their account is bound to, never one named in the request.
 */
@Injectable()
export class MemberSpaceService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly members: MembersService,
    private readonly journal: MovementsService,
  ) {}

  profile(ctx: CooperativeContext) {
    return this.members.get(ctx, ownMember(ctx));
  }

  /** Contact changes flow to Odoo by the member sync's outbox, as an admin's would. */
  updateProfile(ctx: CooperativeContext, input: ProfileInput) {
    const change = Object.fromEntries(SELF_EDITABLE_FIELDS.filter((f) => input[f] !== undefined).map((f) => [f, input[f]])) as ProfileInput;
    return this.members.update(ctx, ownMember(ctx), change);
  }

  /** Shares per class (subscribed, paid, unpaid) and what remains to pay by due date. */
  async holdings(ctx: CooperativeContext, asOf?: CalendarDate) {
    const memberId = ownMember(ctx);
    const holdings = await this.members.holdings(ctx, memberId, asOf);
    const dues: { code: string; due_date: string; unpaid: string }[] = await this.db.query(
      `SELECT s.code, d.due_date::text AS due_date, d.unpaid::text AS unpaid FROM holding_due d JOIN share_class s ON s.id = d.share_class_id
        WHERE d.cooperative_id = $1 AND d.member_id = $2 AND d.unpaid > 0 AND d.due_date > '-infinity' ORDER BY d.due_date, s.code`,
      [ctx.cooperativeId, memberId],
    );
    return { ...holdings, unpaidByDueDate: dues.map((d) => ({ classCode: d.code, dueDate: d.due_date, unpaid: amount(new Money(d.unpaid)) })) };
  }

  movements(ctx: CooperativeContext, filter: Omit<MovementFilter, 'memberId'>) {
    return this.journal.list(ctx, { ...filter, memberId: ownMember(ctx) });
  }

  /** Everything the cooperative holds about the member, in one JSON document (GDPR art. 15 and 20). */
  async export(ctx: CooperativeContext) {
    const [cooperative] = await this.db.query('SELECT id, name, registration_number AS "registrationNumber" FROM cooperative WHERE id = $1', [
      ctx.cooperativeId,
    ]);
    const movements: MovementView[] = [];
    for (let cursor: string | undefined, page; (page = await this.movements(ctx, { limit: 500, cursor })); cursor = page.nextCursor) {
      movements.push(...page.items);
      if (!page.nextCursor) break;
    }
    const account = ctx.actor.userId
      ? ((await this.db.query('SELECT email, display_name AS "displayName", language FROM app_user WHERE id = $1', [ctx.actor.userId]))[0] ?? null)
      : null;
    return { exportedAt: new Date().toISOString(), cooperative, account, member: await this.profile(ctx), holdings: await this.holdings(ctx), movements };
  }
}

/** The member record bound to the account here; none (an admin who is not a member) is a 404. */
export function ownMember(ctx: CooperativeContext): string {
  if (!ctx.memberId) throw new DomainError('MEMBER_NOT_FOUND', 'no member record is bound to your account in this cooperative', 'memberId');
  return ctx.memberId;
}
