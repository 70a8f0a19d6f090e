import { createHash } from 'node:crypto';

/** Failures allowed before the back-off starts; then each failure doubles the wait, up to the ceiling. */
export const FREE_LOGIN_FAILURES = 5;
export const MAX_LOGIN_LOCK_SECONDS = 15 * 60;

/** How long an email is locked after its `failures`-th failure in a row (0: not locked). */
export function lockSecondsAfter(failures: number): number {
  if (failures < FREE_LOGIN_FAILURES) return 0;
  return Math.min(MAX_LOGIN_LOCK_SECONDS, 2 ** (failures - FREE_LOGIN_FAILURES));
}

/** The throttle's key: the email as typed, normalised, hashed (known or not, each email is throttled the same way). */
export function loginEmailKey(email: string): string {
  return createHash('sha256').update(email.trim().toLowerCase()).digest('hex');
}
