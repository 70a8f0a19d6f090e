import { DomainError } from '@coop/core';

/**
 * The lock of a cooperative's journal: its `ledger_state` row. Every movement takes it (the journal's triggers update the
 * row), and so do admissions and exits, so that a member's status read under it stays true until commit.
 *
 * Take it in a statement of its own, before reading what the rules need: under READ COMMITTED a statement reads with the
 * snapshot taken when it started, so a `SELECT … FOR UPDATE` that waited for the lock would re-read the locked row but
 * still see, in its subqueries, the holdings and members as they were before the writer it waited for committed.
 */
export const JOURNAL_LOCK_SQL = 'SELECT 1 FROM ledger_state WHERE cooperative_id = $1 FOR UPDATE';

/** Something that runs SQL in the caller's transaction (a TypeORM QueryRunner or EntityManager). */
export interface SqlRunner {
  query<T = unknown>(sql: string, parameters?: unknown[]): Promise<T>;
}

/** Takes the journal's lock until the transaction ends; an unknown cooperative is COOPERATIVE_NOT_FOUND. */
export async function lockJournal(q: SqlRunner, cooperativeId: string): Promise<void> {
  const rows: unknown[] = await q.query(JOURNAL_LOCK_SQL, [cooperativeId]);
  if (!rows.length) throw new DomainError('COOPERATIVE_NOT_FOUND', `cooperative ${cooperativeId} does not exist`, 'cooperativeId');
}
