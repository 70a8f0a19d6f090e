import type { DataSource, QueryRunner } from 'typeorm';

/**
 * Runs `work` in one transaction: every write is all or nothing. The one transaction idiom of the ledger (rather than
 * `DataSource.transaction`): `work` gets the QueryRunner, whose `manager` is the transaction's EntityManager, and which
 * the idempotency claims and the journal lock take as is.
 */
export async function inTransaction<T>(dataSource: DataSource, work: (q: QueryRunner) => Promise<T>): Promise<T> {
  const q = dataSource.createQueryRunner();
  await q.connect();
  try {
    await q.startTransaction();
    const result = await work(q);
    await q.commitTransaction();
    return result;
  } catch (e) {
    if (q.isTransactionActive) await q.rollbackTransaction().catch(() => undefined);
    throw e;
  } finally {
    await q.release();
  }
}
