/**
 * One sync of a cooperative at a time, and no connection change or partner linking during a sync: all take the same
 * PostgreSQL advisory lock, keyed by the cooperative. A run holds it on a session for its whole duration; a connection
 * change or a link takes it for its transaction only.
 */
export const syncLockKey = (cooperativeId: string) => `odoo-sync:${cooperativeId}`;

export const SYNC_LOCK_SQL = {
  trySession: 'pg_try_advisory_lock(hashtext($1))',
  unlockSession: 'pg_advisory_unlock(hashtext($1))',
  tryTransaction: 'pg_try_advisory_xact_lock(hashtext($1))',
} as const;
