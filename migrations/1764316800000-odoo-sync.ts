import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The Odoo bridge: per-cooperative connection settings, an outbox of member changes written by a trigger in the same
 * transaction as the change (nothing is lost when Odoo is down), each member's sync state, and the runs.
 */
export class OdooSync1764316800000 implements MigrationInterface {
  name = 'OdooSync1764316800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
CREATE TABLE odoo_connection (
  cooperative_id uuid PRIMARY KEY REFERENCES cooperative(id),
  url text NOT NULL CHECK (url ~ '^https?://'),
  database text NOT NULL CHECK (length(database) BETWEEN 1 AND 200),
  login text NOT NULL CHECK (length(login) BETWEEN 1 AND 200),
  -- the password or API key: encrypted with ODOO_SECRET_KEY, or only the name of an environment variable that holds it
  secret_ciphertext text,
  secret_env text CHECK (secret_env ~ '^[A-Z_][A-Z0-9_]{0,127}$'),
  module text NOT NULL DEFAULT 'coop_ledger' CHECK (module ~ '^[a-z][a-z0-9_]{0,63}$'),
  adopt_existing boolean NOT NULL DEFAULT true,
  enabled boolean NOT NULL DEFAULT true,
  capabilities jsonb,
  capabilities_checked_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT ck_odoo_connection_secret CHECK ((secret_ciphertext IS NULL) <> (secret_env IS NULL))
);

CREATE TABLE odoo_sync_event (
  id bigserial PRIMARY KEY,
  cooperative_id uuid NOT NULL,
  member_id uuid NOT NULL,
  reason text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  processed_at timestamptz,
  CONSTRAINT fk_odoo_sync_event_member FOREIGN KEY (cooperative_id, member_id) REFERENCES member (cooperative_id, id)
);
CREATE INDEX ix_odoo_sync_event_pending ON odoo_sync_event (cooperative_id, member_id, id) WHERE processed_at IS NULL;

CREATE TABLE odoo_member_sync (
  member_id uuid PRIMARY KEY,
  cooperative_id uuid NOT NULL,
  odoo_partner_id integer CHECK (odoo_partner_id > 0),
  synced_hash text,
  synced_at timestamptz,
  status text NOT NULL CHECK (status IN ('PENDING','SYNCED','FAILED','DEAD')),
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  last_error text,
  last_error_kind text,
  next_attempt_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT fk_odoo_member_sync_member FOREIGN KEY (cooperative_id, member_id) REFERENCES member (cooperative_id, id)
);
CREATE INDEX ix_odoo_member_sync_status ON odoo_member_sync (cooperative_id, status);

CREATE TABLE odoo_sync_run (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  cooperative_id uuid NOT NULL REFERENCES cooperative(id),
  trigger text NOT NULL CHECK (trigger IN ('API','WORKER','COMMAND')),
  status text NOT NULL CHECK (status IN ('RUNNING','SUCCEEDED','PARTIAL','FAILED')),
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  stats jsonb NOT NULL DEFAULT '{}',
  error text,
  error_kind text
);
CREATE INDEX ix_odoo_sync_run_cooperative ON odoo_sync_run (cooperative_id, started_at DESC);

-- The outbox: what Odoo shows of a member changed, so an event is written in the same transaction.
CREATE FUNCTION coop_member_sync_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO odoo_sync_event (cooperative_id, member_id, reason)
  VALUES (NEW.cooperative_id, NEW.id, CASE WHEN TG_OP = 'INSERT' THEN 'CREATED' ELSE 'UPDATED:' || NEW.status END);
  RETURN NULL;
END $$;
CREATE TRIGGER tg_member_sync_event_insert AFTER INSERT ON member FOR EACH ROW EXECUTE FUNCTION coop_member_sync_event();
CREATE TRIGGER tg_member_sync_event_update AFTER UPDATE ON member FOR EACH ROW
  WHEN ((OLD.person_type, OLD.first_name, OLD.last_name, OLD.company_name, OLD.email, OLD.phone, OLD.street, OLD.postal_code,
         OLD.city, OLD.country, OLD.language, OLD.college_id, OLD.status, OLD.member_number)
        IS DISTINCT FROM
        (NEW.person_type, NEW.first_name, NEW.last_name, NEW.company_name, NEW.email, NEW.phone, NEW.street, NEW.postal_code,
         NEW.city, NEW.country, NEW.language, NEW.college_id, NEW.status, NEW.member_number))
  EXECUTE FUNCTION coop_member_sync_event();

-- A college's name is a contact tag in Odoo: renaming it changes its members there.
CREATE FUNCTION coop_college_sync_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO odoo_sync_event (cooperative_id, member_id, reason)
  SELECT m.cooperative_id, m.id, 'COLLEGE_RENAMED' FROM member m WHERE m.college_id = NEW.id;
  RETURN NULL;
END $$;
CREATE TRIGGER tg_college_sync_event AFTER UPDATE OF name ON college FOR EACH ROW
  WHEN (OLD.name IS DISTINCT FROM NEW.name AND NEW.name NOT LIKE '~%') EXECUTE FUNCTION coop_college_sync_event();
`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
DROP TRIGGER IF EXISTS tg_college_sync_event ON college;
DROP TRIGGER IF EXISTS tg_member_sync_event_update ON member;
DROP TRIGGER IF EXISTS tg_member_sync_event_insert ON member;
DROP FUNCTION IF EXISTS coop_college_sync_event(), coop_member_sync_event();
DROP TABLE IF EXISTS odoo_sync_run, odoo_member_sync, odoo_sync_event, odoo_connection;
`);
  }
}
