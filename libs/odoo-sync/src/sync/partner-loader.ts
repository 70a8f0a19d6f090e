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

/** The row a message of `load` blames (0-based, in the rows sent), if it names one. */
const rowOf = (m: OdooLoadMessage): number | undefined => m.record ?? m.rows?.from;

/**
 * Creates or updates the partners of a batch in ONE `res.partner.load` call: each row's external id makes it create the
 * partner and its binding in the same Odoo transaction, or update the bound partner in place. `load` is all or nothing;
 * when Odoo refuses rows it names them (`messages`), so they are set aside and the others sent again (one more call);
 * when it refuses the call without naming a row, the batch is halved until the refused record stands alone.
 * Every row carries its external id, so sending a row twice updates the same partner: the call is idempotent.
 */
export async function loadPartners(gw: OdooGateway, columns: readonly string[], items: readonly LoadItem[]): Promise<LoadOutcome[]> {
  if (!items.length) return [];
  let answer;
  try {
    answer = await gw.load('res.partner', columns, items.map((i) => i.cells), { context: QUIET_CONTEXT, idempotent: true });
  } catch (e) {
    if (isRunLevel(e)) throw e;
    const error = e as OdooError;
    return bisect(gw, columns, items, { kind: error.kind, message: error.message });
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
  if (reasons.size === 0) {
    const summary = answer.messages.map((m) => m.message).join('; ');
    return bisect(gw, columns, items, { kind: 'VALIDATION', message: `Odoo refused the batch without naming a row: ${summary}` });
  }
  const refused: LoadOutcome[] = [...reasons].map(([row, messages]) => ({
    memberId: items[row].memberId,
    error: { kind: 'VALIDATION', message: `Odoo refused the partner: ${messages.join('; ')}` },
  }));
  return [...refused, ...(await loadPartners(gw, columns, items.filter((_, k) => !reasons.has(k))))];
}

async function bisect(gw: OdooGateway, columns: readonly string[], items: readonly LoadItem[], error: SyncError): Promise<LoadOutcome[]> {
  if (items.length === 1) return [{ memberId: items[0].memberId, error }];
  const half = Math.ceil(items.length / 2);
  return [...(await loadPartners(gw, columns, items.slice(0, half))), ...(await loadPartners(gw, columns, items.slice(half)))];
}
