import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The Odoo bridge, after a real Odoo showed what it must not do:
 * - a **target** is one Odoo database (URL and database) under one external-id module; the members' sync states
 *   belong to their target, so pointing a cooperative at another Odoo fills the new one and keeps the old one's history;
 * - partners are never adopted by `ref` any more (`adopt_existing` goes): a pre-existing contact becomes a member's
 *   partner only through an explicit, recorded **link** an accountant confirms;
 * - the connection names the Odoo company (`res.company` id) the cooperative's partners belong to;
 * - a member's sync state carries **warnings** (a country or language Odoo does not know).
 */
export class OdooTargets1764921600000 implements MigrationInterface {
  name = 'OdooTargets1764921600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
CREATE TABLE odoo_target (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  cooperative_id uuid NOT NULL REFERENCES cooperative(id),
  url text NOT NULL,
  database text NOT NULL,
  module text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  retired_at timestamptz,
  CONSTRAINT uq_odoo_target_cooperative UNIQUE (cooperative_id, id)
);
-- One current target per cooperative: the one its connection points at.
CREATE UNIQUE INDEX ux_odoo_target_current ON odoo_target (cooperative_id) WHERE retired_at IS NULL;

INSERT INTO odoo_target (cooperative_id, url, database, module) SELECT cooperative_id, url, database, module FROM odoo_connection;

ALTER TABLE odoo_connection ADD COLUMN target_id uuid, ADD COLUMN company_id integer CHECK (company_id > 0);
UPDATE odoo_connection c SET target_id = t.id FROM odoo_target t WHERE t.cooperative_id = c.cooperative_id;
ALTER TABLE odoo_connection
  ALTER COLUMN target_id SET NOT NULL,
  ADD CONSTRAINT fk_odoo_connection_target FOREIGN KEY (cooperative_id, target_id) REFERENCES odoo_target (cooperative_id, id),
  DROP COLUMN adopt_existing;

ALTER TABLE odoo_member_sync ADD COLUMN target_id uuid, ADD COLUMN warnings jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(warnings) = 'array');
UPDATE odoo_member_sync s SET target_id = c.target_id FROM odoo_connection c WHERE c.cooperative_id = s.cooperative_id;
DELETE FROM odoo_member_sync WHERE target_id IS NULL;
ALTER TABLE odoo_member_sync
  DROP CONSTRAINT odoo_member_sync_pkey,
  ALTER COLUMN target_id SET NOT NULL,
  ADD CONSTRAINT pk_odoo_member_sync PRIMARY KEY (target_id, member_id),
  ADD CONSTRAINT fk_odoo_member_sync_target FOREIGN KEY (cooperative_id, target_id) REFERENCES odoo_target (cooperative_id, id);
DROP INDEX ix_odoo_member_sync_status;
CREATE INDEX ix_odoo_member_sync_status ON odoo_member_sync (target_id, status);

ALTER TABLE odoo_sync_run ADD COLUMN target_id uuid;
UPDATE odoo_sync_run r SET target_id = c.target_id FROM odoo_connection c WHERE c.cooperative_id = r.cooperative_id;
ALTER TABLE odoo_sync_run
  ALTER COLUMN target_id SET NOT NULL,
  ADD CONSTRAINT fk_odoo_sync_run_target FOREIGN KEY (cooperative_id, target_id) REFERENCES odoo_target (cooperative_id, id);

-- The explicit links an accountant confirmed between a member and a contact that already existed in Odoo: the audit of
-- the only way a partner the sync did not create becomes one it writes. Append-only.
CREATE TABLE odoo_partner_link (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  cooperative_id uuid NOT NULL,
  target_id uuid NOT NULL,
  member_id uuid NOT NULL,
  odoo_partner_id integer NOT NULL CHECK (odoo_partner_id > 0),
  matched_by text[] NOT NULL CHECK (matched_by <@ ARRAY['EMAIL', 'NAME_POSTAL_CODE', 'REF', 'MANUAL']::text[] AND cardinality(matched_by) > 0),
  confirmed_by text CHECK (length(confirmed_by) BETWEEN 1 AND 200),
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT fk_odoo_partner_link_target FOREIGN KEY (cooperative_id, target_id) REFERENCES odoo_target (cooperative_id, id),
  CONSTRAINT fk_odoo_partner_link_member FOREIGN KEY (cooperative_id, member_id) REFERENCES member (cooperative_id, id)
);
CREATE INDEX ix_odoo_partner_link_target ON odoo_partner_link (target_id, member_id);
CREATE TRIGGER tg_odoo_partner_link_append_only BEFORE UPDATE OR DELETE ON odoo_partner_link FOR EACH ROW EXECUTE FUNCTION coop_refuse_change();
`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
DROP TABLE odoo_partner_link;
ALTER TABLE odoo_sync_run DROP CONSTRAINT fk_odoo_sync_run_target, DROP COLUMN target_id;
DELETE FROM odoo_member_sync s USING odoo_connection c WHERE c.cooperative_id = s.cooperative_id AND s.target_id <> c.target_id;
DROP INDEX ix_odoo_member_sync_status;
ALTER TABLE odoo_member_sync DROP CONSTRAINT pk_odoo_member_sync, DROP CONSTRAINT fk_odoo_member_sync_target, DROP COLUMN target_id, DROP COLUMN warnings,
  ADD PRIMARY KEY (member_id);
CREATE INDEX ix_odoo_member_sync_status ON odoo_member_sync (cooperative_id, status);
ALTER TABLE odoo_connection DROP CONSTRAINT fk_odoo_connection_target, DROP COLUMN target_id, DROP COLUMN company_id,
  ADD COLUMN adopt_existing boolean NOT NULL DEFAULT false;
DROP TABLE odoo_target;
`);
  }
}
