/**
 * Values on their way to and from Odoo (pure functions).
 *
 * Outgoing, every value goes through {@link toOdooValue}, which removes the traps of the `xmlrpc` package:
 * - `undefined` would be sent as an empty `<value/>`, which Odoo reads as `''` and which silently BLANKS a field:
 *   undefined members of a struct are dropped (deeply), trailing undefined positional arguments are dropped
 *   ({@link toOdooArgs}), and an undefined inside an array (a domain leaf…) is refused, because any value sent would
 *   be a lie;
 * - a `Date` would go out as `<dateTime.iso8601>` in the LOCAL time zone without an offset (Odoo 16 then faults with
 *   `TypeError: 'DateTime' object is not subscriptable`, Odoo 18 takes the local wall time as UTC): it is sent as the
 *   UTC string `YYYY-MM-DD HH:MM:SS` that Odoo itself uses for datetimes;
 * - `null` would be `<nil/>`: it becomes `false`, Odoo's "empty";
 * - a `Buffer` would be `<base64>`: Odoo's binary fields take base64 text, so it is sent as a base64 string;
 * - a `bigint` is sent as `<i8>` (Python reads it as an int);
 * - a `Decimal` (an amount) is sent as `<double>` written with its exact digits (never through a binary float here);
 * - NaN, ±Infinity, functions, symbols, Maps, Sets and class instances are refused (a TypeError before any I/O).
 *
 * Incoming, Odoo's conventions: every unset field is `false` (char, date, many2one…), a many2one is `[id, name]`,
 * dates are `YYYY-MM-DD` and datetimes `YYYY-MM-DD HH:MM:SS` strings in UTC, floats are read as Decimals (xmlrpc-double.ts).
 */
import Decimal from 'decimal.js';
import { CustomType } from 'xmlrpc';

/** A value as accepted by {@link toOdooValue}. */
export type OdooInputValue =
  string | number | boolean | null | undefined | bigint | Decimal | Date | Buffer | readonly OdooInputValue[] | { readonly [key: string]: OdooInputValue };

/** `<i8>` on the wire, for bigints. */
class I8Value extends CustomType {
  constructor(raw: string) {
    super(raw);
    this.tagName = 'i8';
  }
}

/** `<double>` on the wire, for Decimals: their digits as Python's repr writes a float (`50.0`, not `50`). */
class DoubleValue extends CustomType {
  constructor(value: Decimal) {
    const digits = value.toString();
    super(/[.eE]/.test(digits) ? digits : `${digits}.0`);
    this.tagName = 'double';
  }
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function assertValidDate(date: Date): void {
  if (Number.isNaN(date.getTime())) throw new TypeError('Invalid Date cannot be sent to Odoo');
}

/** `YYYY-MM-DD HH:MM:SS` in UTC, whole seconds (Odoo's datetime format; milliseconds are dropped, not rounded). */
export function formatOdooDatetime(date: Date): string {
  assertValidDate(date);
  return (
    `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`
  );
}

/** `YYYY-MM-DD` of the UTC day of `date` (Odoo's date format). For legal dates, pass the `YYYY-MM-DD` string itself. */
export function formatOdooDate(date: Date): string {
  assertValidDate(date);
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

/** Reads Odoo's UTC datetime string (`YYYY-MM-DD HH:MM:SS`) or date string (`YYYY-MM-DD`, midnight UTC). `false` → null. */
export function parseOdooDatetime(value: unknown): Date | null {
  if (value === false || value === null || value === undefined) return null;
  if (typeof value !== 'string') throw new TypeError(`Not an Odoo datetime: ${JSON.stringify(value)}`);
  const m = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2}):(\d{2}))?$/.exec(value);
  if (!m) throw new TypeError(`Not an Odoo datetime: ${JSON.stringify(value)}`);
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0)));
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function describePath(path: string): string {
  return path || 'the value';
}

/** A value that cannot be sent; the path to it is gathered while unwinding (so that none is built on the way down). */
class UnsendableValue {
  /** Array indexes and struct keys, innermost first. */
  readonly trail: Array<string | number> = [];
  constructor(readonly describe: (path: string) => string) {}
}

function convert(value: OdooInputValue): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value)) throw new UnsendableValue((p) => `${p} is ${value}: not a number Odoo can store`);
      return value;
    case 'bigint':
      return new I8Value(value.toString());
    case 'undefined':
      throw new UnsendableValue((p) => `${p} is undefined: an undefined value cannot be sent to Odoo`);
    case 'object': {
      if (value === null) return false;
      if (value instanceof Date) return formatOdooDatetime(value);
      if (Decimal.isDecimal(value)) {
        if (!value.isFinite()) throw new UnsendableValue((p) => `${p} is ${value.toString()}: not a number Odoo can store`);
        return new DoubleValue(value);
      }
      if (Buffer.isBuffer(value)) return value.toString('base64');
      if (Array.isArray(value)) {
        const items = value as readonly OdooInputValue[];
        const out: unknown[] = new Array(items.length);
        for (let i = 0; i < items.length; i++) {
          try {
            out[i] = convert(items[i]);
          } catch (e) {
            if (e instanceof UnsendableValue) e.trail.push(i);
            throw e;
          }
        }
        return out;
      }
      if (!isPlainObject(value)) {
        const name = (value as object).constructor?.name ?? 'object';
        throw new UnsendableValue((p) => `${p} is a ${name}: only plain objects, arrays, strings, numbers, booleans, Dates and Buffers go to Odoo`);
      }
      const struct = value as Readonly<Record<string, OdooInputValue>>;
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(struct)) {
        const member = struct[key];
        if (member === undefined) continue; // never sent: would blank the field
        try {
          out[key] = convert(member);
        } catch (e) {
          if (e instanceof UnsendableValue) e.trail.push(key);
          throw e;
        }
      }
      return out;
    }
    default:
      throw new UnsendableValue((p) => `${p} is a ${typeof value}: it cannot be sent to Odoo`);
  }
}

/**
 * Converts a value for the wire (see the module comment). Returns a new value; the input is never mutated.
 * Throws a TypeError naming the path of any value that cannot be sent faithfully.
 */
export function toOdooValue(value: OdooInputValue, path = ''): unknown {
  try {
    return convert(value);
  } catch (e) {
    if (!(e instanceof UnsendableValue)) throw e;
    let where = path;
    for (let k = e.trail.length - 1; k >= 0; k--) {
      const step = e.trail[k]!;
      where = typeof step === 'number' ? `${where}[${step}]` : where ? `${where}.${step}` : step;
    }
    throw new TypeError(e.describe(describePath(where)), { cause: e });
  }
}

/**
 * Positional arguments of a call: trailing `undefined` ones mean "not given" and are dropped (Python's defaults then
 * apply); any other `undefined`, at any depth of an array, is refused by {@link toOdooValue}.
 */
export function toOdooArgs(args: readonly OdooInputValue[]): unknown[] {
  let end = args.length;
  while (end > 0 && args[end - 1] === undefined) end--;
  return args.slice(0, end).map((arg, i) => toOdooValue(arg, `args[${i}]`));
}

/**
 * Removes `undefined` members from a struct, deeply (arrays are walked, their undefined elements kept as they are).
 * {@link toOdooValue} does this and more; this is the plain helper for callers building values.
 */
export function stripUndefined<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => stripUndefined(v)) as T;
  if (value !== null && typeof value === 'object' && !(value instanceof Date) && !Buffer.isBuffer(value) && isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = stripUndefined(v);
    return out as T;
  }
  return value;
}

/**
 * An id as received: XML-RPC `<int>` gives a number; `<i8>` (and some proxies) give a decimal string. Safe integers
 * become numbers; a decimal string beyond 2^53 stays a string (a number would silently lose digits).
 */
export function coerceOdooInteger(value: unknown): number | string {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value)) {
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : value;
  }
  throw new TypeError(`Not an integer: ${JSON.stringify(value)}`);
}

/** A record id: a safe integer (Odoo ids are PostgreSQL int4). */
export function coerceOdooId(value: unknown): number {
  const n = coerceOdooInteger(value);
  if (typeof n !== 'number') throw new TypeError(`Not an Odoo id: ${JSON.stringify(value)}`);
  return n;
}

/** The id of a many2one value as Odoo reads it (`[id, "name"]` or `false`). */
export function many2oneId(value: unknown): number | null {
  if (value === false || value === null || value === undefined) return null;
  if (Array.isArray(value) && value.length >= 1) return coerceOdooId(value[0]);
  if (typeof value === 'number') return value;
  throw new TypeError(`Not a many2one value: ${JSON.stringify(value)}`);
}

/** A char/text field as read: Odoo's `false` for unset becomes null. */
export function odooText(value: unknown): string | null {
  if (value === false || value === null || value === undefined) return null;
  if (typeof value !== 'string') throw new TypeError(`Not a text value: ${JSON.stringify(value)}`);
  return value;
}

/** Commands for x2many fields (Odoo's `Command`), as plain tuples. */
export const OdooCommand = {
  create: (values: Record<string, OdooInputValue>): [0, 0, Record<string, OdooInputValue>] => [0, 0, values],
  update: (id: number, values: Record<string, OdooInputValue>): [1, number, Record<string, OdooInputValue>] => [1, id, values],
  delete: (id: number): [2, number, 0] => [2, id, 0],
  unlink: (id: number): [3, number, 0] => [3, id, 0],
  link: (id: number): [4, number, 0] => [4, id, 0],
  clear: (): [5, 0, 0] => [5, 0, 0],
  set: (ids: readonly number[]): [6, 0, number[]] => [6, 0, [...ids]],
} as const;
