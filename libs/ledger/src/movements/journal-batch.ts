import { DomainError } from '@coop/core';
import {
  applyToHolding,
  applyToTotals,
  EMPTY_HOLDING,
  type CooperativeSettings,
  type Holding,
  type LedgerContext,
  type MemberSnapshot,
  type MovementEffect,
  type ShareClassSnapshot,
} from '../rules';

/** What the rules of one movement see, read under the cooperative's journal lock. */
export interface LockedSnapshot {
  totals: LedgerContext['totals'];
  members: Map<string, MemberSnapshot>;
  /** The holdings of the movement's members in the movement's share class. */
  holdings: Map<string, Holding>;
  alreadyReversed: boolean;
}

export type MovementPlan = (ctx: LedgerContext, snapshot: LockedSnapshot, shareClass: ShareClassSnapshot) => MovementEffect;

export interface JournalJob {
  memberIds: { id: string; field: string }[];
  shareClassId: string;
  /** null: no such class in this cooperative. */
  shareClass: ShareClassSnapshot | null;
  settings: CooperativeSettings;
  plan: MovementPlan;
}

/** The journal's state under the lock: totals, the members involved, their holdings per `${memberId}:${shareClassId}`. */
export interface JournalState {
  totals: LedgerContext['totals'];
  members: Map<string, MemberSnapshot>;
  holdings: Map<string, Holding>;
}

export const holdingKey = (memberId: string, shareClassId: string) => `${memberId}:${shareClassId}`;

/**
 * Decides a batch of movements in order, each against the state the previous ones left, exactly as if they had been
 * recorded one after the other: the journal's lock is taken once for the batch instead of once per movement.
 * A refused movement leaves the state untouched. Pure: the caller reads the state and writes the accepted effects.
 */
export function planJournalBatch(state: JournalState, jobs: JournalJob[]): ({ effect: MovementEffect } | { refusal: DomainError })[] {
  let totals = state.totals;
  const holdings = new Map(state.holdings);
  const isPublicBody = (id: string) => state.members.get(id)?.categoryKind === 'PUBLIC_BODY';
  return jobs.map((job) => {
    try {
      if (!job.shareClass) throw new DomainError('SHARE_CLASS_NOT_FOUND', `share class ${job.shareClassId} does not exist in this cooperative`, 'shareClassId');
      const shareClass = job.shareClass;
      for (const { id, field } of job.memberIds) {
        if (!state.members.has(id)) throw new DomainError('MEMBER_NOT_FOUND', `member ${id} does not exist in this cooperative`, field);
      }
      const own = new Map<string, Holding>();
      for (const { id } of job.memberIds) {
        const h = holdings.get(holdingKey(id, shareClass.id));
        if (h) own.set(id, h);
      }
      const effect = job.plan({ settings: job.settings, totals }, { totals, members: state.members, holdings: own, alreadyReversed: false }, shareClass);
      totals = applyToTotals(totals, effect, isPublicBody);
      const memberKey = holdingKey(effect.memberId, effect.shareClassId);
      holdings.set(memberKey, applyToHolding(holdings.get(memberKey) ?? EMPTY_HOLDING, effect, 1));
      if (effect.counterpartyMemberId) {
        const key = holdingKey(effect.counterpartyMemberId, effect.shareClassId);
        holdings.set(key, applyToHolding(holdings.get(key) ?? EMPTY_HOLDING, effect, -1));
      }
      return { effect };
    } catch (e) {
      if (e instanceof DomainError) return { refusal: e };
      throw e;
    }
  });
}
