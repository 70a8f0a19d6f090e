import type { Client } from 'pg';

/**
 * The projection of unpaid amounts by due date (holding_due, unpaid_due) next to the same figures computed from the
 * journal alone (coop_unpaid_due_from_journal, and its sums per due date): tests expect the two to be equal.
 */
export async function unpaidDueBothWays(db: Client, cooperativeId: string) {
  const rows = async (sql: string) => (await db.query(sql, [cooperativeId])).rows;
  const byHolding =
    `SELECT member_id, share_class_id, due_date::text AS due_date, balance::numeric(20,4)::text AS balance, ` + `unpaid::numeric(20,4)::text AS unpaid`;
  const order = 'ORDER BY member_id, share_class_id, due_date';
  const byDate = `SELECT due_date::text AS due_date, sum(unpaid)::numeric(20,4)::text AS unpaid`;
  return {
    projection: {
      holdings: await rows(`${byHolding} FROM holding_due WHERE cooperative_id = $1 ${order}`),
      dates: await rows(`${byDate} FROM unpaid_due WHERE cooperative_id = $1 GROUP BY due_date ORDER BY due_date`),
    },
    journal: {
      holdings: await rows(`${byHolding} FROM coop_unpaid_due_from_journal($1) ${order}`),
      dates: await rows(`${byDate} FROM coop_unpaid_due_from_journal($1) GROUP BY due_date HAVING sum(unpaid) > 0 ORDER BY due_date`),
    },
  };
}

/** Asserts that the projection equals the journal; returns it. */
export async function expectUnpaidDueEqualsJournal(db: Client, cooperativeId: string) {
  const both = await unpaidDueBothWays(db, cooperativeId);
  expect(both.projection).toEqual(both.journal);
  return both.projection;
}
