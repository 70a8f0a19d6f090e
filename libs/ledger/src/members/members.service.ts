import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainError, checkCountryCode, checkLanguageCode, requireMemberAccess, today, type CalendarDate, type CooperativeContext } from '@coop/core';
import { CooperativeEntity, MemberEntity, inTransaction, runOutsideTenant } from '@coop/database';
import type { ExitReason, PersonType } from '../rules';
import { claimIdempotencyKey, saveIdempotentResponse, type IdempotencyClaim } from '../idempotency/idempotency';
import { lockJournal } from '../shared/journal-lock';
import { decodeCursor, encodeCursor, type Page } from '../shared/views';
import { holdingsView, memberView, type HoldingRow, type MemberView } from './member.view';
import { applyMemberSearch } from './member-search';

export interface ContactInput {
  firstName?: string | null;
  lastName?: string | null;
  companyName?: string | null;
  email?: string | null;
  phone?: string | null;
  street?: string | null;
  postalCode?: string | null;
  city?: string | null;
  country?: string | null;
  language?: string | null;
}

export interface CreateMemberInput extends ContactInput {
  personType: PersonType;
  categoryId: string;
  collegeId?: string | null;
  appliedOn?: CalendarDate;
}

export interface UpdateMemberInput extends ContactInput {
  categoryId?: string;
  collegeId?: string | null;
}

export interface AdmissionInput {
  decisionRef: string;
  decisionDate: CalendarDate;
  effectiveDate: CalendarDate;
}

export interface ExitInput {
  reason: ExitReason;
  decisionRef?: string;
  decisionDate?: CalendarDate;
  effectiveDate: CalendarDate;
}

export interface MemberFilter {
  /** a name fragment, an email or a member number (member-search.ts) */
  q?: string;
  status?: string;
  categoryId?: string;
  collegeId?: string;
  limit: number;
  cursor?: string;
}

const LIST_ORDER_NULL_NUMBER = 2147483647;

@Injectable()
export class MembersService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async create(ctx: CooperativeContext, input: CreateMemberInput, idempotency?: IdempotencyClaim): Promise<MemberView> {
    const { cooperativeId } = ctx;
    const id = randomUUID();
    return inTransaction(this.db, async (q) => {
      // the cooperative first: a key cannot be stored for one that does not exist (its foreign key would answer a 409)
      const coop = await this.cooperative(q.manager, cooperativeId);
      const replayOf = await claimIdempotencyKey(q, cooperativeId, idempotency, 'member', id);
      if (replayOf) return (replayOf.response as MemberView | null) ?? memberView(await this.getEntity(q.manager, cooperativeId, replayOf.resourceId));
      await this.checkClassification(q.manager, coop, input.categoryId, input.collegeId ?? null);
      assertPersonFields(input.personType, input);
      await q.manager.getRepository(MemberEntity).insert({
        id,
        cooperativeId,
        personType: input.personType,
        ...contactFields(input),
        categoryId: input.categoryId,
        collegeId: input.collegeId ?? null,
        status: 'CANDIDATE',
        appliedOn: input.appliedOn ?? today(),
      });
      const created = memberView(await this.getEntity(q.manager, cooperativeId, id));
      await saveIdempotentResponse(q, cooperativeId, idempotency, created);
      return created;
    });
  }

  async get(ctx: CooperativeContext, memberId: string): Promise<MemberView> {
    requireMemberAccess(ctx, memberId);
    return memberView(await this.getEntity(this.db.manager, ctx.cooperativeId, memberId));
  }

  async list(ctx: CooperativeContext, filter: MemberFilter): Promise<Page<MemberView>> {
    const { cooperativeId } = ctx;
    await this.cooperative(this.db.manager, cooperativeId);
    const after = decodeCursor(filter.cursor, 1);
    const qb = this.db
      .getRepository(MemberEntity)
      .createQueryBuilder('m')
      .where('m.cooperative_id = :cooperativeId', { cooperativeId })
      .orderBy(`COALESCE(m.member_number, ${LIST_ORDER_NULL_NUMBER})`)
      .addOrderBy('m.id')
      .limit(filter.limit + 1);
    if (filter.status) qb.andWhere('m.status = :status', { status: filter.status });
    if (filter.categoryId) qb.andWhere('m.category_id = :categoryId', { categoryId: filter.categoryId });
    if (filter.collegeId) qb.andWhere('m.college_id = :collegeId', { collegeId: filter.collegeId });
    const search = applyMemberSearch(qb, 'm', filter.q);
    if (after) qb.andWhere(`(COALESCE(m.member_number, ${LIST_ORDER_NULL_NUMBER}), m.id) > (:n, :id)`, { n: after[0], id: after[1] });
    // a text search reads as the service (member-search.ts: its index is not usable under row-level security); the
    // query's first condition is the cooperative
    const rows = search === 'text' ? await runOutsideTenant(() => qb.getMany()) : await qb.getMany();
    const items = rows.slice(0, filter.limit);
    const last = items[items.length - 1];
    return {
      items: items.map(memberView),
      nextCursor: rows.length > filter.limit && last ? encodeCursor([last.memberNumber ?? LIST_ORDER_NULL_NUMBER, last.id]) : null,
    };
  }

  async update(ctx: CooperativeContext, memberId: string, input: UpdateMemberInput): Promise<MemberView> {
    const { cooperativeId } = ctx;
    await inTransaction(this.db, async (q) => {
      const member = await this.getEntity(q.manager, cooperativeId, memberId, true);
      if (member.status === 'CLOSED') throw new DomainError('MEMBER_STATUS_INVALID', 'a closed member cannot be changed', 'memberId');
      const coop = await this.cooperative(q.manager, cooperativeId);
      const categoryId = input.categoryId ?? member.categoryId;
      const collegeId = input.collegeId === undefined ? member.collegeId : input.collegeId;
      if (input.categoryId && input.categoryId !== member.categoryId) {
        // The public-body share of capital is computed from categories: moving a shareholder in or out of that kind would rewrite it.
        const [{ kinds, shares }] = await q.query(
          `SELECT array_agg(DISTINCT kind) AS kinds, (SELECT coalesce(sum(shares), 0)::int FROM holding WHERE member_id = $3) AS shares
           FROM category WHERE cooperative_id = $1 AND id IN ($2, $4)`,
          [cooperativeId, input.categoryId, memberId, member.categoryId],
        );
        if (shares > 0 && (kinds as string[]).includes('PUBLIC_BODY') && (kinds as string[]).length > 1) {
          throw new DomainError('MEMBER_STATUS_INVALID', 'a member holding shares cannot move in or out of a public-body category', 'categoryId');
        }
      }
      await this.checkClassification(q.manager, coop, categoryId, collegeId);
      const merged = { ...member, ...contactFields({ ...contactFieldsOf(member), ...definedOnly(input) }) };
      assertPersonFields(member.personType as PersonType, merged);
      await q.manager.getRepository(MemberEntity).update({ id: memberId }, { ...contactFields(merged), categoryId, collegeId, updatedAt: new Date() });
    });
    return this.get(ctx, memberId);
  }

  /** Board or AG approval (agrément), then a member number: sequential per cooperative, never reused. */
  async admit(ctx: CooperativeContext, memberId: string, input: AdmissionInput): Promise<MemberView> {
    const { cooperativeId } = ctx;
    await inTransaction(this.db, async (q) => {
      await lockJournal(q, cooperativeId);
      const member = await this.getEntity(q.manager, cooperativeId, memberId, true);
      if (member.status !== 'CANDIDATE') {
        throw new DomainError('MEMBER_STATUS_INVALID', `only a candidate can be admitted; this member is ${member.status.toLowerCase()}`, 'memberId', {
          status: member.status,
        });
      }
      if (input.decisionDate < member.appliedOn) throw new DomainError('VALIDATION_FAILED', 'the decision cannot precede the application', 'decisionDate');
      if (input.effectiveDate < input.decisionDate)
        throw new DomainError('VALIDATION_FAILED', 'the admission takes effect on or after its decision', 'effectiveDate');
      const coop = await this.cooperative(q.manager, cooperativeId);
      if (coop.usesColleges && !member.collegeId) {
        const [{ count }] = await q.query('SELECT count(*)::int AS count FROM college WHERE cooperative_id = $1', [cooperativeId]);
        if (count > 0) throw new DomainError('COLLEGE_REQUIRED', 'every member belongs to one college: set collegeId before admission', 'collegeId');
      }
      const [[{ last_member_number: number }]] = await q.query(
        'UPDATE cooperative SET last_member_number = last_member_number + 1 WHERE id = $1 RETURNING last_member_number',
        [cooperativeId],
      );
      await q.manager.getRepository(MemberEntity).update(
        { id: memberId },
        {
          status: 'ADMITTED',
          memberNumber: number,
          admissionDecisionRef: input.decisionRef,
          admissionDecisionDate: input.decisionDate,
          admissionEffectiveDate: input.effectiveDate,
          updatedAt: new Date(),
        },
      );
    });
    return this.get(ctx, memberId);
  }

  /** Resignation, exclusion, radiation or death. Shares stay until redeemed; a member with none is closed at once. */
  async exit(ctx: CooperativeContext, memberId: string, input: ExitInput): Promise<MemberView> {
    const { cooperativeId } = ctx;
    await inTransaction(this.db, async (q) => {
      await lockJournal(q, cooperativeId);
      const member = await this.getEntity(q.manager, cooperativeId, memberId, true);
      if (member.status !== 'ADMITTED') {
        throw new DomainError('MEMBER_STATUS_INVALID', `only an admitted member can exit; this member is ${member.status.toLowerCase()}`, 'memberId', {
          status: member.status,
        });
      }
      if (input.effectiveDate < (member.admissionEffectiveDate as string)) {
        throw new DomainError('DATE_BEFORE_ADMISSION', `the exit cannot take effect before the admission (${member.admissionEffectiveDate})`, 'effectiveDate');
      }
      if ((input.reason === 'EXCLUSION' || input.reason === 'RADIATION') && !input.decisionRef) {
        throw new DomainError('APPROVAL_REQUIRED', `an ${input.reason.toLowerCase()} needs the reference of its decision`, 'decisionRef');
      }
      const [{ open }] = await q.query('SELECT (coalesce(sum(shares), 0) > 0 OR coalesce(sum(refund_due), 0) > 0) AS open FROM holding WHERE member_id = $1', [
        memberId,
      ]);
      await q.manager.getRepository(MemberEntity).update(
        { id: memberId },
        {
          status: open ? 'EXITED' : 'CLOSED',
          exitReason: input.reason,
          exitDecisionRef: input.decisionRef ?? null,
          exitDecisionDate: input.decisionDate ?? null,
          exitEffectiveDate: input.effectiveDate,
          closedOn: open ? null : input.effectiveDate,
          updatedAt: new Date(),
        },
      );
    });
    return this.get(ctx, memberId);
  }

  /** A member's shares per class, today or as of a past date (then summed from the journal). */
  async holdings(ctx: CooperativeContext, memberId: string, asOf?: CalendarDate) {
    requireMemberAccess(ctx, memberId);
    const { cooperativeId } = ctx;
    await this.getEntity(this.db.manager, cooperativeId, memberId);
    const date = asOf ?? today();
    const rows: HoldingRow[] =
      date >= today()
        ? await this.db.query(
            `SELECT h.share_class_id, s.code, s.nominal_value, h.shares, h.subscribed, h.paid, h.refund_due
             FROM holding h JOIN share_class s ON s.id = h.share_class_id WHERE h.member_id = $1 ORDER BY s.code`,
            [memberId],
          )
        : await this.db.query(
            `SELECT x.share_class_id, s.code, s.nominal_value, sum(x.shares)::int AS shares, sum(x.subscribed) AS subscribed,
                    sum(x.paid) AS paid, sum(x.refund_due) AS refund_due
             FROM (
               SELECT share_class_id, shares_delta AS shares, subscribed_delta AS subscribed, paid_delta AS paid, refund_due_delta AS refund_due
               FROM movement WHERE cooperative_id = $1 AND member_id = $2 AND effective_date <= $3
               UNION ALL
               SELECT share_class_id, -shares_delta, -subscribed_delta, -paid_delta, 0
               FROM movement WHERE cooperative_id = $1 AND counterparty_member_id = $2 AND effective_date <= $3
             ) x JOIN share_class s ON s.id = x.share_class_id GROUP BY x.share_class_id, s.code, s.nominal_value ORDER BY s.code`,
            [cooperativeId, memberId, date],
          );
    return holdingsView(memberId, date, rows);
  }

  async getEntity(em: EntityManager, cooperativeId: string, memberId: string, lock = false): Promise<MemberEntity> {
    const found = await em
      .getRepository(MemberEntity)
      .findOne({ where: { cooperativeId, id: memberId }, lock: lock ? { mode: 'pessimistic_write' } : undefined });
    if (!found) {
      await this.cooperative(em, cooperativeId); // an unknown cooperative is named as such, as on the other routes
      throw new DomainError('MEMBER_NOT_FOUND', `member ${memberId} does not exist in this cooperative`, 'memberId');
    }
    return found;
  }

  private async cooperative(em: EntityManager, id: string): Promise<CooperativeEntity> {
    const found = await em.getRepository(CooperativeEntity).findOneBy({ id });
    if (!found) throw new DomainError('COOPERATIVE_NOT_FOUND', `cooperative ${id} does not exist`, 'cooperativeId');
    return found;
  }

  private async checkClassification(em: EntityManager, coop: CooperativeEntity, categoryId: string, collegeId: string | null): Promise<void> {
    const [row] = await em.query(
      `SELECT EXISTS (SELECT 1 FROM category WHERE cooperative_id = $1 AND id = $2) AS category,
              ($3::uuid IS NULL OR EXISTS (SELECT 1 FROM college WHERE cooperative_id = $1 AND id = $3)) AS college`,
      [coop.id, categoryId, collegeId],
    );
    if (!row.category) throw new DomainError('CATEGORY_NOT_FOUND', `category ${categoryId} does not exist in this cooperative`, 'categoryId');
    if (collegeId && !coop.usesColleges) throw new DomainError('COLLEGES_NOT_USED', "this cooperative's statutes do not use colleges", 'collegeId');
    if (!row.college) throw new DomainError('COLLEGE_NOT_FOUND', `college ${collegeId} does not exist in this cooperative`, 'collegeId');
  }
}

const CONTACT_KEYS = ['firstName', 'lastName', 'companyName', 'email', 'phone', 'street', 'postalCode', 'city', 'country', 'language'] as const;

/** Codes are stored as Odoo writes them ("FR", "fr_FR") whatever the case they came in; a value stored before the lists were checked stays as it is. */
const CANONICAL: Partial<Record<(typeof CONTACT_KEYS)[number], (v: string) => string>> = {
  country: (v) => checkCountryCode(v).code ?? v.toUpperCase(),
  language: (v) => checkLanguageCode(v).code ?? v,
};

function contactFields(input: ContactInput): Required<{ [K in keyof ContactInput]: string | null }> {
  const out = {} as Record<(typeof CONTACT_KEYS)[number], string | null>;
  for (const k of CONTACT_KEYS) {
    const v = input[k];
    out[k] = typeof v === 'string' && v.trim() !== '' ? (CANONICAL[k]?.(v.trim()) ?? v.trim()) : null;
  }
  return out;
}

function contactFieldsOf(m: MemberEntity): ContactInput {
  return Object.fromEntries(CONTACT_KEYS.map((k) => [k, m[k]]));
}

function definedOnly<T extends object>(input: T): Partial<T> {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function assertPersonFields(personType: PersonType, input: ContactInput): void {
  const has = (v: string | null | undefined) => typeof v === 'string' && v.trim() !== '';
  if (personType === 'NATURAL' && !(has(input.firstName) && has(input.lastName))) {
    throw new DomainError('PERSON_FIELDS_INVALID', 'a natural person needs a first and a last name', has(input.firstName) ? 'lastName' : 'firstName');
  }
  if (personType === 'LEGAL' && !has(input.companyName)) {
    throw new DomainError('PERSON_FIELDS_INVALID', 'a legal person needs a company name', 'companyName');
  }
}
