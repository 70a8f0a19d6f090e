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

  it('refuses another key and a tampered ciphertext', () => {
    const sealed = box.seal('secret');
    expect(() => new SecretBox('another passphrase here').open(sealed)).toThrow();
    const tampered = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'BB' : 'AA');
    expect(() => box.open(tampered)).toThrow();
  });

  it('refuses a short passphrase', () => {
    expect(() => new SecretBox('short')).toThrow(/16 characters/);
  });
});
