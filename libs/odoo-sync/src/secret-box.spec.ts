import * as crypto from 'node:crypto';
import { SecretBox } from './secret-box';

// A counting scryptSync (the real one underneath): node's exports cannot be spied on in place.
jest.mock('node:crypto', () => {
  const actual = jest.requireActual<typeof import('node:crypto')>('node:crypto');
  return { ...actual, scryptSync: jest.fn(actual.scryptSync) };
});

const PASSPHRASE = 'a passphrase of some length';

/** The derivation and layout of v1, as SecretBox wrote them before v2 (sha256 of the passphrase as the key). */
function sealV1(passphrase: string, plaintext: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', crypto.createHash('sha256').update(passphrase).digest(), iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `v1:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
}

/** Flips one bit of the decoded bytes (not of the base64url text, whose last character also carries padding bits). */
function tamper(sealed: string, index: number): string {
  const raw = Buffer.from(sealed.slice(3), 'base64url');
  raw[index < 0 ? raw.length + index : index] ^= 0x01;
  return `${sealed.slice(0, 3)}${raw.toString('base64url')}`;
}

describe('SecretBox', () => {
  const box = new SecretBox(PASSPHRASE);

  it('writes v2, round-trips, with a fresh IV each time, and never shows the secret', () => {
    const a = box.seal('odoo-api-key-123');
    const b = box.seal('odoo-api-key-123');
    expect(a).toMatch(/^v2:[A-Za-z0-9_-]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('odoo-api-key');
    expect(box.open(a)).toBe('odoo-api-key-123');
    expect(box.open(box.seal(''))).toBe('');
    expect(box.open(box.seal('clé API é ✓'))).toBe('clé API é ✓');
  });

  it('derives the v2 key with scrypt (N=2^15, r=8, p=1) from the passphrase and the salt stored in the value', () => {
    const raw = Buffer.from(box.seal('odoo-api-key').slice(3), 'base64url');
    const key = crypto.scryptSync(PASSPHRASE, raw.subarray(0, 16), 32, { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
    const decipher = crypto.createDecipheriv('aes-256-gcm', key, raw.subarray(16, 28));
    decipher.setAuthTag(raw.subarray(28, 44));
    expect(Buffer.concat([decipher.update(raw.subarray(44)), decipher.final()]).toString('utf8')).toBe('odoo-api-key');
  });

  it('opens what another instance (another process, another salt) sealed with the same passphrase', () => {
    const other = new SecretBox(PASSPHRASE);
    const sealed = other.seal('from another process');
    expect(Buffer.from(sealed.slice(3), 'base64url').subarray(0, 16)).not.toEqual(Buffer.from(box.seal('x').slice(3), 'base64url').subarray(0, 16));
    expect(box.open(sealed)).toBe('from another process');
  });

  it('still opens v1 values: one written by the previous SecretBox, and fresh ones with the old derivation', () => {
    // sealed by SecretBox before v2 (commit 7066983), under PASSPHRASE
    expect(box.open('v1:wbI-3Y9XdS9uAew9qRheKZI8Y3K6W3X1FvAIOzcMYoqX4ezuWHaih85IrfdhQbyh')).toBe('odoo-api-key-from-v1');
    expect(box.open(sealV1(PASSPHRASE, 'an older key'))).toBe('an older key');
  });

  it('refuses another passphrase, in both formats', () => {
    const other = new SecretBox('another passphrase here');
    expect(() => other.open(box.seal('secret'))).toThrow();
    expect(() => other.open(sealV1(PASSPHRASE, 'secret'))).toThrow();
  });

  it('runs scrypt once per salt, not per call (it is deliberately slow)', () => {
    const scrypt = jest.mocked(crypto.scryptSync);
    scrypt.mockClear();
    const fresh = new SecretBox(PASSPHRASE);
    const sealed = [fresh.seal('a'), fresh.seal('b'), fresh.seal('c')];
    for (const s of sealed) fresh.open(s);
    expect(scrypt).toHaveBeenCalledTimes(1);
    const reader = new SecretBox(PASSPHRASE);
    for (const s of sealed) reader.open(s);
    expect(scrypt).toHaveBeenCalledTimes(2);
  });

  it.each([
    ['the salt', 0],
    ['the IV', 16],
    ['the authentication tag', 28],
    ['the ciphertext', 44],
    ['the last byte', -1],
  ])('refuses a v2 value with a byte of %s changed', (_part, index) => {
    const sealed = box.seal('secret');
    const tampered = tamper(sealed, index);
    expect(tampered).not.toBe(sealed);
    expect(() => box.open(tampered)).toThrow();
  });

  it.each([
    ['the IV', 0],
    ['the authentication tag', 12],
    ['the ciphertext', 28],
    ['the last byte', -1],
  ])('refuses a v1 value with a byte of %s changed', (_part, index) => {
    const sealed = sealV1(PASSPHRASE, 'secret');
    expect(() => box.open(tamper(sealed, index))).toThrow();
  });

  it('refuses a truncated value, a value relabelled to the other format, and an unknown format', () => {
    const sealed = box.seal('secret');
    expect(() => box.open(sealed.slice(0, 40))).toThrow();
    expect(() => box.open(`v1:${sealed.slice(3)}`)).toThrow();
    expect(() => box.open(`v2:${sealV1(PASSPHRASE, 'secret').slice(3)}`)).toThrow();
    expect(() => box.open(`v3:${sealed.slice(3)}`)).toThrow(/unknown secret format/);
  });

  it('refuses a short passphrase', () => {
    expect(() => new SecretBox('short')).toThrow(/16 characters/);
  });
});
