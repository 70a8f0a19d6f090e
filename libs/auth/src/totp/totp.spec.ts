import fc from 'fast-check';
import { HOTP, Secret, TOTP, URI } from 'otpauth';
import { currentTotp, newTotpSecret, totpStep, totpUri, verifyTotp } from './totp';

/** RFC 6238 appendix B's SHA-1 secret, "12345678901234567890" in ASCII. */
const RFC_SECRET = Secret.fromLatin1('12345678901234567890').base32;
const at = (seconds: number) => new Date(seconds * 1000);

describe('TOTP', () => {
  it('matches the RFC 6238 SHA-1 vectors (8 digits through otpauth; ours are their last 6)', () => {
    const vectors: [number, string][] = [
      [59, '94287082'],
      [1111111109, '07081804'],
      [1234567890, '89005924'],
      [2000000000, '69279037'],
    ];
    for (const [seconds, code] of vectors) {
      expect(TOTP.generate({ secret: Secret.fromBase32(RFC_SECRET), algorithm: 'SHA1', digits: 8, period: 30, timestamp: seconds * 1000 })).toBe(code);
      expect(currentTotp(RFC_SECRET, at(seconds))).toBe(code.slice(2));
    }
    expect(verifyTotp(RFC_SECRET, '287082', at(59), null)).toEqual({ ok: true, step: 1 });
  });

  it('makes 160-bit base32 secrets, each different', () => {
    const secrets = Array.from({ length: 50 }, newTotpSecret);
    expect(new Set(secrets).size).toBe(50);
    for (const s of secrets) {
      expect(s).toMatch(/^[A-Z2-7]{32}$/);
      expect(Secret.fromBase32(s).bytes).toHaveLength(20);
    }
  });

  it('gives an otpauth:// URI an authenticator app reads back as the same parameters', () => {
    const secret = newTotpSecret();
    const uri = totpUri({ secret, account: 'alice@example.org', issuer: 'Coop Ledger' });
    expect(uri).toMatch(/^otpauth:\/\/totp\//);
    const parsed = URI.parse(uri) as TOTP;
    expect(parsed).toBeInstanceOf(TOTP);
    expect({ issuer: parsed.issuer, label: parsed.label, secret: parsed.secret.base32 }).toEqual({ issuer: 'Coop Ledger', label: 'alice@example.org', secret });
    expect({ algorithm: parsed.algorithm, digits: parsed.digits, period: parsed.period }).toEqual({ algorithm: 'SHA1', digits: 6, period: 30 });
  });

  it('accepts the code of the step before and after (drift), not two steps away', () => {
    const secret = newTotpSecret();
    const now = at(1_700_000_015); // mid-step
    const step = totpStep(now);
    for (const delta of [-1, 0, 1]) {
      expect(verifyTotp(secret, currentTotp(secret, at((step + delta) * 30)), now, null)).toEqual({ ok: true, step: step + delta });
    }
    for (const delta of [-2, 2]) {
      const code = currentTotp(secret, at((step + delta) * 30));
      // a code of a far step that happens to equal a near one's (1 in 10^6) is not a refusal to test
      const near = [-1, 0, 1].map((d) => currentTotp(secret, at((step + d) * 30)));
      if (!near.includes(code)) expect(verifyTotp(secret, code, now, null)).toEqual({ ok: false, reason: 'INVALID' });
    }
  });

  it('refuses a code already used, and any code of a step at or before the last one used', () => {
    const secret = newTotpSecret();
    const now = at(1_700_000_000);
    const first = verifyTotp(secret, currentTotp(secret, now), now, null);
    expect(first).toEqual({ ok: true, step: totpStep(now) });
    if (!first.ok) return;
    expect(verifyTotp(secret, currentTotp(secret, now), now, first.step)).toEqual({ ok: false, reason: 'REPLAYED' });
    const previous = currentTotp(secret, at(1_700_000_000 - 30));
    if (previous !== currentTotp(secret, now)) expect(verifyTotp(secret, previous, now, first.step)).toEqual({ ok: false, reason: 'REPLAYED' });
    const next = at(1_700_000_030);
    expect(verifyTotp(secret, currentTotp(secret, next), next, first.step)).toEqual({ ok: true, step: first.step + 1 });
  });

  it('accepts spaces in a typed code, and refuses anything that is not 6 digits', () => {
    const now = at(59);
    expect(verifyTotp(RFC_SECRET, '287 082', now, null)).toMatchObject({ ok: true });
    for (const code of ['', '28708', '2870820', '94287082', '28708a', '-287082', '２８７０８２']) {
      expect(verifyTotp(RFC_SECRET, code, now, null)).toEqual({ ok: false, reason: 'INVALID' });
    }
  });

  it('property: the code of any instant verifies at that instant, for its step, once', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 20, maxLength: 20 }), fc.integer({ min: 0, max: 4_000_000_000_000 }), (bytes, ms) => {
        const secret = new Secret({ buffer: bytes.slice().buffer }).base32;
        const now = new Date(ms);
        const code = currentTotp(secret, now);
        expect(code).toBe(HOTP.generate({ secret: Secret.fromBase32(secret), counter: Math.floor(ms / 30_000) }));
        const check = verifyTotp(secret, code, now, null);
        expect(check.ok).toBe(true);
        if (check.ok) expect(verifyTotp(secret, code, now, check.step)).toEqual({ ok: false, reason: 'REPLAYED' });
      }),
      { numRuns: 200 },
    );
  });

  it('refuses an invalid date rather than checking against no time at all', () => {
    expect(() => verifyTotp(RFC_SECRET, '287082', new Date(NaN), null)).toThrow(RangeError);
  });
});
