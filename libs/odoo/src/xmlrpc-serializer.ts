/**
 * A fast XML-RPC `methodCall` serializer (string building), producing the same body as the `xmlrpc` package's
 * `serializeMethodCall` (xmlbuilder-based, ~100 µs per partner of a batched create) for the values the gateway sends,
 * i.e. what {@link toOdooValue} returns:
 * - strings: `<string/>` when empty; a CDATA section when the string holds `<` or `&` (or `]]>`), as the package does,
 *   every `]]>` being split across two sections (the package splits only the first one, which yields malformed XML
 *   for a string with two or more: the only difference with the package, and a fix); otherwise text with `&`, `<`, `>`
 *   escaped and `\r` as `&#xD;` (so that the XML parser does not normalize it away);
 * - numbers: `<int>` for any integral number (the package's rule, `value % 1 == 0`), `<double>` otherwise, written by
 *   `String(value)`; NaN and ±Infinity are refused (toOdooValue already refuses them);
 * - booleans: `<boolean>1</boolean>` / `<boolean>0</boolean>`;
 * - arrays: `<array><data>…</data></array>`; plain objects: `<struct>` of their own enumerable keys, in order;
 * - `CustomType` values (the gateway's `<i8>` for bigints): `<tagName>raw</tagName>`;
 * - Buffers: `<base64>` (toOdooValue turns them into strings first, so the gateway never sends one).
 * `null`, `undefined`, Dates, functions, symbols and bigints are refused with a TypeError: toOdooValue never lets them
 * through, and the package would send them as `<nil/>`, an empty `<value/>` or a local-time `<dateTime.iso8601>`.
 * A character XML 1.0 forbids throws the same Error as xmlbuilder ("Invalid character (…) in string: …"); the gateway
 * looks for one first with {@link findXmlIllegalChar} (same regex), so that its error names the path, not the text.
 */
import { CustomType } from 'xmlrpc';
import { findNonXmlCharacter } from '@coop/core';

// What XML 1.0 cannot carry is the core's rule (findNonXmlCharacter), the API's too. It refuses a little more than
// xmlbuilder's assertLegalChar with allowSurrogateChars (the package's option): a lone surrogate, which the package
// would send and Node would turn into U+FFFD on the wire.
// The package's test: no `<` nor `&`, and no `]]>`, means plain text; otherwise CDATA.
const NEEDS_CDATA = /[<&]|\]\]>/;
const TEXT_ESCAPE = /[&<>\r]/;

function assertLegalChar(str: string): string {
  const chr = findNonXmlCharacter(str);
  if (chr) throw new Error(`Invalid character (${String.fromCodePoint(chr.codePoint)}) in string: ${str} at index ${chr.index}`);
  return str;
}

/** Text content, escaped as xmlbuilder's `elEscape` does. */
function escapeText(str: string): string {
  const escaped = TEXT_ESCAPE.test(str) ? str.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#xD;') : str;
  return assertLegalChar(escaped);
}

function cdata(str: string): string {
  const text = str.replace(/\]\]>/g, ']]]]><![CDATA[>');
  return `<![CDATA[${assertLegalChar(text)}]]>`;
}

function stringValue(str: string): string {
  if (str.length === 0) return '<value><string/></value>';
  if (NEEDS_CDATA.test(str)) return `<value><string>${cdata(str)}</string></value>`;
  return `<value><string>${escapeText(str)}</string></value>`;
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

// The body being written (string concatenation: V8 joins the pieces once, when the body is sent).
let xml = '';

/** Appends a value's XML to {@link xml}. */
function serializeValue(value: unknown, depth: number): void {
  switch (typeof value) {
    case 'string':
      xml += stringValue(value);
      return;
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`${value} cannot be sent over XML-RPC`);
      xml += value % 1 === 0 ? `<value><int>${String(value)}</int></value>` : `<value><double>${String(value)}</double></value>`;
      return;
    case 'boolean':
      xml += value ? '<value><boolean>1</boolean></value>' : '<value><boolean>0</boolean></value>';
      return;
    case 'object': {
      if (value === null) break;
      if (depth > 10_000) throw new RangeError('The value is nested too deeply (or cyclic)');
      if (Array.isArray(value)) {
        if (value.length === 0) {
          xml += '<value><array><data/></array></value>';
          return;
        }
        xml += '<value><array><data>';
        for (let i = 0; i < value.length; i++) serializeValue(value[i], depth + 1);
        xml += '</data></array></value>';
        return;
      }
      if (value instanceof CustomType) {
        const tag = assertLegalChar(String((value as unknown as { tagName: string }).tagName));
        const raw = escapeText(String((value as unknown as { raw: unknown }).raw));
        xml += raw === '' ? `<value><${tag}/></value>` : `<value><${tag}>${raw}</${tag}></value>`;
        return;
      }
      if (Buffer.isBuffer(value)) {
        const b64 = value.toString('base64');
        xml += b64 === '' ? '<value><base64/></value>' : `<value><base64>${b64}</base64></value>`;
        return;
      }
      if (value instanceof Date || !isPlainObject(value)) break;
      const keys = Object.keys(value);
      if (keys.length === 0) {
        xml += '<value><struct/></value>';
        return;
      }
      xml += '<value><struct>';
      for (const key of keys) {
        xml += key === '' ? '<member><name/>' : `<member><name>${escapeText(key)}</name>`;
        serializeValue((value as Record<string, unknown>)[key], depth + 1);
        xml += '</member>';
      }
      xml += '</struct></value>';
      return;
    }
    default:
      break;
  }
  const what =
    value === null ? 'null' : value instanceof Date ? 'a Date' : typeof value === 'object' ? `a ${value.constructor?.name ?? 'object'}` : `a ${typeof value}`;
  throw new TypeError(`${what} cannot be sent by the gateway's XML-RPC serializer (convert it with toOdooValue)`);
}

/** Where a value holds a character XML 1.0 cannot carry. */
export interface XmlIllegalChar {
  /** e.g. `args[1][3][2]` (arrays by index, struct members by key; a struct key itself as `.<key #i>`). */
  path: string;
  /** The character's index (UTF-16) in its string. */
  index: number;
  codePoint: number;
}

/**
 * The first character XML 1.0 cannot carry (control characters other than tab, LF and CR; U+FFFE, U+FFFF; a lone
 * surrogate) in the
 * strings of `value` (arrays, plain objects and their keys walked), or null. The serializer refuses exactly these: a
 * caller can check a record before putting it in a batch.
 */
export function findXmlIllegalChar(value: unknown, path = ''): XmlIllegalChar | null {
  if (typeof value === 'string') {
    const found = findNonXmlCharacter(value);
    return found ? { path, ...found } : null;
  }
  if (value === null || typeof value !== 'object' || value instanceof CustomType || Buffer.isBuffer(value) || value instanceof Date) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findXmlIllegalChar(value[i], `${path}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  const keys = Object.keys(value);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const inKey = findXmlIllegalChar(key, path ? `${path}.<key #${i}>` : `<key #${i}>`);
    if (inKey) return inKey;
    const found = findXmlIllegalChar((value as Record<string, unknown>)[key], path ? `${path}.${key}` : key);
    if (found) return found;
  }
  return null;
}

/** The body of an XML-RPC method call (with the `<?xml version="1.0"?>` declaration, no encoding, no whitespace). */
export function serializeMethodCall(method: string, params: readonly unknown[] = []): string {
  xml = '<?xml version="1.0"?><methodCall>' + (method === '' ? '<methodName/>' : `<methodName>${escapeText(method)}</methodName>`);
  try {
    if (params.length === 0) {
      xml += '<params/>';
    } else {
      xml += '<params>';
      for (const param of params) {
        xml += '<param>';
        serializeValue(param, 0);
        xml += '</param>';
      }
      xml += '</params>';
    }
    return xml + '</methodCall>';
  } finally {
    xml = '';
  }
}
