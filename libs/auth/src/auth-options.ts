/** The accounts' settings, read from the environment at start (libs/core loadConfig) and given to AuthModule. */
export interface AuthOptions {
  /** Signs access tokens (HS256). null: a random key made once and kept in the database (table auth_secret). */
  jwtSecret: string | null;
  accessTokenTtlSeconds: number;
  refreshTokenTtlDays: number;
  /** argon2id cost: memory in KiB and passes, chosen for about 50-100 ms per hash on the machine that serves. */
  argon2MemoryKib: number;
  argon2Iterations: number;
  /** Operators must have a second factor to act as operators. */
  operatorRequiresSecondFactor: boolean;
  /** The base of the links sent by mail (invitations, password resets). */
  publicUrl: string;
  invitationTtlDays: number;
  passwordResetTtlMinutes: number;
}

export const AUTH_OPTIONS = Symbol('AUTH_OPTIONS');
export const MAILER = Symbol('MAILER');

export const DEFAULT_AUTH_OPTIONS: AuthOptions = {
  jwtSecret: null,
  accessTokenTtlSeconds: 900,
  refreshTokenTtlDays: 30,
  argon2MemoryKib: 65_536,
  argon2Iterations: 2,
  operatorRequiresSecondFactor: false,
  publicUrl: 'http://localhost:3000',
  invitationTtlDays: 7,
  passwordResetTtlMinutes: 60,
};
