import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A replay answers what the first request answered, even when the resource changed since (a member admitted later). */
export class IdempotencyResponse1764230400000 implements MigrationInterface {
  name = 'IdempotencyResponse1764230400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE idempotency_key ADD COLUMN response jsonb');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE idempotency_key DROP COLUMN response');
  }
}
