import { createHash, randomBytes } from 'node:crypto';

/** 32 characters without look-alikes (no 0/o, 1/i): 5 bits each, and a code read aloud or from paper is typed right. */
const ALPHABET = '23456789abcdefghjklmnpqrstuvwxyz';
const GROUPS = 3;
const GROUP_LENGTH = 4;

/** Codes for when the authenticator is lost, `xxxx-xxxx-xxxx`: 60 random bits each, shown once, stored hashed. */
export function newRecoveryCodes(count = 10): string[] {
  if (!Number.isInteger(count) || count < 1) throw new RangeError('count must be a positive whole number');
  const codes = new Set<string>();
  while (codes.size < count) {
    // 256 is a multiple of 32: a byte's low 5 bits are uniform.
    const chars = [...randomBytes(GROUPS * GROUP_LENGTH)].map((b) => ALPHABET[b & 31]).join('');
    codes.add(Array.from({ length: GROUPS }, (_, g) => chars.slice(g * GROUP_LENGTH, (g + 1) * GROUP_LENGTH)).join('-'));
  }
  return [...codes];
}

/** The code as typed, compared regardless of case, dashes and spaces. */
export function normalizeRecoveryCode(input: string): string {
  return input.toLowerCase().replace(/[\s-]/g, '');
}

/** What is stored: sha256 suffices, 60 random bits cannot be guessed offline (a slow hash protects weak secrets). */
export function hashRecoveryCode(code: string): string {
  return createHash('sha256').update(normalizeRecoveryCode(code)).digest('hex');
}
