/**
 * A hand-written reader of XML-RPC bodies of the usual shape, ~10× faster than the `xmlrpc` package's sax-based
 * Deserializer (a list of 500 ids: well under a millisecond, against several). Used by the gateway for Odoo's answers
 * and by the fake Odoo of the tests for requests.
 *
 * It reads only the strict, usual shape — lowercase tags without attributes, whitespace between structural tags, one
 * value per param, the five XML entities and numeric character references, CDATA sections, an optional leading
 * `<?xml …?>`; no comment, DOCTYPE, `<dateTime.iso8601>` nor fault — and gives exactly what the Deserializer gives for
 * it (integers by parseInt, doubles as Decimals (xmlrpc-double.ts), `<i8>` as a decimal string, untyped values as strings, Buffers for base64, null
 * for nil, structs built by assignment). For anything else (including what the Deserializer would refuse) it answers
 * undefined, and the caller hands the body to the Deserializer. xmlrpc-reader.spec.ts checks this against it.
 */

import { readXmlRpcDouble } from './xmlrpc-double';

/** Thrown while reading when the body is not of the shape this reader knows. */
const UNSURE = Symbol('unsure');
const ENTITY = /&(?:(amp|lt|gt|quot|apos)|#([0-9]{1,8})|#x([0-9a-fA-F]{1,8}));/y;
const NAMED_ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const INT = /^[+-]?[0-9]+$/;
const I8 = /^-?\d+$/;
const NOT_WHITESPACE = /[^ \t\r\n]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LT = 60;
const SLASH = 47;
const GT = 62;

// The reader's state: one body at a time (reading is synchronous).
let src = '';
let pos = 0;

function skipWhitespace(): void {
  for (let c = src.charCodeAt(pos); c === 32 || c === 10 || c === 13 || c === 9; c = src.charCodeAt(++pos));
}

function at(token: string): boolean {
  if (!src.startsWith(token, pos)) return false;
  pos += token.length;
  return true;
}

function expect(token: string): void {
  if (!src.startsWith(token, pos)) throw UNSURE;
  pos += token.length;
}

function decode(segment: string): string {
  if (segment.includes(']]>')) throw UNSURE;
  let amp = segment.indexOf('&');
  if (amp < 0) return segment;
  let out = '';
  let from = 0;
  while (amp >= 0) {
    ENTITY.lastIndex = amp;
    const m = ENTITY.exec(segment);
    if (!m) throw UNSURE;
    let decoded: string;
    if (m[1]) {
      decoded = NAMED_ENTITIES[m[1]]!;
    } else {
      const code = m[2] !== undefined ? Number.parseInt(m[2], 10) : Number.parseInt(m[3]!, 16);
      if (code === 0 || code > 0x10ffff) throw UNSURE;
      decoded = String.fromCodePoint(code);
    }
    out += segment.slice(from, amp) + decoded;
    from = ENTITY.lastIndex;
    amp = segment.indexOf('&', from);
  }
  return out + segment.slice(from);
}

/** Text and CDATA sections up to the next tag. */
function readText(): string {
  let out = '';
  for (;;) {
    const lt = src.indexOf('<', pos);
    if (lt < 0) throw UNSURE;
    if (lt > pos) out += decode(src.slice(pos, lt));
    pos = lt;
    if (!src.startsWith('<![CDATA[', pos)) return out;
    const end = src.indexOf(']]>', pos + 9);
    if (end < 0) throw UNSURE;
    out += src.slice(pos + 9, end);
    pos = end + 3;
  }
}

/** A scalar's text after its opening tag, up to and including `close`. */
function scalar(close: string): string {
  const data = readText();
  expect(close);
  return data;
}

function integer(data: string): number {
  if (!INT.test(data)) throw UNSURE;
  return Number.parseInt(data, 10);
}

function readValue(): unknown {
  if (!src.startsWith('<value', pos)) throw UNSURE;
  const after = src.charCodeAt(pos + 6);
  if (after === SLASH) {
    expect('<value/>');
    return '';
  }
  if (after !== GT) throw UNSURE;
  pos += 7;
  const untyped = src.charCodeAt(pos) === LT && !src.startsWith('<![CDATA[', pos) ? '' : readText();
  if (at('</value>')) return untyped;
  if (untyped !== '' && NOT_WHITESPACE.test(untyped)) throw UNSURE;
  let value: unknown;
  // Dispatch on the type tag's first letter, then its exact spelling.
  switch (src.charCodeAt(pos + 1)) {
    case 115: // s
      if (at('<string>')) value = scalar('</string>');
      else if (at('<string/>')) value = '';
      else if (at('<struct>')) value = readStruct();
      else if (at('<struct/>')) value = {};
      else throw UNSURE;
      break;
    case 105: // i
      if (at('<int>')) value = integer(scalar('</int>'));
      else if (at('<i4>')) value = integer(scalar('</i4>'));
      else if (at('<i8>')) {
        const data = scalar('</i8>');
        if (!I8.test(data)) throw UNSURE;
        value = data;
      } else throw UNSURE;
      break;
    case 97: // a
      if (at('<array>')) value = readArray();
      else if (at('<array/>')) value = [];
      else throw UNSURE;
      break;
    case 98: // b
      if (at('<boolean>')) {
        const data = scalar('</boolean>');
        if (data !== '0' && data !== '1') throw UNSURE;
        value = data === '1';
      } else if (at('<base64>')) value = Buffer.from(scalar('</base64>'), 'base64');
      else if (at('<base64/>')) value = Buffer.alloc(0);
      else throw UNSURE;
      break;
    case 100: {
      // d
      if (!at('<double>')) throw UNSURE;
      // a Decimal, as the gateway's Deserializer reads it too (xmlrpc-double.ts): an amount never becomes a binary float
      const double = readXmlRpcDouble(scalar('</double>'));
      if (!double) throw UNSURE;
      value = double;
      break;
    }
    case 110: // n
      if (!at('<nil/>')) throw UNSURE;
      value = null;
      break;
    default:
      throw UNSURE;
  }
  skipWhitespace();
  expect('</value>');
  return value;
}

function readArray(): unknown[] {
  skipWhitespace();
  const items: unknown[] = [];
  if (!at('<data/>')) {
    expect('<data>');
    for (skipWhitespace(); !at('</data>'); skipWhitespace()) items.push(readValue());
  }
  skipWhitespace();
  expect('</array>');
  return items;
}

function readStruct(): Record<string, unknown> {
  // Built by assignment, as the Deserializer does (a `__proto__` member then sets the prototype, as there).
  const struct: Record<string, unknown> = {};
  for (skipWhitespace(); !at('</struct>'); skipWhitespace()) {
    expect('<member>');
    skipWhitespace();
    let name = '';
    if (!at('<name/>')) {
      expect('<name>');
      name = readText();
      expect('</name>');
    }
    skipWhitespace();
    struct[name] = readValue();
    skipWhitespace();
    expect('</member>');
  }
  return struct;
}

function isWellFormed(text: string): boolean {
  const native = (text as { isWellFormed?: () => boolean }).isWellFormed;
  return native ? native.call(text) : !LONE_SURROGATE.test(text);
}

/** Runs `read` on `text` from the start, after the optional declaration; undefined when unsure. */
function readDocument<T>(text: string, read: () => T): T | undefined {
  // A lone surrogate would be replaced by the Deserializer's stream decoding; a BOM is text before the root for sax.
  if (text.charCodeAt(0) === 0xfeff || !isWellFormed(text)) return undefined;
  src = text;
  pos = 0;
  try {
    if (at('<?xml')) {
      const end = src.indexOf('?>', pos);
      if (end < 0) throw UNSURE;
      pos = end + 2;
    }
    skipWhitespace();
    const result = read();
    skipWhitespace();
    return pos === src.length ? result : undefined;
  } catch {
    return undefined; // UNSURE, or a RangeError of a value nested too deeply for this recursion
  } finally {
    src = '';
  }
}

export interface XmlRpcCall {
  methodName: string;
  params: unknown[];
}

/** A method call, as the Deserializer's `deserializeMethodCall` reads it; undefined when unsure. Used by the fake Odoo to read requests. */
export function readMethodCall(text: string): XmlRpcCall | undefined {
  return readDocument(text, () => {
    expect('<methodCall>');
    skipWhitespace();
    expect('<methodName>');
    const methodName = readText();
    expect('</methodName>');
    if (!methodName) throw UNSURE;
    skipWhitespace();
    const params: unknown[] = [];
    if (!at('<params/>')) {
      expect('<params>');
      for (skipWhitespace(); !at('</params>'); skipWhitespace()) {
        expect('<param>');
        skipWhitespace();
        params.push(readValue());
        skipWhitespace();
        expect('</param>');
      }
    }
    skipWhitespace();
    expect('</methodCall>');
    return { methodName, params };
  });
}

/**
 * The value of a method response of one param, as the Deserializer's `deserializeMethodResponse` gives it, wrapped
 * (`{ value }`); undefined when unsure, faults included (they are rare: the Deserializer reads them).
 */
export function readMethodResponse(text: string): { value: unknown } | undefined {
  return readDocument(text, () => {
    expect('<methodResponse>');
    skipWhitespace();
    expect('<params>');
    skipWhitespace();
    expect('<param>');
    skipWhitespace();
    const value = readValue();
    skipWhitespace();
    expect('</param>');
    skipWhitespace();
    expect('</params>');
    skipWhitespace();
    expect('</methodResponse>');
    return { value };
  });
}
