import type { OdooError, OdooGateway, OdooLoadMessage } from '@coop/odoo';
import { isRunLevel, QUIET_CONTEXT } from './odoo-lookups';
import type { SyncError } from './sync-plan';

export interface LoadItem {
  memberId: string;
  cells: string[];
}

export interface LoadOutcome {
  memberId: string;
  partnerId?: number;
  error?: SyncError;
}

/** What differs between Odoo versions in `load`'s answers. */
export interface LoadBehaviour {
  /** Odoo 17+: a failed batch's error is also reported as if about the batch's first row (`record: 0`). */
  batchErrorOnFirstRow: boolean;
}

export const loadBehaviour = (majorVersion: number): LoadBehaviour => ({ batchErrorOnFirstRow: majorVersion >= 17 });

/** The row a message of `load` blames (0-based, in the rows sent), if it names one. */
const rowOf = (m: OdooLoadMessage): number | undefined => m.record ?? m.rows?.from;

/**
 * Creates or updates the partners of a batch in ONE `res.partner.load` call: each row's external id makes it create the
 * partner and its binding in the same Odoo transaction, or update the bound partner in place. `load` is all or nothing;
 * when Odoo refuses rows it names them (`messages`), so they are set aside and the others sent again (one more call);
 * when it refuses the call without naming a row, the batch is halved until the refused record stands alone.
 * Every row carries its external id, so sending a row twice updates the same partner: the call is idempotent.
 */
export async function loadPartners(gw: OdooGateway, columns: readonly string[], items: readonly LoadItem[], odoo: LoadBehaviour): Promise<LoadOutcome[]> {
  if (!items.length) return [];
  let answer;
  try {
    answer = await gw.load(
      'res.partner',
      columns,
      items.map((i) => i.cells),
      { context: QUIET_CONTEXT, idempotent: true },
    );
  } catch (e) {
    if (isRunLevel(e)) throw e;
    const error = e as OdooError;
    return bisect(gw, columns, items, { kind: error.kind, message: error.message }, odoo);
  }
  if (answer.ids !== false) {
    const ids = answer.ids;
    return items.map((item, k) => ({ memberId: item.memberId, partnerId: ids[k] }));
  }
  const reasons = new Map<number, string[]>();
  for (const m of answer.messages) {
    const row = m.type === 'error' ? rowOf(m) : undefined;
    if (row !== undefined && row >= 0 && row < items.length) reasons.set(row, [...(reasons.get(row) ?? []), m.message]);
  }
  // Odoo 17+ also reports the failed batch's own error first, as if it were about the batch's first row (unless the
  // same text is some row's own message): with other rows named, row 0 is not known to be refused — send it again.
  if (odoo.batchErrorOnFirstRow && reasons.size > 1) reasons.delete(0);
  if (reasons.size === 0) {
    const summary = answer.messages.map((m) => m.message).join('; ');
    return bisect(gw, columns, items, { kind: 'VALIDATION', message: `Odoo refused the batch without naming a row: ${summary}` }, odoo);
  }
  const refused: LoadOutcome[] = [...reasons].map(([row, messages]) => ({
    memberId: items[row].memberId,
    error: { kind: 'VALIDATION', message: `Odoo refused the partner: ${messages.join('; ')}` },
  }));
  return [
    ...refused,
    ...(await loadPartners(
      gw,
      columns,
      items.filter((_, k) => !reasons.has(k)),
      odoo,
    )),
  ];
}

async function bisect(gw: OdooGateway, columns: readonly string[], items: readonly LoadItem[], error: SyncError, odoo: LoadBehaviour): Promise<LoadOutcome[]> {
  if (items.length === 1) return [{ memberId: items[0].memberId, error }];
  const half = Math.ceil(items.length / 2);
  return [...(await loadPartners(gw, columns, items.slice(0, half), odoo)), ...(await loadPartners(gw, columns, items.slice(half), odoo))];
}
