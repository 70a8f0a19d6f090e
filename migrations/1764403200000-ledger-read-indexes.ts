import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What GET /capital and /compliance read, for a cooperative of 100 000 members and 1 000 000 movements
 * (`npm run bench:ledger`), from indexes rather than from the whole journal or member table:
 * - subscriptions with a balance due, by due date, with what the overdue computation needs (index-only);
 * - who is a member on a date, by category and college: counted from the index alone. Its columns have few distinct
 *   values, so B-tree deduplication keeps it small (1.5 MB for 100 000 members) and the planner prefers it to the table;
 * - reversals: the unique constraint on `reverses_movement_id` becomes a unique index on the rows that have one. Same
 *   rule and same name (a second reversal is still refused as `uq_movement_reversal`), but the other movements, nearly
 *   all of them, are no longer entered in it: a smaller index, one index entry less to write per movement.
 */
export class LedgerReadIndexes1764403200000 implements MigrationInterface {
  name = 'LedgerReadIndexes1764403200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
CREATE INDEX ix_movement_subscription_due ON movement (cooperative_id, due_date)
  INCLUDE (effective_date, member_id, share_class_id, subscribed_delta, paid_delta, id)
  WHERE kind = 'SUBSCRIPTION' AND due_date IS NOT NULL;
CREATE INDEX ix_member_membership ON member (cooperative_id, category_id, college_id, admission_effective_date, exit_effective_date);
ALTER TABLE movement DROP CONSTRAINT uq_movement_reversal;
CREATE UNIQUE INDEX uq_movement_reversal ON movement (reverses_movement_id) WHERE reverses_movement_id IS NOT NULL;
`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
DROP INDEX IF EXISTS uq_movement_reversal;
ALTER TABLE movement ADD CONSTRAINT uq_movement_reversal UNIQUE (reverses_movement_id);
DROP INDEX IF EXISTS ix_member_membership;
DROP INDEX IF EXISTS ix_movement_subscription_due;
`);
  }
}
