import type { OdooErrorKind, OdooRequestOutcome } from './odoo-errors';

/**
 * Reading Odoo's XML-RPC faults (pure functions).
 *
 * What Odoo sends (checked on Odoo 16 and 18, see docs/odoo.md):
 * - faultCode 1: any Python exception; faultString is the whole traceback (`Traceback (most recent call last):`, frames
 *   indented, then the exception line(s) `Class: message`, possibly followed by more lines such as psycopg2's `DETAIL:`).
 * - faultCode 2: the UserError family (UserError, ValidationError, MissingError, `Object x doesn't exist`, SQL
 *   constraints): faultString is the bare message, possibly on several lines, no class name.
 * - faultCode 3: AccessDenied, faultString exactly `Access Denied`.
 * - faultCode 4: AccessError (including private methods), the bare message.
 */

export interface ParsedOdooFault {
  faultCode: number | string | undefined;
  /** True when the faultString carried a Python traceback (or its recorded cut). */
  hasTraceback: boolean;
  /** `ValueError`, `psycopg2.OperationalError`, or for codes 2-4 the class Odoo uses for that code. */
  exceptionClass: string;
  /** The exception's message (final line(s) of the traceback, or the bare message), on one line, without the class. */
  message: string;
}

const TRACEBACK_HEAD = 'Traceback (most recent call last):';
const TRACEBACK_CUT = '[... traceback cut ...]';
const FRAME_LINE = /^ {2}File "/;
const DOTTED_NAME = /^((?:[A-Za-z_]\w*\.)*[A-Za-z_]\w*)(?::(?: (.*))?)?$/;

/** One line: trims each line, drops empty lines and psycopg2's caret-only pointer lines, joins with a space. */
function oneLine(lines: readonly string[]): string {
  return lines
    .map((l) => l.trim())
    .filter((l) => l.length > 0 && !/^\^+$/.test(l))
    .join(' ');
}

/** Looks like a Python exception class name (ValueError, psycopg2.errors.UniqueViolation, Exception, KeyError…). */
function looksLikeExceptionClass(name: string): boolean {
  return /(Error|Exception|Warning|Denied|Fault|Exit|Interrupt|Iteration)$/.test(name) || name.includes('.');
}

function classForCode(faultCode: number | string | undefined, message: string): string {
  switch (Number(faultCode)) {
    case 3:
      return 'odoo.exceptions.AccessDenied';
    case 4:
      return 'odoo.exceptions.AccessError';
    case 2:
      if (/^Record does not exist or has been deleted\./.test(message)) return 'odoo.exceptions.MissingError';
      if (/^The operation cannot be completed/.test(message)) return 'odoo.exceptions.ValidationError';
      return 'odoo.exceptions.UserError';
    default:
      return 'Fault';
  }
}

/** Splits a faultString into Odoo's exception class and its final message line(s). */
export function parseOdooFault(faultCode: number | string | undefined, faultString: string | undefined): ParsedOdooFault {
  const text = (faultString ?? '').replace(/\r\n/g, '\n');
  const lines = text.split('\n');
  // The exception text starts after the last traceback frame (a `  File "…"` line and its indented source lines),
  // after the recorded cut marker, or after the traceback header when no frame follows it.
  let last = -1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (FRAME_LINE.test(line) || line === TRACEBACK_CUT || line.startsWith(TRACEBACK_HEAD)) last = i;
  }
  if (last === -1) {
    const message = oneLine(lines);
    // Some faults of code 1 carry no traceback but still read `Class: message`.
    const first = lines.find((l) => l.trim().length > 0)?.trim() ?? '';
    const m = DOTTED_NAME.exec(first);
    if (Number(faultCode) === 1 && m && looksLikeExceptionClass(m[1]!)) {
      return { faultCode, hasTraceback: false, exceptionClass: m[1]!, message: oneLine([m[2] ?? '', ...lines.slice(lines.indexOf(first) + 1)]) };
    }
    return { faultCode, hasTraceback: false, exceptionClass: classForCode(faultCode, message), message };
  }
  let start = last + 1;
  if (FRAME_LINE.test(lines[last]!)) {
    while (start < lines.length && /^ {4}/.test(lines[start]!)) start++;
  }
  const rest = lines.slice(start);
  const firstIndex = rest.findIndex((l) => l.trim().length > 0);
  if (firstIndex === -1) return { faultCode, hasTraceback: true, exceptionClass: classForCode(faultCode, ''), message: '' };
  const first = rest[firstIndex]!;
  const m = DOTTED_NAME.exec(first);
  if (m && looksLikeExceptionClass(m[1]!)) {
    return { faultCode, hasTraceback: true, exceptionClass: m[1]!, message: oneLine([m[2] ?? '', ...rest.slice(firstIndex + 1)]) };
  }
  return { faultCode, hasTraceback: true, exceptionClass: 'Exception', message: oneLine(rest) };
}

export interface OdooFaultClassification {
  kind: OdooErrorKind;
  outcome: OdooRequestOutcome;
  constraint?: string;
  field?: string;
  missingModel?: string;
  missingIds?: number[];
}

function endsWithClass(exceptionClass: string, name: string): boolean {
  return exceptionClass === name || exceptionClass.endsWith(`.${name}`);
}

const TRANSIENT_PG = /(SerializationFailure|DeadlockDetected|LockNotAvailable|could not serialize access|deadlock detected|could not obtain lock)/;
const DATA_ERRORS =
  /^psycopg2\.(errors\.)?(IntegrityError|UniqueViolation|NotNullViolation|ForeignKeyViolation|CheckViolation|DataError|NumericValueOutOfRange|InvalidTextRepresentation|StringDataRightTruncation|InvalidDatetimeFormat|DatetimeFieldOverflow)$/;

/**
 * Maps a parsed fault to the gateway's error kind. `model` is the model of the call, used to tell an unknown model
 * from another KeyError; `method` the method, to read `load`'s unknown columns (a KeyError on Odoo 16).
 */
export function classifyOdooFault(fault: ParsedOdooFault, model?: string, method?: string): OdooFaultClassification {
  const { exceptionClass: cls, message } = fault;
  const code = Number(fault.faultCode);
  const rolledBack = 'rolled-back' as const;

  if (code === 3 || endsWithClass(cls, 'AccessDenied')) return { kind: 'AUTHENTICATION', outcome: rolledBack };

  const missing = /^Record does not exist or has been deleted\.\s*\(Record: ([\w.]+)\(([\d, ]*)\), User: (\d+)\)/.exec(message);
  if (missing || endsWithClass(cls, 'MissingError')) {
    const missingModel = missing?.[1];
    const missingIds = missing?.[2]
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .map(Number);
    // execute_kw with a uid that does not exist: Odoo reads the user and fails on res.users(uid) for User uid.
    if (missingModel === 'res.users' && missingIds?.length === 1 && String(missingIds[0]) === missing?.[3] && model !== 'res.users') {
      return { kind: 'AUTHENTICATION', outcome: rolledBack, missingModel, missingIds };
    }
    return { kind: 'MISSING_RECORD', outcome: rolledBack, missingModel, missingIds };
  }

  if (code === 4 || endsWithClass(cls, 'AccessError')) return { kind: 'ACCESS_DENIED', outcome: rolledBack };

  if (/^Object \S+ doesn't exist/.test(message)) return { kind: 'UNKNOWN_MODEL', outcome: rolledBack };
  if (endsWithClass(cls, 'KeyError') && model && message === `'${model}'`) return { kind: 'UNKNOWN_MODEL', outcome: rolledBack };

  // load's unknown column: Odoo 16 `KeyError: 'x'` (models.py looks the path up in _fields), Odoo 18 `Invalid field name 'x'`.
  const loadColumn = method === 'load' && endsWithClass(cls, 'KeyError') ? /^'([^']*)'$/.exec(message) : null;
  if (loadColumn) return { kind: 'UNKNOWN_FIELD', outcome: rolledBack, field: loadColumn[1]! };
  const invalidField = /Invalid field name '([^']*)'/.exec(message) ?? /Invalid field '?([\w.]+?)'?(?: on model| in (?:leaf|condition)|$)/.exec(message);
  if (invalidField) {
    const name = invalidField[1]!;
    return { kind: 'UNKNOWN_FIELD', outcome: rolledBack, field: model && name.startsWith(`${model}.`) ? name.slice(model.length + 1) : name };
  }

  if (
    (endsWithClass(cls, 'AttributeError') && /(has no attribute|does not exist)/.test(message)) ||
    (cls === 'Exception' && /^Method not found/.test(message))
  ) {
    return { kind: 'UNKNOWN_METHOD', outcome: rolledBack };
  }

  if (endsWithClass(cls, 'TypeError') && /^cannot marshal/.test(message)) return { kind: 'MARSHAL_NONE', outcome: 'committed' };

  if (cls.startsWith('psycopg2') && /database "[^"]*" does not exist/.test(message)) return { kind: 'UNKNOWN_DATABASE', outcome: rolledBack };
  if ((cls.startsWith('psycopg2') && endsWithClass(cls, 'OperationalError')) || TRANSIENT_PG.test(cls) || TRANSIENT_PG.test(message)) {
    return { kind: 'SERVER', outcome: rolledBack };
  }

  const unique = /unique constraint "([^"]+)"/.exec(message);
  if (code === 2 || endsWithClass(cls, 'ValidationError') || endsWithClass(cls, 'UserError') || endsWithClass(cls, 'ValueError') || DATA_ERRORS.test(cls)) {
    return unique ? { kind: 'VALIDATION', outcome: rolledBack, constraint: unique[1] } : { kind: 'VALIDATION', outcome: rolledBack };
  }

  return { kind: 'FAULT', outcome: rolledBack };
}
