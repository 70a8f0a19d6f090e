import { createOdooError } from './odoo-errors';
import type {
  OdooAccessOperation,
  OdooCallOptions,
  OdooContextOptions,
  OdooDomain,
  OdooGateway,
  OdooLoadMessage,
  OdooLoadResult,
  OdooRecord,
  OdooSearchOptions,
  OdooSearchReadOptions,
  OdooServerVersion,
  OdooValues,
} from './odoo-gateway';
import { coerceOdooId, type OdooInputValue } from './odoo-values';

function callOptions(options: OdooCallOptions | undefined): OdooCallOptions {
  if (!options) return {};
  const { timeoutMs, idempotent, attempts, signal } = options;
  return { timeoutMs, idempotent, attempts, signal };
}

function describe(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 120 ? `${text.slice(0, 120)}…` : text;
}

/**
 * The typed helpers, written once over `executeKw`, so that every transport (XML-RPC today, JSON-2 later) shares
 * the same argument shapes and the same checks of Odoo's answers.
 */
export abstract class BaseOdooGateway implements OdooGateway {
  abstract readonly protocol: string;
  abstract readonly uid: number | undefined;
  abstract version(options?: OdooCallOptions): Promise<OdooServerVersion>;
  abstract authenticate(options?: OdooCallOptions): Promise<number>;
  abstract executeKw<T = unknown>(
    model: string,
    method: string,
    args?: readonly OdooInputValue[],
    kwargs?: Readonly<Record<string, OdooInputValue>>,
    options?: OdooCallOptions,
  ): Promise<T>;

  /** An answer of the wrong shape: the server is not the Odoo we expect (status was 200, so not retryable). */
  protected badShape(model: string, method: string, expected: string, got: unknown): never {
    throw createOdooError({ kind: 'BAD_RESPONSE', model, method, service: 'object', detail: `expected ${expected}, got ${describe(got)}`, outcome: 'unknown' });
  }

  async searchRead<T extends OdooRecord = OdooRecord>(model: string, domain: OdooDomain, options: OdooSearchReadOptions): Promise<T[]> {
    const { fields, offset, limit, order, context } = options;
    const result = await this.executeKw<unknown>(model, 'search_read', [domain], { fields, offset, limit, order, context }, callOptions(options));
    if (!Array.isArray(result)) this.badShape(model, 'search_read', 'a list of records', result);
    return result as T[];
  }

  async search(model: string, domain: OdooDomain, options?: OdooSearchOptions): Promise<number[]> {
    const { offset, limit, order, context } = options ?? {};
    const result = await this.executeKw<unknown>(model, 'search', [domain], { offset, limit, order, context }, callOptions(options));
    return this.ids(model, 'search', result);
  }

  async searchCount(model: string, domain: OdooDomain, options?: OdooContextOptions): Promise<number> {
    const result = await this.executeKw<unknown>(model, 'search_count', [domain], { context: options?.context }, callOptions(options));
    if (typeof result !== 'number' || !Number.isInteger(result)) this.badShape(model, 'search_count', 'an integer', result);
    return result;
  }

  async read<T extends OdooRecord = OdooRecord>(model: string, ids: readonly number[], fields: readonly string[], options?: OdooContextOptions): Promise<T[]> {
    if (ids.length === 0) return [];
    const result = await this.executeKw<unknown>(model, 'read', [ids], { fields, context: options?.context }, callOptions(options));
    if (!Array.isArray(result)) this.badShape(model, 'read', 'a list of records', result);
    return result as T[];
  }

  async create(model: string, values: readonly OdooValues[], options?: OdooContextOptions): Promise<number[]> {
    if (values.length === 0) return [];
    const result = await this.executeKw<unknown>(model, 'create', [values], { context: options?.context }, callOptions(options));
    // Odoo 16 and 18 answer a list of ids for a list of dicts (a single int only for a single dict, which we never send).
    const ids = this.ids(model, 'create', typeof result === 'number' ? [result] : result);
    if (ids.length !== values.length) this.badShape(model, 'create', `${values.length} ids`, result);
    return ids;
  }

  async write(model: string, ids: readonly number[], values: OdooValues, options?: OdooContextOptions): Promise<true> {
    if (ids.length === 0) return true;
    const result = await this.executeKw<unknown>(model, 'write', [ids, values], { context: options?.context }, callOptions(options));
    if (result !== true) this.badShape(model, 'write', 'true', result);
    return true;
  }

  async load(model: string, fields: readonly string[], rows: readonly (readonly string[])[], options?: OdooContextOptions): Promise<OdooLoadResult> {
    if (rows.length === 0) return { ids: [], messages: [], nextrow: 0 };
    const result = await this.executeKw<unknown>(model, 'load', [fields, rows], { context: options?.context }, callOptions(options));
    if (result === null || typeof result !== 'object' || Array.isArray(result)) this.badShape(model, 'load', '{ids, messages}', result);
    const r = result as { ids?: unknown; messages?: unknown; nextrow?: unknown };
    if (!Array.isArray(r.messages)) this.badShape(model, 'load', 'a list of messages', result);
    const messages = r.messages.map((m) => loadMessage(m));
    if (r.ids === false) {
      if (!messages.some((m) => m.type === 'error')) this.badShape(model, 'load', 'an error message with ids false', result);
      return { ids: false, messages, nextrow: Number(r.nextrow ?? 0) };
    }
    const ids = this.ids(model, 'load', r.ids);
    if (ids.length !== rows.length) this.badShape(model, 'load', `${rows.length} ids`, result);
    return { ids, messages, nextrow: Number(r.nextrow ?? 0) };
  }

  async checkAccessRights(model: string, operation: OdooAccessOperation, options?: OdooCallOptions): Promise<boolean> {
    const result = await this.executeKw<unknown>(model, 'check_access_rights', [operation], { raise_exception: false }, callOptions(options));
    if (typeof result !== 'boolean') this.badShape(model, 'check_access_rights', 'a boolean', result);
    return result;
  }

  private ids(model: string, method: string, result: unknown): number[] {
    if (!Array.isArray(result)) this.badShape(model, method, 'a list of ids', result);
    try {
      return result.map((id) => coerceOdooId(id));
    } catch {
      return this.badShape(model, method, 'a list of ids', result);
    }
  }
}

/** A message of `load` as Odoo writes it (`type`, `message`, `record`, `rows: {from, to}`, `field`, `field_name`, `moreinfo`), normalised. */
function loadMessage(raw: unknown): OdooLoadMessage {
  const m = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const type = m.type === 'warning' || m.type === 'info' ? m.type : 'error';
  const rows = m.rows && typeof m.rows === 'object' ? (m.rows as Record<string, unknown>) : undefined;
  const out: OdooLoadMessage = { type, message: typeof m.message === 'string' ? m.message : JSON.stringify(raw) };
  if (typeof m.record === 'number') out.record = m.record;
  if (rows && typeof rows.from === 'number' && typeof rows.to === 'number') out.rows = { from: rows.from, to: rows.to };
  if (typeof m.field === 'string') out.field = m.field;
  if (typeof m.field_name === 'string') out.fieldLabel = m.field_name;
  if (typeof m.moreinfo === 'string') out.moreinfo = m.moreinfo;
  return out;
}
