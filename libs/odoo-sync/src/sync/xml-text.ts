/**
 * TEMPORARY (replaced by libs/odoo's findXmlIllegalChar when the gateway work lands): the first character of a text
 * that XML 1.0, hence XML-RPC, cannot carry.
 */
const ILLEGAL_CHAR = /[\u0000-\u0008\u000B-\u000C\u000E-\u001F\uFFFE-\uFFFF]/;

export function findXmlIllegalChar(value: unknown, path = ''): { path: string; index: number; codePoint: number } | null {
  if (typeof value === 'string') {
    const m = ILLEGAL_CHAR.exec(value);
    return m ? { path, index: m.index, codePoint: m[0].codePointAt(0) as number } : null;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findXmlIllegalChar(value[i], `${path}[${i}]`);
      if (found) return found;
    }
  }
  return null;
}
