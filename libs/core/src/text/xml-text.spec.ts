import { describeCharacter, findUnsafeCharacter } from './xml-text';

const oneLine = { multiLine: false };
const multiLine = { multiLine: true };

describe('text that XML 1.0 (Odoo XML-RPC) can carry', () => {
  it.each([
    ['plain ASCII', 'Jeanne Dupont'],
    ['accents, ligatures and other scripts', 'Élodie Lefèvre-Œuvray, 山田 太郎, Ñandú, Ελένη'],
    ['characters outside the BMP (a surrogate pair)', 'Coop 🌱 des jardins 𝔸'],
    ['the last code points below the surrogates and the noncharacters', '\uD7FF\uE000\uFFFD'],
    ['C1 controls other than NEL (allowed by XML 1.0)', 'a\u0080b\u009Fc'],
    ['the empty string', ''],
  ])('accepts %s in any field', (_, value) => {
    expect(findUnsafeCharacter(value, oneLine)).toBeNull();
    expect(findUnsafeCharacter(value, multiLine)).toBeNull();
  });

  it.each([
    ['a vertical tab', 'Jeanne\u000BDupont', 'U+000B', 6],
    ['NUL', '\u0000', 'U+0000', 0],
    ['a form feed', 'a\fb', 'U+000C', 1],
    ['an escape', 'x\u001B[0m', 'U+001B', 1],
    ['U+FFFE', 'a\uFFFE', 'U+FFFE', 1],
    ['U+FFFF', '\uFFFFa', 'U+FFFF', 0],
    ['a lone high surrogate', 'ab\uD800', 'U+D800', 2],
    ['a lone low surrogate', '\uDC00ab', 'U+DC00', 0],
    ['two high surrogates in a row', '\uD83D\uD83D\uDE00', 'U+D83D', 0],
  ])('refuses %s, even in a multi-line field, naming the code point and where it is', (_, value, codePoint, index) => {
    expect(findUnsafeCharacter(value, multiLine)).toEqual({ codePoint, index, reason: 'NOT_XML' });
    expect(findUnsafeCharacter(value, oneLine)).toEqual({ codePoint, index, reason: 'NOT_XML' });
  });

  it.each([
    ['a line feed', 'Dupont\n', 'U+000A'],
    ['a carriage return', 'Dupont\r', 'U+000D'],
    ['a tab', 'Dupont\t', 'U+0009'],
    ['NEL', 'Dupont\u0085', 'U+0085'],
    ['a line separator', 'Dupont\u2028', 'U+2028'],
    ['a paragraph separator', 'Dupont\u2029', 'U+2029'],
  ])('refuses %s in a one-line field only', (_, value, codePoint) => {
    expect(findUnsafeCharacter(value, oneLine)).toEqual({ codePoint, index: 6, reason: 'LINE_BREAK_OR_TAB' });
    expect(findUnsafeCharacter(value, multiLine)).toBeNull();
  });

  it('names the first refused character, whichever rule refuses it', () => {
    expect(findUnsafeCharacter('a\tb\u000Bc', oneLine)).toEqual({ codePoint: 'U+0009', index: 1, reason: 'LINE_BREAK_OR_TAB' });
    expect(findUnsafeCharacter('a\u000Bb\tc', oneLine)).toEqual({ codePoint: 'U+000B', index: 1, reason: 'NOT_XML' });
    expect(findUnsafeCharacter('a\tb\u000Bc', multiLine)).toEqual({ codePoint: 'U+000B', index: 3, reason: 'NOT_XML' });
  });

  it('describes the character for people', () => {
    expect(describeCharacter({ codePoint: 'U+000B', index: 0, reason: 'NOT_XML' })).toBe('U+000B (vertical tab)');
    expect(describeCharacter({ codePoint: 'U+0001', index: 0, reason: 'NOT_XML' })).toBe('U+0001 (control character)');
    expect(describeCharacter({ codePoint: 'U+DBFF', index: 0, reason: 'NOT_XML' })).toBe('U+DBFF (lone surrogate)');
    expect(describeCharacter({ codePoint: 'U+000A', index: 0, reason: 'LINE_BREAK_OR_TAB' })).toBe('U+000A (line feed)');
  });

  it('agrees with the XML 1.0 Char production on every code point of the BMP', () => {
    // Char ::= #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
    const isXmlChar = (c: number) => c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd);
    const disagreements: number[] = [];
    for (let c = 0; c <= 0xffff; c++) {
      const refused = findUnsafeCharacter(String.fromCharCode(c), multiLine) !== null;
      if (refused === isXmlChar(c)) disagreements.push(c);
    }
    expect(disagreements).toEqual([]);
  });
});
