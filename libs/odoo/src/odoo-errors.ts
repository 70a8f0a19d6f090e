import type { XmlIllegalChar } from './xmlrpc-serializer';

/**
 * Errors of the Odoo gateway. Every failure of a call to Odoo is an {@link OdooError} with a stable `kind`: callers
 * branch on the kind (and on `retryable` / `mayHaveCommitted`), never on the message, whose text comes from Odoo.
 *
 * An error names the call (`model`, `method`), Odoo's exception class and the final message line(s) of the fault, but
 * never the password or API key: every text that goes into an error is scrubbed of the secret first, and the raw
 * transport error (whose request still holds the body, password included) is never kept as a `cause`.
 */

export const ODOO_ERROR_KINDS = [
  /** `authenticate` answered `false`, or `execute_kw` refused the uid/secret (fault 3 `Access Denied`, or fault 2 for an unknown uid). */
  'AUTHENTICATION',
  /** The user lacks a right on the model (fault 4 `AccessError`), or called a private method. */
  'ACCESS_DENIED',
  /** Odoo refused the values: ValidationError/UserError (fault 2), ValueError (wrong selection, wrong type), SQL constraints. */
  'VALIDATION',
  /** `write`/`unlink` (or a uid) on a record that does not exist (fault 2 `MissingError`). `read` drops missing ids instead. */
  'MISSING_RECORD',
  /** `Object x.y doesn't exist` (fault 2): the model is unknown or its module is not installed. */
  'UNKNOWN_MODEL',
  /** `ValueError: Invalid field 'x' on model 'y'` (fault 1): a field that does not exist (not silently ignored by Odoo). */
  'UNKNOWN_FIELD',
  /** `AttributeError` (fault 1): the method does not exist on the model (e.g. `name_get` on Odoo 17+). */
  'UNKNOWN_METHOD',
  /** The database name is unknown (fault 1 `psycopg2.OperationalError … database "x" does not exist`). */
  'UNKNOWN_DATABASE',
  /**
   * The method ran AND COMMITTED, then its return value (None, a recordset) could not be marshalled
   * (fault 1 `TypeError: cannot marshal …`). Re-read the state: the work is done.
   */
  'MARSHAL_NONE',
  /** Connection refused or reset, DNS failure, TLS failure. */
  'NETWORK',
  /** No complete answer within the per-call timeout (the request was aborted). */
  'TIMEOUT',
  /** The caller aborted the call through its own AbortSignal. */
  'ABORTED',
  /** The answer is not XML-RPC (an HTML error page: "Unknown XML-RPC tag 'BODY'", a 404, non-XML). */
  'BAD_RESPONSE',
  /** HTTP 5xx without a usable body, or a transient server-side failure (PostgreSQL unavailable, serialization failure). */
  'SERVER',
  /** Any other fault (protocol errors such as ExpatError, programming errors such as TypeError). */
  'FAULT',
  /**
   * A value XML 1.0 cannot carry (a control character other than tab, LF and CR; U+FFFE, U+FFFF): found while
   * serializing, before any I/O. Nothing was sent; sending it again fails again (see `findXmlIllegalChar`).
   */
  'UNENCODABLE',
] as const;

export type OdooErrorKind = (typeof ODOO_ERROR_KINDS)[number];

/** What is known of the fate of the request when the call failed. */
export type OdooRequestOutcome =
  /** The request never reached Odoo (connection refused, DNS failure): safe to send again, whatever the method. */
  | 'not-sent'
  /** Odoo answered with a fault: it rolled the transaction back, nothing was written. */
  | 'rolled-back'
  /** Odoo committed the work, then failed (MARSHAL_NONE). */
  | 'committed'
  /** Unknown: the request may have been processed (timeout, reset after sending, a proxy's 502…). Re-read before re-sending a non-idempotent call. */
  | 'unknown';

export interface OdooErrorInit {
  kind: OdooErrorKind;
  /** The model for `execute_kw`, undefined for the `common` service. */
  model?: string;
  /** The Odoo method (`create`, `search_read`, `authenticate`, `version`…). */
  method: string;
  /** The service: `common` or `object` (XML-RPC), or another transport's name for its endpoint. */
  service?: string;
  /** Odoo's faultCode: 1 (any exception, with a traceback), 2 (UserError family), 3 (AccessDenied), 4 (AccessError). */
  faultCode?: number | string;
  /** Odoo's exception class, from the traceback (`ValueError`, `psycopg2.OperationalError`) or inferred from the fault code. */
  exceptionClass?: string;
  /** The final message line(s) of the fault, without traceback frames, on one line. */
  odooMessage?: string;
  /** The whole faultString (traceback included), scrubbed of the secret. Not part of `message`. */
  faultString?: string;
  httpStatus?: number;
  /** Node's error code for network failures (`ECONNREFUSED`, `ECONNRESET`, `ENOTFOUND`…). */
  networkCode?: string;
  /** Endpoint URL without credentials or query. */
  url?: string;
  /** Extra words for the message (what went wrong on the transport side). */
  detail?: string;
  outcome?: OdooRequestOutcome;
  /** Overrides the kind's default retryability (e.g. a TLS certificate error is NETWORK but pointless to retry). */
  retryable?: boolean;
  /** For unique-constraint violations: the constraint or index name (e.g. `ir_model_data_module_name_uniq_index`). */
  constraint?: string;
  /** For UNKNOWN_FIELD: the field named by Odoo. */
  field?: string;
  /** For MISSING_RECORD: the model and ids Odoo reported as missing. */
  missingModel?: string;
  missingIds?: number[];
  /** How many attempts were made (1 when not retried). */
  attempts?: number;
  /** For UNENCODABLE: where the character is (path in the call, index in the string) and its code point. */
  unencodable?: XmlIllegalChar;
  /** Strings that must never appear in the error (the secret); scrubbed from every text field. */
  secrets?: readonly string[];
}

const REDACTED = '[redacted]';

/** Replaces every occurrence of each secret in `text` (secrets shorter than 3 characters are too common to scrub safely). */
export function redactSecrets(text: string, secrets: readonly string[] | undefined): string {
  if (!secrets) return text;
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 3) out = out.split(secret).join(REDACTED);
  }
  return out;
}

/** Defaults per kind: can the same call be sent again, and what do we know of its fate. */
function defaultRetryable(kind: OdooErrorKind, httpStatus: number | undefined): boolean {
  switch (kind) {
    case 'NETWORK':
    case 'TIMEOUT':
    case 'SERVER':
      return true;
    case 'BAD_RESPONSE':
      return httpStatus !== undefined && httpStatus >= 500;
    default:
      return false;
  }
}

function defaultOutcome(kind: OdooErrorKind): OdooRequestOutcome {
  switch (kind) {
    case 'MARSHAL_NONE':
      return 'committed';
    case 'UNENCODABLE':
      return 'not-sent';
    case 'NETWORK':
    case 'TIMEOUT':
    case 'ABORTED':
    case 'BAD_RESPONSE':
      return 'unknown';
    case 'SERVER':
      return 'unknown';
    default:
      return 'rolled-back';
  }
}

/** Base class of every gateway error. `instanceof OdooError` and the stable `kind` are the contract. */
export class OdooError extends Error {
  readonly kind: OdooErrorKind;
  readonly model: string | undefined;
  readonly method: string;
  readonly service: string | undefined;
  readonly faultCode: number | string | undefined;
  readonly exceptionClass: string | undefined;
  readonly odooMessage: string | undefined;
  readonly faultString: string | undefined;
  readonly httpStatus: number | undefined;
  readonly networkCode: string | undefined;
  readonly url: string | undefined;
  readonly outcome: OdooRequestOutcome;
  readonly retryable: boolean;
  readonly constraint: string | undefined;
  readonly field: string | undefined;
  readonly missingModel: string | undefined;
  readonly missingIds: readonly number[] | undefined;
  readonly attempts: number;
  readonly unencodable: XmlIllegalChar | undefined;

  constructor(init: OdooErrorInit) {
    const scrub = (s: string | undefined): string | undefined => (s === undefined ? undefined : redactSecrets(s, init.secrets));
    const target = init.model ? `${init.model}.${init.method}` : `${init.service ?? 'common'}.${init.method}`;
    const parts: string[] = [];
    if (init.exceptionClass || init.odooMessage) {
      parts.push([init.exceptionClass, init.odooMessage].filter(Boolean).join(': '));
    }
    if (init.detail) parts.push(init.detail);
    const tags: string[] = [];
    if (init.faultCode !== undefined) tags.push(`fault ${init.faultCode}`);
    if (init.httpStatus !== undefined && init.httpStatus !== 200) tags.push(`HTTP ${init.httpStatus}`);
    if (init.networkCode) tags.push(init.networkCode);
    if (init.url) tags.push(init.url);
    if (init.attempts && init.attempts > 1) tags.push(`after ${init.attempts} attempts`);
    const message = `Odoo ${target} failed [${init.kind}]${parts.length ? `: ${parts.join(' — ')}` : ''}${tags.length ? ` (${tags.join(', ')})` : ''}`;
    super(redactSecrets(message, init.secrets));
    this.name = 'OdooError';
    this.kind = init.kind;
    this.model = init.model;
    this.method = init.method;
    this.service = init.service;
    this.faultCode = init.faultCode;
    this.exceptionClass = scrub(init.exceptionClass);
    this.odooMessage = scrub(init.odooMessage);
    this.faultString = scrub(init.faultString);
    this.httpStatus = init.httpStatus;
    this.networkCode = init.networkCode;
    this.url = scrub(init.url);
    this.outcome = init.outcome ?? defaultOutcome(init.kind);
    this.retryable = init.retryable ?? defaultRetryable(init.kind, init.httpStatus);
    this.constraint = init.constraint;
    this.field = init.field;
    this.missingModel = init.missingModel;
    this.missingIds = init.missingIds;
    this.attempts = init.attempts ?? 1;
    this.unencodable = init.unencodable;
  }

  /** True when Odoo may have written something although the call failed: re-read before sending a non-idempotent call again. */
  get mayHaveCommitted(): boolean {
    return this.outcome === 'committed' || this.outcome === 'unknown';
  }

  /** A log-friendly object (no traceback, no secret). */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      kind: this.kind,
      message: this.message,
      model: this.model,
      method: this.method,
      faultCode: this.faultCode,
      exceptionClass: this.exceptionClass,
      odooMessage: this.odooMessage,
      httpStatus: this.httpStatus,
      networkCode: this.networkCode,
      url: this.url,
      outcome: this.outcome,
      retryable: this.retryable,
      constraint: this.constraint,
      field: this.field,
      missingIds: this.missingIds,
      attempts: this.attempts,
      unencodable: this.unencodable,
    };
  }
}

/** Builds a gateway error (one class: callers branch on `kind`). */
export function createOdooError(init: OdooErrorInit): OdooError {
  return new OdooError(init);
}

export function isOdooError(value: unknown, kind?: OdooErrorKind): value is OdooError {
  return value instanceof OdooError && (kind === undefined || value.kind === kind);
}
