import { DomainError } from '@coop/core';

/** NIST SP 800-63B: length over composition rules; long passphrases welcome; the hash input stays bounded. */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;

/** Refuses a password too short, too long, or that is the account's email. */
export function checkPasswordPolicy(password: string, email: string, field = 'password'): void {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH || length > PASSWORD_MAX_LENGTH) {
    throw new DomainError('PASSWORD_TOO_WEAK', `a password has ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters`, field);
  }
  if (password.trim().toLowerCase() === email.trim().toLowerCase()) throw new DomainError('PASSWORD_TOO_WEAK', 'a password may not be the email', field);
}
