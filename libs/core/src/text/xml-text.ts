/**
 * Text that XML 1.0 — and so Odoo's XML-RPC — can carry. Its `Char` production allows TAB, LF, CR and the code points
 * from U+0020 up, except the surrogates (U+D800–U+DFFF, which only exist in pairs) and U+FFFE/U+FFFF. One such
 * character stored in a member made every Odoo sync of its cooperative fail (issue 7 §4), so the API refuses them.
 */
const NOT_XML_CHAR = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/**
 * In a one-line field (a name, an email, a reference) a line break or a tab is a paste accident that Odoo would show
 * as is: refused too, with the Unicode line separators (NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR) that break lines
 * just the same.
 */
const NOT_ONE_LINE_CHAR = /[^\x20-\x84\x86-\u2027\u202A-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/**
 * The first character of `text` XML 1.0 cannot carry, or null: the one rule, for what the API accepts and for what the
 * Odoo gateway sends (a lone surrogate included: sent, it would silently become U+FFFD).
 */
export function findNonXmlCharacter(text: string): { index: number; codePoint: number } | null {
  const m = NOT_XML_CHAR.exec(text);
  return m ? { index: m.index, codePoint: m[0].codePointAt(0) as number } : null;
}

export interface UnsafeCharacter {
  /** "U+000B" */
  codePoint: string;
  /** Index of the character in the string (UTF-16 units, as JavaScript counts). */
  index: number;
  /** Why it is refused: XML cannot carry it at all, or it breaks a line in a one-line field. */
  reason: 'NOT_XML' | 'LINE_BREAK_OR_TAB';
}

const NAMES: Record<number, string> = {
  0x09: 'tab',
  0x0a: 'line feed',
  0x0d: 'carriage return',
  0x0b: 'vertical tab',
  0x0c: 'form feed',
  0x00: 'NUL',
  0x85: 'next line',
  0x2028: 'line separator',
  0x2029: 'paragraph separator',
  0xfffe: 'noncharacter',
  0xffff: 'noncharacter',
};

/** The first character of `value` that the field cannot hold, or null. */
export function findUnsafeCharacter(value: string, options: { multiLine: boolean }): UnsafeCharacter | null {
  const xml = NOT_XML_CHAR.exec(value);
  const line = options.multiLine ? null : NOT_ONE_LINE_CHAR.exec(value);
  const found = xml && (!line || xml.index <= line.index) ? xml : line;
  if (!found) return null;
  const code = found[0].codePointAt(0) as number;
  return { codePoint: formatCodePoint(code), index: found.index, reason: found === xml ? 'NOT_XML' : 'LINE_BREAK_OR_TAB' };
}

export function formatCodePoint(code: number): string {
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** "U+000B (vertical tab)", "U+D800 (lone surrogate)", "U+0001 (control character)". */
export function describeCharacter(c: UnsafeCharacter): string {
  const code = parseInt(c.codePoint.slice(2), 16);
  const name = NAMES[code] ?? (code >= 0xd800 && code <= 0xdfff ? 'lone surrogate' : code < 0x20 ? 'control character' : undefined);
  return name ? `${c.codePoint} (${name})` : c.codePoint;
}
