import { createHash, randomBytes } from 'node:crypto';

/**
 * Secrets handed out once (refresh tokens, API tokens, invitation and reset links): 256 random bits, stored only as
 * their SHA-256 (a random 256-bit value needs no slow hash: nothing to guess). The prefix says what a token is for.
 */
export function newOpaqueToken(prefix: string): { token: string; hash: string } {
  const token = `${prefix}${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashOpaqueToken(token) };
}

export function hashOpaqueToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export const TOKEN_PREFIX = { refresh: 'clr_', apiToken: 'clt_', invitation: 'cli_', passwordReset: 'clp_' } as const;
