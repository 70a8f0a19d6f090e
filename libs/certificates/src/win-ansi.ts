/**
 * pdfkit's built-in fonts (Helvetica…) only have the WinAnsi (Windows-1252) characters: anything else would come out as
 * a wrong glyph or nothing. toWinAnsi keeps what WinAnsi has, transliterates what it reasonably can (accents that
 * WinAnsi lacks are dropped: "ő" → "o", "ł" → "l") and puts "?" for the rest (an emoji, a CJK character).
 */

/** The characters of Windows-1252 0x80-0x9F (the rest is ASCII and Latin-1 0xA0-0xFF). */
const CP1252_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

/** Letters without a decomposition (NFD leaves them whole) and typographic spaces or signs WinAnsi lacks. */
const TRANSLITERATIONS: Record<string, string> = {
  ł: 'l',
  Ł: 'L',
  đ: 'd',
  Đ: 'D',
  ħ: 'h',
  Ħ: 'H',
  ı: 'i',
  ŀ: 'l',
  Ŀ: 'L',
  ŧ: 't',
  Ŧ: 'T',
  ĸ: 'k',
  ŉ: "'n",
  ẞ: 'SS',
  Ŋ: 'N',
  ŋ: 'n',
  '\u2007': '\u00a0', // figure space
  '\u202f': '\u00a0', // narrow no-break space (French typography)
  '\u2009': ' ', // thin space
  '\u2002': ' ',
  '\u2003': ' ',
  '\u2010': '-',
  '\u2011': '-',
  '\u2212': '-',
  '\u2032': "'",
  '\u2033': '"',
};

export function isWinAnsi(char: string): boolean {
  const code = char.codePointAt(0)!;
  return char.length === 1 && ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || CP1252_EXTRA.has(char));
}

/** `text` with only characters pdfkit's standard fonts can draw. Control characters and line breaks become spaces. */
export function toWinAnsi(text: string): string {
  let out = '';
  for (const char of text.normalize('NFC')) {
    if (isWinAnsi(char)) out += char;
    else if (char in TRANSLITERATIONS) out += TRANSLITERATIONS[char];
    else if (/\p{Cc}|\p{Zl}|\p{Zp}/u.test(char)) out += ' ';
    else if (/\p{M}|\p{Cf}/u.test(char))
      continue; // a stray combining mark, a zero-width joiner, a variation selector
    else {
      const base = char.normalize('NFD').replace(/\p{M}/gu, '');
      out += base.length > 0 && [...base].every(isWinAnsi) ? base : '?';
    }
  }
  return out;
}
