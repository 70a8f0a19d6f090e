/**
 * Odoo's value conversions as the fake applies them on create and write (`convert_to_cache`): what each field type
 * accepts, what it makes of it, and the exception Odoo raises otherwise (wordings checked against the transcripts).
 */
import type { FieldDef } from './fake-odoo.database';
import { OdooFault, pyRepr } from './fake-odoo.faults';

export function isUnset(value: unknown): boolean {
  return value === false || value === null || value === undefined;
}

export function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** Python truthiness (Odoo's `bool(value)` for boolean fields: 'maybe' is True). */
export function pyTruthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) return Object.keys(value).length > 0;
  return Boolean(value);
}

export function isValidIsoDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!));
  return d.getUTCFullYear() === +m[1]! && d.getUTCMonth() === +m[2]! - 1 && d.getUTCDate() === +m[3]!;
}

function localDateParts(d: Date): { date: string; time: string } {
  return {
    date: `${pad(d.getFullYear(), 4)}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`,
    time: `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`,
  };
}

export function formatUtc(date: Date): string {
  return (
    `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`
  );
}

function dateTimeObjectFault(): OdooFault {
  return OdooFault.python(`TypeError: 'DateTime' object is not subscriptable`);
}

/** Odoo's `convert_to_cache` for stored scalar fields: the cache value, or the fault Odoo raises. */
export function convertToCache(version: 16 | 18, model: string, field: FieldDef, value: unknown): unknown {
  const wrongValue = () => OdooFault.python(`ValueError: Wrong value for ${model}.${field.name}: ${pyRepr(value)}`);
  switch (field.type) {
    case 'char':
    case 'text':
      if (isUnset(value)) return false;
      if (value instanceof Date) {
        const { date, time } = localDateParts(value);
        return version >= 17 ? `${date} ${time}` : `${date.replace(/-/g, '')}T${time}`;
      }
      if (typeof value === 'boolean') return value ? 'True' : 'False';
      if (typeof value === 'object') return pyRepr(value);
      return String(value);
    case 'html': {
      if (isUnset(value)) return false;
      const text = String(value);
      return /^\s*</.test(text) || text === '' ? text : `<p>${text}</p>`;
    }
    case 'binary':
      if (isUnset(value)) return false;
      return Buffer.isBuffer(value) ? value.toString('base64') : String(value);
    case 'boolean':
      return pyTruthy(value);
    case 'integer': {
      if (isUnset(value) || value === 0) return 0;
      if (typeof value === 'boolean') return value ? 1 : 0;
      if (typeof value === 'number') return Math.trunc(value);
      if (typeof value === 'string' && /^\s*[+-]?\d+\s*$/.test(value)) return Number.parseInt(value, 10);
      if (typeof value === 'string') throw OdooFault.python(`ValueError: invalid literal for int() with base 10: ${pyRepr(value)}`);
      throw OdooFault.python(
        `TypeError: int() argument must be a string, a bytes-like object or a real number, not '${Array.isArray(value) ? 'list' : 'dict'}'`,
      );
    }
    case 'float': {
      if (isUnset(value)) return 0;
      if (typeof value === 'number') return value;
      if (typeof value === 'boolean') return value ? 1 : 0;
      if (typeof value === 'string' && /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(value)) return Number.parseFloat(value);
      throw OdooFault.python(`ValueError: could not convert string to float: ${pyRepr(value)}`);
    }
    case 'date': {
      if (isUnset(value) || value === '') return false;
      if (value instanceof Date) {
        // Odoo 16 reads <dateTime.iso8601> as xmlrpc.client.DateTime (not a date): Date.to_date slices it and fails.
        // Odoo 18 parses requests with use_datetime=True: a datetime, whose date is kept.
        if (version < 17) throw dateTimeObjectFault();
        return localDateParts(value).date;
      }
      if (typeof value !== 'string') throw OdooFault.python(`TypeError: '${typeof value === 'number' ? 'int' : 'bool'}' object is not subscriptable`);
      const text = value.slice(0, 10);
      if (!isValidIsoDate(text)) throw OdooFault.python(`ValueError: time data ${pyRepr(text)} does not match format '%Y-%m-%d'`);
      return text;
    }
    case 'datetime': {
      if (isUnset(value) || value === '') return false;
      if (value instanceof Date) {
        if (version < 17) throw dateTimeObjectFault();
        const { date, time } = localDateParts(value);
        return `${date} ${time}`;
      }
      if (typeof value !== 'string') throw OdooFault.python(`TypeError: '${typeof value === 'number' ? 'int' : 'bool'}' object is not subscriptable`);
      let text = value.slice(0, 19);
      if (text.length === 10) text += ' 00:00:00';
      const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text);
      if (!m || !isValidIsoDate(m[1]!) || +m[2]! > 23 || +m[3]! > 59 || +m[4]! > 59) {
        throw OdooFault.python(`ValueError: time data ${pyRepr(text)} does not match format '%Y-%m-%d %H:%M:%S'`);
      }
      return text;
    }
    case 'selection':
      if (isUnset(value)) return false;
      if (typeof value !== 'string' || !field.selection?.includes(value)) throw wrongValue();
      return value;
    case 'many2one': {
      if (isUnset(value) || value === 0) return false;
      if (typeof value === 'number' && Number.isInteger(value)) return value;
      if (Array.isArray(value) && typeof value[0] === 'number') return value[0];
      if (typeof value === 'string') {
        if (/^\s*\d+\s*$/.test(value)) return Number.parseInt(value, 10);
        // Odoo keeps a str as an id (IdType includes str); PostgreSQL refuses it at flush.
        throw OdooFault.python(`psycopg2.errors.InvalidTextRepresentation: invalid input syntax for type integer: "${value}"`);
      }
      throw wrongValue();
    }
    default:
      throw wrongValue();
  }
}
