import { timingSafeEqual } from 'node:crypto';
import { HOTP, Secret, TOTP } from 'otpauth';

/** What every authenticator app understands (RFC 6238 defaults): changing them would break enrolled devices. */
const PERIOD_SECONDS = 30;
const DIGITS = 6;
const ALGORITHM = 'SHA1';
/** Steps accepted either side of now: a clock a little off, or a code typed as it changed. */
const DRIFT_STEPS = 1;
/** RFC 4226 recommends at least 128 bits and advises 160. */
const SECRET_BYTES = 20;

export type TotpCheck = { ok: true; step: number } | { ok: false; reason: 'INVALID' | 'REPLAYED' };

/** A new shared secret, base32 (what the otpauth:// URI carries and what is stored, encrypted). */
export function newTotpSecret(): string {
  return new Secret({ size: SECRET_BYTES }).base32;
}

/** The otpauth:// URI an authenticator app enrolls from (shown as a QR code). */
export function totpUri({ secret, account, issuer }: { secret: string; account: string; issuer: string }): string {
  return new TOTP({ issuer, label: account, secret: Secret.fromBase32(secret), algorithm: ALGORITHM, digits: DIGITS, period: PERIOD_SECONDS }).toString();
}

/** The time step of an instant: the counter the code of that instant is made from. */
export function totpStep(now: Date): number {
  const ms = now.getTime();
  if (!Number.isFinite(ms)) throw new RangeError('invalid date');
  return Math.floor(ms / 1000 / PERIOD_SECONDS);
}

const codeAt = (secret: Secret, step: number) => HOTP.generate({ secret, algorithm: ALGORITHM, digits: DIGITS, counter: step });

/** The code an authenticator shows at `now` (for tests and tools; never sent to a user). */
export function currentTotp(secret: string, now: Date): string {
  return codeAt(Secret.fromBase32(secret), totpStep(now));
}

/**
 * Checks a code against the steps around `now`. A code whose step is at or before `lastUsedStep` (the step of the last
 * accepted code, which the caller stores) is refused: a code seen over a shoulder or in a log cannot be used again.
 */
export function verifyTotp(secret: string, code: string, now: Date, lastUsedStep: number | null): TotpCheck {
  const typed = code.replace(/\s/g, '');
  if (!new RegExp(`^\\d{${DIGITS}}$`).test(typed)) return { ok: false, reason: 'INVALID' };
  const key = Secret.fromBase32(secret);
  const current = totpStep(now);
  const matches: number[] = [];
  // Every step of the window is compared, in constant time: how long a check takes says nothing about the code.
  for (let step = current - DRIFT_STEPS; step <= current + DRIFT_STEPS; step++) {
    if (timingSafeEqual(Buffer.from(codeAt(key, step)), Buffer.from(typed))) matches.push(step);
  }
  if (matches.length === 0) return { ok: false, reason: 'INVALID' };
  const fresh = matches.filter((step) => lastUsedStep === null || step > lastUsedStep);
  // When a code happens to be valid for two steps, the later one is used up, so the same code cannot come back.
  return fresh.length ? { ok: true, step: Math.max(...fresh) } : { ok: false, reason: 'REPLAYED' };
}
