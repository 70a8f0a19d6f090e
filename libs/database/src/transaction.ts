import type { DataSource, QueryRunner } from 'typeorm';

/** Runs `work` in one transaction: every write is all or nothing. */
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
