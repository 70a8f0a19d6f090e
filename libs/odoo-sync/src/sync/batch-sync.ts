/**
 * One batch of a run: planned (each member decided, pure CPU, while Odoo works on the previous batch) and applied (a
 * rare re-binding, then one `res.partner.load`). The run's figures are counted here.
 */
import { OdooError } from '@coop/odoo';
import type { OdooReferenceData, PartnerTarget } from '../mapping/partner-mapping';
import type { MeteredGateway } from './metered-gateway';
import { bindExternalIds, isRunLevel } from './odoo-lookups';
import { loadPartners, type LoadBehaviour } from './partner-loader';
import { decide, type MemberRow, type OdooBindings } from './sync-plan';
import type { Outcome } from './sync.repository';

export interface SyncStats {
  /** Members with a pending change. */
  pending: number;
  /** Members without a pending change whose partner was gone or unbound in Odoo, repaired by this run. */
  repaired: number;
  processed: number;
  created: number;
  updated: number;
  /** Partners deleted in Odoo and created again. */
  recreated: number;
  unchanged: number;
  /** Candidates: not contacts yet. */
  skipped: number;
  failed: number;
  dead: number;
  /** Members written without a country or language Odoo does not have. */
  warnings: number;
  calls: number;
  /** Time at least one Odoo call was in flight, and the rest of the run (the ledger's own work not hidden behind it). */
  odooMs: number;
  outsideOdooMs: number;
}

export const emptyStats = (): SyncStats => ({
  pending: 0,
  repaired: 0,
  processed: 0,
  created: 0,
  updated: 0,
  recreated: 0,
  unchanged: 0,
  skipped: 0,
  failed: 0,
  dead: 0,
  warnings: 0,
  calls: 0,
  odooMs: 0,
  outsideOdooMs: 0,
});

/** Members mapped between two yields to the event loop while a batch is planned. */
const PLAN_SLICE = 50;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface BatchPlan {
  /** Members decided without a call: skipped, unchanged, or refused before sending. */
  outcomes: Outcome[];
  loads: { m: MemberRow; cells: string[]; hash: string; warnings: Outcome['warnings']; effect: 'create' | 'update' | 'recreate'; rebind?: number }[];
}

/**
 * Decides what each member of a batch needs. Pure CPU work, done while Odoo works on the previous batch: it yields
 * now and then, so that the calls in flight are sent and their answers read meanwhile.
 */
export async function planBatch(
  members: MemberRow[],
  bindings: OdooBindings,
  ref: OdooReferenceData,
  target: PartnerTarget,
  columns: string[],
  stats: SyncStats,
): Promise<BatchPlan> {
  const plan: BatchPlan = { outcomes: [], loads: [] };
  for (let k = 0; k < members.length; k++) {
    if (k % PLAN_SLICE === PLAN_SLICE - 1) await yieldToEventLoop();
    const m = members[k];
    const d = decide(m, bindings, ref, target, columns);
    const base = { memberId: m.id, lastEventId: m.lastEventId };
    if (d.kind === 'skip') {
      stats.skipped++;
      plan.outcomes.push({ ...base, ok: true });
    } else if (d.kind === 'unchanged') {
      stats.unchanged++;
      plan.outcomes.push({ ...base, ok: true, partnerId: d.partnerId, hash: d.hash, warnings: d.warnings });
    } else if (d.kind === 'fail') {
      stats.failed++;
      plan.outcomes.push({ ...base, ok: false, error: d.error });
    } else plan.loads.push({ m, cells: d.cells, hash: d.hash, warnings: d.warnings, effect: d.effect, rebind: d.rebind });
  }
  return plan;
}

/** Sends a planned batch to Odoo (a rare re-binding, then one load) and returns every member's outcome. */
export async function applyBatch(
  gw: MeteredGateway,
  odoo: LoadBehaviour,
  module: string,
  columns: string[],
  plan: BatchPlan,
  stats: SyncStats,
): Promise<Outcome[]> {
  const outcomes = [...plan.outcomes];
  let loads = plan.loads;
  const rebinds = loads.filter((l) => l.rebind !== undefined);
  if (rebinds.length) {
    const refused = await rebind(gw, module, rebinds);
    if (refused) {
      for (const l of rebinds) outcomes.push({ memberId: l.m.id, lastEventId: l.m.lastEventId, ok: false, error: refused });
      stats.failed += rebinds.length;
      loads = loads.filter((l) => l.rebind === undefined);
    }
  }
  const byMember = new Map(loads.map((l) => [l.m.id, l]));
  for (const o of await loadPartners(
    gw,
    columns,
    loads.map((l) => ({ memberId: l.m.id, cells: l.cells })),
    odoo,
  )) {
    const l = byMember.get(o.memberId)!;
    if (o.error) {
      stats.failed++;
      outcomes.push({ memberId: o.memberId, lastEventId: l.m.lastEventId, ok: false, error: o.error });
      continue;
    }
    stats[l.effect === 'create' ? 'created' : l.effect === 'update' ? 'updated' : 'recreated']++;
    if (l.warnings?.length) stats.warnings++;
    outcomes.push({ memberId: o.memberId, lastEventId: l.m.lastEventId, ok: true, partnerId: o.partnerId, hash: l.hash, warnings: l.warnings });
  }
  return outcomes;
}

/** Binds our own recorded partners again (their external ids were deleted by hand); null, or why Odoo refused. */
async function rebind(gw: MeteredGateway, module: string, rebinds: BatchPlan['loads']): Promise<{ kind: string; message: string } | null> {
  try {
    await bindExternalIds(
      gw,
      module,
      rebinds.map((l) => ({ memberId: l.m.id, partnerId: l.rebind as number })),
    );
    return null;
  } catch (e) {
    if (e instanceof OdooError && e.kind === 'ACCESS_DENIED') {
      return {
        kind: e.kind,
        message: `the member's external id was deleted in Odoo; binding its partner again needs the right to create external ids (ir.model.data): ${e.message}`,
      };
    }
    if (isRunLevel(e)) throw e;
    return { kind: (e as OdooError).kind, message: (e as OdooError).message };
  }
}
