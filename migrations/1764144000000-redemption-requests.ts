import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Redemptions that the capital floor holds back wait here, to be executed in the chronological order of exits
 * as soon as capital allows (L47 art. 13, C. com. L231-5). A queue, not the register: the register only ever
 * receives the redemption movement itself.
 */
export class RedemptionRequests1764144000000 implements MigrationInterface {
  name = 'RedemptionRequests1764144000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
CREATE TABLE redemption_request (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  cooperative_id uuid NOT NULL REFERENCES cooperative(id),
  member_id uuid NOT NULL,
  share_class_id uuid NOT NULL,
  shares integer NOT NULL CHECK (shares > 0),
  requested_on date NOT NULL,
  approval_reference text,
  approval_date date,
  status text NOT NULL CHECK (status IN ('PENDING','EXECUTED','CANCELLED')),
  last_refusal_code text,
  last_refusal text,
  movement_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT fk_redemption_request_member FOREIGN KEY (cooperative_id, member_id) REFERENCES member (cooperative_id, id),
  CONSTRAINT fk_redemption_request_share_class FOREIGN KEY (cooperative_id, share_class_id) REFERENCES share_class (cooperative_id, id),
  CONSTRAINT fk_redemption_request_movement FOREIGN KEY (cooperative_id, movement_id) REFERENCES movement (cooperative_id, id),
  CONSTRAINT ck_redemption_request_executed CHECK ((status = 'EXECUTED') = (movement_id IS NOT NULL))
);
CREATE INDEX ix_redemption_request_queue ON redemption_request (cooperative_id, requested_on, created_at) WHERE status = 'PENDING';
-- one waiting request per member and class: a retried deferral finds the first one
CREATE UNIQUE INDEX uq_redemption_request_pending ON redemption_request (member_id, share_class_id) WHERE status = 'PENDING';
`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS redemption_request');
  }
}
