/**
 * What a run does for each member, decided from the ledger (the member, its recorded state for this target) and from
 * what Odoo holds (its external ids and which of those partners still exist). Pure: no I/O, no framework.
 *
 * The rule that keeps other people's data safe: the sync writes only partners bound to one of its members by an
 * external id of its module — created by the sync itself (`load` creates the partner and its external id together), or
 * bound by an accountant's explicit link. It never looks partners up by `ref`, name or email.
 */
import {
  contentHash,
  isSyncable,
  partnerRow,
  type MemberForSync,
  type OdooReferenceData,
  type PartnerTarget,
  type SyncWarning,
} from '../mapping/partner-mapping';
import { formatCodePoint } from '@coop/core';
import { findXmlIllegalChar } from '@coop/odoo';

/** A member as a run reads it: what Odoo shows of it, its pending change, and its state for the run's target. */
export interface MemberRow extends MemberForSync {
  /** The newest outbox event the run handles for it; null when the member is repaired without a pending change. */
  lastEventId: string | null;
  /** The partner recorded for this member on this target (null: never synced there). */
  odooPartnerId: number | null;
  syncedHash: string | null;
}

/** What Odoo holds for the cooperative's members, read at the start of a run. */
export interface OdooBindings {
  /** member id → the partner its external id points at (absent: no external id in this module). */
  partnerOf: ReadonlyMap<string, number>;
  /** Partners that exist in Odoo (archived included), among those bound or recorded. */
  existing: ReadonlySet<number>;
  /** partner id → how many of our members are bound to it (more than one: partners merged in Odoo). */
  membersPerPartner: ReadonlyMap<number, number>;
}

export interface SyncError {
  kind: string;
  message: string;
}

export type Decision =
  | { kind: 'skip' }
  | { kind: 'unchanged'; partnerId: number; hash: string; warnings: SyncWarning[] }
  | { kind: 'fail'; error: SyncError }
  | {
      kind: 'load';
      cells: string[];
      hash: string;
      warnings: SyncWarning[];
      /** create: a new partner; update: the bound one; recreate: ours was deleted in Odoo, a new one replaces it. */
      effect: 'create' | 'update' | 'recreate';
      /** Our own recorded partner, whose external id was deleted by hand: bind it again before the load. */
      rebind?: number;
    };

/** Decides one member. `columns` are the load's columns for the target (see partnerColumns). */
export function decide(m: MemberRow, bindings: OdooBindings, ref: OdooReferenceData, target: PartnerTarget, columns: readonly string[]): Decision {
  if (!isSyncable(m)) return { kind: 'skip' };
  const { cells, warnings } = partnerRow(m, ref, target);
  const illegal = findXmlIllegalChar(cells);
  if (illegal) {
    const column = columns[Number(/\d+/.exec(illegal.path)?.[0])];
    return {
      kind: 'fail',
      error: {
        kind: 'UNENCODABLE',
        message:
          `the member's ${column} holds the character ${formatCodePoint(illegal.codePoint)}, which XML-RPC cannot carry: ` + 'correct the member in the ledger',
      },
    };
  }
  const hash = contentHash(columns, cells);
  const bound = bindings.partnerOf.get(m.id);
  if (bound !== undefined) {
    // Odoo's merge wizard moves the merged partners' external ids to the survivor: one partner for two members.
    if ((bindings.membersPerPartner.get(bound) ?? 0) > 1) {
      return {
        kind: 'fail',
        error: {
          kind: 'MERGED_PARTNER',
          message: `Odoo partner ${bound} is bound to several members (partners merged in Odoo?): bind each member to its own partner`,
        },
      };
    }
    // A partner deleted by SQL leaves its external id pointing at nothing: load drops it and creates a new partner.
    if (!bindings.existing.has(bound)) return { kind: 'load', cells, hash, warnings, effect: 'recreate' };
    if (bound === m.odooPartnerId && hash === m.syncedHash) return { kind: 'unchanged', partnerId: bound, hash, warnings };
    return { kind: 'load', cells, hash, warnings, effect: 'update' };
  }
  if (m.odooPartnerId !== null) {
    // Synced here before, and the external id is gone: deleted with its partner in Odoo's UI (create it again), or
    // deleted alone by hand while our partner still exists (bind our own partner again rather than duplicate it).
    if (bindings.existing.has(m.odooPartnerId)) return { kind: 'load', cells, hash, warnings, effect: 'update', rebind: m.odooPartnerId };
    return { kind: 'load', cells, hash, warnings, effect: 'recreate' };
  }
  return { kind: 'load', cells, hash, warnings, effect: 'create' };
}

/** A member of the cooperative as the repair check reads it: its recorded state for the target. */
export interface RecordedMember {
  memberId: string;
  odooPartnerId: number | null;
  status: string | null;
}

/**
 * Members with no pending change whose partner Odoo no longer has as we left it: bound to a partner that is gone, or
 * recorded as synced while their external id is gone. A run repairs them (dead letters wait for an accountant).
 */
export function membersToRepair(members: readonly RecordedMember[], pending: ReadonlySet<string>, bindings: OdooBindings): string[] {
  return members
    .filter((m) => {
      if (pending.has(m.memberId) || m.status === 'DEAD') return false;
      const bound = bindings.partnerOf.get(m.memberId);
      if (bound !== undefined) return !bindings.existing.has(bound);
      return m.odooPartnerId !== null;
    })
    .map((m) => m.memberId);
}
