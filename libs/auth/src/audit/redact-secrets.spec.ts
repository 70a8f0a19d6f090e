import { redactSecrets } from './audit.service';

describe('redactSecrets (what the audit trail keeps of a request body)', () => {
  it('blanks every field that may hold a secret, at any depth', () => {
    expect(
      redactSecrets({ email: 'a@b.org', password: 'x', nested: [{ refreshToken: 't', city: 'Lyon' }], secretEnv: 'ODOO_SECRET_A', totpCode: '123456' }),
    ).toEqual({
      email: 'a@b.org',
      password: '[redacted]',
      nested: [{ refreshToken: '[redacted]', city: 'Lyon' }],
      secretEnv: '[redacted]',
      totpCode: '[redacted]',
    });
  });

  it('keeps text jsonb can hold: a NUL or a lone surrogate becomes U+FFFD, a surrogate pair stays', () => {
    expect(redactSecrets({ city: 'Ly\u0000on', name: 'Coop \uD800', tail: '\uDC00x', emoji: 'ok \uD83D\uDE00' })).toEqual({
      city: 'Ly\uFFFDon',
      name: 'Coop \uFFFD',
      tail: '\uFFFDx',
      emoji: 'ok \uD83D\uDE00',
    });
    expect(() => JSON.parse(JSON.stringify(redactSecrets({ v: '\uD800' })))).not.toThrow();
  });
});
