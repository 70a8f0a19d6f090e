import { createHmac, timingSafeEqual } from 'node:crypto';
import { isCalendarDate, Money } from '@coop/core';

/**
 * The verification reference printed on a share certificate: `XXXX-XXXX-XXXX-XXXX`, 16 characters of Crockford base32,
 * i.e. the first 80 bits of an HMAC-SHA256 keyed with the cooperative's secret over what the certificate states (the
 * cooperative, the member, the date and each class's shares and paid-up amount). Nothing is stored: to check a presented
 * certificate, the cooperative recomputes the reference from its register as of the certificate's date and compares
 * (verifyCertificateReference). Any change of shares, paid-up amount, date, member or cooperative gives another
 * reference; without the secret nobody can make a reference that matches.
 */
export interface CertificateReferenceParts {
  cooperativeId: string;
  memberId: string;
  /** YYYY-MM-DD */
  asOf: string;
  holdings: { classCode: string; shares: number; paidAmount: string }[];
}

/** Crockford's base32: no I, L, O, U (read as 1, 1, 0 and never written). */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const GROUPS = 4;
const GROUP_LENGTH = 4;
const FORMAT = /^[0-9A-HJKMNP-TV-Z]{4}(?:-[0-9A-HJKMNP-TV-Z]{4}){3}$/;
/** Bumped if the serialization ever changes: a reference made under v1 stays checkable by v1. */
const VERSION = 'coop-ledger/share-certificate/v1';
/** A shorter key makes the reference guessable offline from a few certificates; 32 random bytes is the advice. */
export const MIN_SECRET_LENGTH = 16;
const DECIMAL = /^\d{1,16}(?:\.\d+)?$/;

/**
 * The canonical text that is signed: a JSON array (unambiguous quoting), holdings sorted by class code, amounts as
 * normalized decimals ("10.50" and "10.5" are the same amount, hence the same reference). A class where the member
 * holds no share and has paid nothing is left out, so that a ledger listing it with zeros and one omitting it agree.
 */
export function canonicalReferenceText(parts: CertificateReferenceParts): string {
  if (!parts.cooperativeId || !parts.memberId) throw new TypeError('certificate reference: cooperativeId and memberId are required');
  if (!isCalendarDate(parts.asOf)) throw new TypeError(`certificate reference: asOf must be a calendar date YYYY-MM-DD (got "${parts.asOf}")`);
  const seen = new Set<string>();
  const lines: [string, number, string][] = [];
  for (const h of parts.holdings) {
    if (!h.classCode) throw new TypeError('certificate reference: a holding has no class code');
    if (seen.has(h.classCode)) throw new TypeError(`certificate reference: class ${h.classCode} is listed twice`);
    seen.add(h.classCode);
    if (!Number.isSafeInteger(h.shares) || h.shares < 0) throw new TypeError(`certificate reference: class ${h.classCode} shares must be a whole number ≥ 0`);
    if (typeof h.paidAmount !== 'string' || !DECIMAL.test(h.paidAmount)) {
      throw new TypeError(`certificate reference: class ${h.classCode} paidAmount must be a decimal string ≥ 0 (got "${h.paidAmount}")`);
    }
    const paid = new Money(h.paidAmount);
    if (h.shares === 0 && paid.isZero()) continue;
    lines.push([h.classCode, h.shares, paid.toFixed()]);
  }
  lines.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return JSON.stringify([VERSION, parts.cooperativeId, parts.memberId, parts.asOf, lines]);
}

/** The reference of a certificate; same parts and secret → same reference. */
export function certificateReference(parts: CertificateReferenceParts, secret: string): string {
  if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) {
    throw new TypeError(`certificate reference: the secret must have at least ${MIN_SECRET_LENGTH} characters`);
  }
  const digest = createHmac('sha256', secret).update(canonicalReferenceText(parts), 'utf8').digest();
  return formatGroups(base32(digest, GROUPS * GROUP_LENGTH));
}

/** Exactly the printed form: four groups of four upper-case Crockford base32 characters, joined by hyphens. */
export function isValidReferenceFormat(s: string): boolean {
  return typeof s === 'string' && FORMAT.test(s);
}

/**
 * A reference as someone typed or read it, in the printed form, or null if it cannot be one: case, spaces and hyphens do
 * not matter, and the letters Crockford's base32 never writes are read as the digits they look like (O → 0, I and L → 1).
 */
export function normalizeReference(input: string): string | null {
  if (typeof input !== 'string') return null;
  const chars = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (chars.length !== GROUPS * GROUP_LENGTH || [...chars].some((c) => !ALPHABET.includes(c))) return null;
  return formatGroups(chars);
}

/** Whether a presented reference (normalized as above) is the one of these parts; compared in constant time. */
export function verifyCertificateReference(parts: CertificateReferenceParts, secret: string, presented: string): boolean {
  const normalized = normalizeReference(presented);
  if (normalized === null) return false;
  return timingSafeEqual(Buffer.from(certificateReference(parts, secret)), Buffer.from(normalized));
}

/** The first `length` base32 characters of `bytes`, 5 bits each, most significant bit first. */
function base32(bytes: Buffer, length: number): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5 && out.length < length) {
      out += ALPHABET[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
    if (out.length === length) break;
  }
  return out;
}

function formatGroups(chars: string): string {
  const groups: string[] = [];
  for (let i = 0; i < GROUPS; i++) groups.push(chars.slice(i * GROUP_LENGTH, (i + 1) * GROUP_LENGTH));
  return groups.join('-');
}
