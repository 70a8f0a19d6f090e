import { SecretBox } from './secret-box';

describe('SecretBox', () => {
  const box = new SecretBox('a passphrase of some length');

  it('round-trips, with a fresh IV each time, and never shows the secret', () => {
    const a = box.seal('odoo-api-key-123');
    const b = box.seal('odoo-api-key-123');
    expect(a).not.toBe(b);
    expect(a).not.toContain('odoo-api-key');
    expect(box.open(a)).toBe('odoo-api-key-123');
  });

  it('refuses another key', () => {
    expect(() => new SecretBox('another passphrase here').open(box.seal('secret'))).toThrow();
  });

  // Tamper with the decoded bytes, not with the base64url text: the last character of the text also carries padding
  // bits, so changing it does not always change the bytes (the "tampered" value was then sometimes the original).
  it.each([
    ['the IV', 0],
    ['the authentication tag', 12],
    ['the ciphertext', 28],
    ['the last byte', -1],
  ])('refuses a ciphertext with a byte of %s changed', (_part, index) => {
    const sealed = box.seal('secret');
    const raw = Buffer.from(sealed.slice('v1:'.length), 'base64url');
    const at = index < 0 ? raw.length + index : index;
    raw[at] ^= 0x01;
    const tampered = `v1:${raw.toString('base64url')}`;
    expect(tampered).not.toBe(sealed);
    expect(() => box.open(tampered)).toThrow();
  });

  it('refuses a short passphrase', () => {
    expect(() => new SecretBox('short')).toThrow(/16 characters/);
  });
});
