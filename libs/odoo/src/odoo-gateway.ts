/**
 * The one door to Odoo. Callers (the sync engine) depend on this interface only; the XML-RPC implementation is
 * {@link XmlRpcOdooGateway}, and Odoo's JSON-2 API (Odoo 19+, XML-RPC removal planned for Odoo 22) can be added behind
 * the same interface: nothing here names a wire format.
 *
 * Every method either resolves with Odoo's answer or rejects with an {@link OdooError} of a stable `kind`.
 */
import type { OdooInputValue } from './odoo-values';

/** Where and as whom to connect. `secret` is the password or (preferably) an API key; it never appears in errors or logs. */
export interface OdooConnection {
  /** Base URL of the Odoo server, e.g. `https://erp.example.coop` (a trailing `/xmlrpc/2` is tolerated). */
  url: string;
  database: string;
  login: string;
  secret: string;
}

/** `common.version()`, normalised. */
export interface OdooServerVersion {
  /** e.g. `16.0-20221214`, `18.0-20250506`, `saas~17.2+e`. */
  serverVersion: string;
  /** e.g. `[16, 0, 0, 'final', 0, '']`. */
  serverVersionInfo: ReadonlyArray<number | string>;
  /** e.g. `16.0`. */
  serverSerie: string;
  protocolVersion: number;
  /** The first element of server_version_info (16, 18…). */
  majorVersion: number;
}

/** Odoo's context (`lang`, `tz`, `active_test`, `tracking_disable`…). */
export type OdooContext = Readonly<Record<string, OdooInputValue>>;

/** A domain term: a leaf `[field, operator, value]` or a prefix operator `'&'`, `'|'`, `'!'`. */
export type OdooDomainTerm = '&' | '|' | '!' | readonly [string, string, OdooInputValue];
export type OdooDomain = readonly OdooDomainTerm[];

/** Values for create/write: a struct; `undefined` members are never sent. */
export type OdooValues = Readonly<Record<string, OdooInputValue>>;

/** A record as read: `id` plus the requested fields (unset fields are `false`, many2one `[id, name]`). */
export interface OdooRecord {
  id: number;
  [field: string]: unknown;
}

export interface OdooCallOptions {
  /** Per-call timeout in ms (overrides the gateway's default). The request is aborted when it fires. */
  timeoutMs?: number;
  /**
   * Whether sending the same call twice is harmless. Reads and `write` are idempotent by default; `create`, `unlink`,
   * `copy` and any other method are not, so they are retried only when the request certainly never reached Odoo
   * (connection refused, DNS). Pass `true` when the caller makes the call idempotent itself (e.g. by external ids
   * checked before a retry).
   */
  idempotent?: boolean;
  /** Overrides the gateway's number of attempts for this call (1 = no retry). */
  attempts?: number;
  /** The caller's cancellation (shutdown): aborts the request and the backoff waits (kind ABORTED). */
  signal?: AbortSignal;
}

export interface OdooContextOptions extends OdooCallOptions {
  context?: OdooContext;
}

export interface OdooSearchOptions extends OdooContextOptions {
  offset?: number;
  limit?: number;
  /** e.g. `id asc`, `name, id desc`. Without it, Odoo uses the model's default order. */
  order?: string;
}

export interface OdooSearchReadOptions extends OdooSearchOptions {
  /**
   * The fields to read; REQUIRED on purpose: without it Odoo returns every readable field (163 for res.partner on a
   * real Odoo 16, with base64 avatars: ~30 KB per record).
   */
  fields: readonly string[];
}

/** One message of `load`: a row Odoo refused (`type: 'error'`) or a remark (`warning`, `info`). */
export interface OdooLoadMessage {
  type: 'error' | 'warning' | 'info';
  message: string;
  /**
   * Index (0-based) of the refused row in the rows sent, when Odoo names one. Odoo 17+ also repeats a failed batch's
   * UserError first with the batch's first row (often 0), whatever row caused it: match the text too.
   */
  record?: number;
  /** The rows the message is about (0-based, inclusive), as Odoo reports them. */
  rows?: { from: number; to: number };
  /**
   * The field Odoo blames, when it names one: the technical name of the column's field (`country_id` for a
   * `country_id/.id` column), or `.id`.
   */
  field?: string;
  /** Odoo's `field_name`: the field's label (`Country`), on cell errors. */
  fieldLabel?: string;
  /** Odoo's `moreinfo` when it is text (a hint such as "Use '1' for yes and '0' for no"); an action dict is dropped. */
  moreinfo?: string;
}

/** `load`'s answer: every row written (`ids` in row order), or nothing (`ids: false`) with the messages saying why. */
export interface OdooLoadResult {
  ids: number[] | false;
  messages: OdooLoadMessage[];
  /** 0 when every row was read (we never pass a limit). */
  nextrow: number;
}

/** The model rights `check_access_rights` knows. */
export type OdooAccessOperation = 'read' | 'create' | 'write' | 'unlink';

export interface OdooGateway {
  /** `xmlrpc` today; `json2` for Odoo 19+ later. */
  readonly protocol: string;
  /** The cached uid, once authenticated (undefined before). */
  readonly uid: number | undefined;

  /** `common.version()`: needs no authentication. */
  version(options?: OdooCallOptions): Promise<OdooServerVersion>;

  /**
   * Authenticates with the password or API key and caches the uid. A `false` answer (wrong login or secret) rejects
   * with kind AUTHENTICATION; an unknown database with UNKNOWN_DATABASE.
   */
  authenticate(options?: OdooCallOptions): Promise<number>;

  /**
   * `execute_kw(db, uid, secret, model, method, args, kwargs)`. Authenticates first when no uid is cached.
   * The result is Odoo's, unchecked: prefer the typed helpers below.
   */
  executeKw<T = unknown>(
    model: string,
    method: string,
    args?: readonly OdooInputValue[],
    kwargs?: Readonly<Record<string, OdooInputValue>>,
    options?: OdooCallOptions,
  ): Promise<T>;

  /** `search_read(domain, fields, offset, limit, order)`. Archived records are excluded unless `context.active_test` is false. */
  searchRead<T extends OdooRecord = OdooRecord>(model: string, domain: OdooDomain, options: OdooSearchReadOptions): Promise<T[]>;

  /** `search(domain)` → ids. */
  search(model: string, domain: OdooDomain, options?: OdooSearchOptions): Promise<number[]>;

  /** `search_count(domain)`. */
  searchCount(model: string, domain: OdooDomain, options?: OdooContextOptions): Promise<number>;

  /** `read(ids, fields)`: records in the order of `ids`; ids that do not exist are silently DROPPED by Odoo (no error). */
  read<T extends OdooRecord = OdooRecord>(model: string, ids: readonly number[], fields: readonly string[], options?: OdooContextOptions): Promise<T[]>;

  /**
   * `create([vals, …])` in ONE call → the new ids, in order. All or nothing: a fault on any record rolls the whole call
   * back. An empty list makes no call. Not retried once sent (see {@link OdooCallOptions.idempotent}).
   */
  create(model: string, values: readonly OdooValues[], options?: OdooContextOptions): Promise<number[]>;

  /** `write(ids, vals)`: the same values on every id; rejects with MISSING_RECORD if any id does not exist. */
  write(model: string, ids: readonly number[], values: OdooValues, options?: OdooContextOptions): Promise<true>;

  /**
   * `load(fields, rows)`, Odoo's import method: every cell a string; an `id` column holds external ids
   * (`module.name`): a new one creates the record and its external id in the same transaction, a known one updates its
   * record in place. All or nothing: when any row is refused, nothing is written, `ids` is false and `messages` name
   * the rows (`record`) and the reasons. Not retried once sent unless `idempotent` (true when every row has an
   * external id: sending it again updates the same records). An empty `rows` makes no call.
   */
  load(model: string, fields: readonly string[], rows: readonly (readonly string[])[], options?: OdooContextOptions): Promise<OdooLoadResult>;

  /** `check_access_rights(operation, raise_exception=False)`: whether the user has this right on the model. */
  checkAccessRights(model: string, operation: OdooAccessOperation, options?: OdooCallOptions): Promise<boolean>;
}
