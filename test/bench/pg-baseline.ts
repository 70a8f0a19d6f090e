import { Client } from 'pg';
import { closedLoop, type ClosedLoopResult } from './closed-loop';

/**
 * What the database alone allows on this machine, measured on bench-only tables in the same database:
 * (a) the minimal transaction of any gapless per-cooperative register: BEGIN; take the next number from the
 *     cooperative's counter row (one row shared by every client, so the row lock serialises them); INSERT one journal row;
 *     COMMIT;
 * (b) a bare autocommitted INSERT into the same journal table (no shared row: the ceiling of concurrent inserts).
 */
export async function createBaselineTables(url: string, cooperativeId: string): Promise<void> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    await db.query(`
      CREATE TABLE bench_counter (cooperative_id uuid PRIMARY KEY, last_number integer NOT NULL);
      CREATE TABLE bench_journal (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        cooperative_id uuid NOT NULL,
        number integer,
        member_id uuid NOT NULL,
        amount numeric(20,4) NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now());`);
    await db.query('INSERT INTO bench_counter VALUES ($1, 0)', [cooperativeId]);
  } finally {
    await db.end();
  }
}

export async function dropBaselineTables(url: string): Promise<void> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    await db.query('DROP TABLE IF EXISTS bench_counter, bench_journal');
  } finally {
    await db.end();
  }
}

export async function runBaseline(
  url: string,
  kind: 'counter' | 'insert',
  opts: { cooperativeId: string; memberIds: string[]; concurrency: number; warmupMs: number; durationMs: number },
): Promise<ClosedLoopResult> {
  const clients = await Promise.all(
    Array.from({ length: opts.concurrency }, async () => {
      const c = new Client({ connectionString: url, application_name: `coop-ledger-bench-${kind}` });
      await c.connect();
      return c;
    }),
  );
  const pick = () => opts.memberIds[Math.floor(Math.random() * opts.memberIds.length)];
  try {
    return await closedLoop({
      concurrency: opts.concurrency,
      warmupMs: opts.warmupMs,
      durationMs: opts.durationMs,
      operation: async (w) => {
        const c = clients[w];
        if (kind === 'insert') {
          await c.query({
            name: 'bare-insert',
            text: 'INSERT INTO bench_journal (cooperative_id, member_id, amount) VALUES ($1, $2, $3)',
            values: [opts.cooperativeId, pick(), '20.0000'],
          });
          return;
        }
        await c.query('BEGIN');
        try {
          const { rows } = await c.query({
            name: 'next-number',
            text: 'UPDATE bench_counter SET last_number = last_number + 1 WHERE cooperative_id = $1 RETURNING last_number',
            values: [opts.cooperativeId],
          });
          await c.query({
            name: 'numbered-insert',
            text: 'INSERT INTO bench_journal (cooperative_id, number, member_id, amount) VALUES ($1, $2, $3, $4)',
            values: [opts.cooperativeId, rows[0].last_number, pick(), '20.0000'],
          });
          await c.query('COMMIT');
        } catch (e) {
          await c.query('ROLLBACK').catch(() => undefined);
          throw e;
        }
      },
      describeError: (e) => (e as Error).message,
    });
  } finally {
    await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
  }
}
