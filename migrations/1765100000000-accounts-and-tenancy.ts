import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Every table that holds one cooperative's rows: row-level security keeps each to its cooperative. */
export const TENANT_TABLES = [
  'category',
  'college',
  'share_class',
  'member',
  'membership_change',
  'movement',
  'holding',
  'holding_due',
  'unpaid_due',
  'ledger_state',
  'loss_statement',
  'redemption_request',
  'idempotency_key',
  'odoo_connection',
  'odoo_target',
  'odoo_member_sync',
  'odoo_sync_event',
  'odoo_sync_run',
  'odoo_partner_link',
  'user_role',
  'invitation',
  'api_token',
  'audit_event',
  'issued_certificate',
] as const;

/** The trigger functions that keep the projections and the outbox of the row that fired them. */
const JOURNAL_TRIGGER_FUNCTIONS = [
  'coop_movement_before_insert',
  'coop_movement_after_insert',
  'coop_movement_unpaid_due',
  'coop_membership_change',
  'coop_member_sync_event',
  'coop_college_sync_event',
  'coop_create_ledger_state',
] as const;

/**
 * Accounts (users, their roles per cooperative, sessions, API tokens, invitations, password resets, second factor),
 * the audit trail, and tenant isolation in the database.
 *
 * Isolation: a request of a cooperative runs as the role `coop_ledger_tenant` with `app.cooperative_id` set (libs/database
 * tenant-pg.ts); every tenant table has row-level security with a policy that shows and accepts, to that role, only the
 * rows of that cooperative. The role may not read the accounts' secrets (password hashes, token hashes, the signing
 * key): only the columns an admin lists. Superusers (and the tables' owner) bypass row-level security, which is why
 * requests switch to this role rather than relying on FORCE: the same in development (a superuser) and production.
 *
 * Roles belong to the whole PostgreSQL server: creating it twice (two databases, two test runs) is not an error, and the
 * service's user is made a member so that it may switch to it without being a superuser.
 */
export class AccountsAndTenancy1765100000000 implements MigrationInterface {
  name = 'AccountsAndTenancy1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
CREATE TABLE app_user (
  id uuid PRIMARY KEY,
  email text NOT NULL,
  display_name text,
  password_hash text,
  is_operator boolean NOT NULL DEFAULT false,
  language text NOT NULL DEFAULT 'fr' CHECK (language IN ('fr', 'en')),
  totp_secret text,
  totp_enabled_at timestamptz,
  totp_last_step bigint,
  password_changed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX ux_app_user_email ON app_user (lower(email));

-- One role per person and cooperative; a member account is bound to its member record (an admin may be a member too).
CREATE TABLE user_role (
  user_id uuid NOT NULL REFERENCES app_user (id),
  cooperative_id uuid NOT NULL REFERENCES cooperative (id),
  role text NOT NULL CHECK (role IN ('admin', 'accountant', 'member')),
  member_id uuid REFERENCES member (id),
  granted_at timestamptz NOT NULL DEFAULT now(),
  granted_by text NOT NULL,
  PRIMARY KEY (user_id, cooperative_id),
  CHECK (role <> 'member' OR member_id IS NOT NULL)
);
CREATE UNIQUE INDEX ux_user_role_member ON user_role (member_id) WHERE member_id IS NOT NULL;
CREATE INDEX ix_user_role_cooperative ON user_role (cooperative_id);

-- Refresh tokens rotate: each use spends one and issues the next of its family; a spent one presented again revokes the family.
CREATE TABLE refresh_token (
  id uuid PRIMARY KEY,
  family_id uuid NOT NULL,
  user_id uuid NOT NULL REFERENCES app_user (id),
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  revoked_at timestamptz,
  -- the login of this family passed a second factor
  second_factor boolean NOT NULL,
  ip text,
  user_agent text
);
CREATE INDEX ix_refresh_token_family ON refresh_token (family_id);
CREATE INDEX ix_refresh_token_user ON refresh_token (user_id) WHERE revoked_at IS NULL;

CREATE TABLE api_token (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES app_user (id),
  cooperative_id uuid NOT NULL REFERENCES cooperative (id),
  role text NOT NULL CHECK (role IN ('admin', 'accountant', 'member')),
  name text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  last_used_at timestamptz,
  revoked_at timestamptz
);
CREATE INDEX ix_api_token_cooperative ON api_token (cooperative_id, created_at);

CREATE TABLE invitation (
  id uuid PRIMARY KEY,
  cooperative_id uuid NOT NULL REFERENCES cooperative (id),
  email text NOT NULL,
  role text NOT NULL CHECK (role IN ('admin', 'accountant', 'member')),
  member_id uuid REFERENCES member (id),
  token_hash text NOT NULL UNIQUE,
  invited_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  accepted_at timestamptz,
  accepted_by uuid REFERENCES app_user (id),
  revoked_at timestamptz,
  CHECK (role <> 'member' OR member_id IS NOT NULL)
);
CREATE INDEX ix_invitation_cooperative ON invitation (cooperative_id, created_at);

CREATE TABLE password_reset (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES app_user (id),
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);

-- Failed logins per email, known or not (so that the back-off says nothing about whether an account exists).
CREATE TABLE login_throttle (
  email_key text PRIMARY KEY,
  failures integer NOT NULL,
  locked_until timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE recovery_code (
  user_id uuid NOT NULL REFERENCES app_user (id),
  code_hash text NOT NULL,
  used_at timestamptz,
  PRIMARY KEY (user_id, code_hash)
);

-- The signing key of access tokens when AUTH_JWT_SECRET is not set: made once, shared by every process of the database.
CREATE TABLE auth_secret (
  name text PRIMARY KEY,
  value text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Who did what, when, from where: append-only like the journal. No password, token or secret is ever written here.
CREATE TABLE audit_event (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT clock_timestamp(),
  cooperative_id uuid REFERENCES cooperative (id),
  actor_kind text NOT NULL CHECK (actor_kind IN ('user', 'api-token', 'system', 'anonymous')),
  actor_user_id uuid,
  actor_token_id uuid,
  actor_label text NOT NULL,
  ip text,
  method text NOT NULL,
  route text NOT NULL,
  status integer NOT NULL,
  resource_type text,
  resource_id text,
  change jsonb
);
CREATE INDEX ix_audit_event_cooperative ON audit_event (cooperative_id, id);
CREATE TRIGGER tg_audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event FOR EACH ROW EXECUTE FUNCTION coop_refuse_change();
CREATE TRIGGER tg_audit_event_no_truncate BEFORE TRUNCATE ON audit_event FOR EACH STATEMENT EXECUTE FUNCTION coop_refuse_change();

-- Share certificates handed out, so that a presented one can be checked (its reference is an HMAC of what it states).
CREATE TABLE issued_certificate (
  reference text PRIMARY KEY,
  cooperative_id uuid NOT NULL REFERENCES cooperative (id),
  member_id uuid NOT NULL REFERENCES member (id),
  as_of date NOT NULL,
  issued_at timestamptz NOT NULL DEFAULT now(),
  issued_by text NOT NULL
);
CREATE TRIGGER tg_issued_certificate_append_only BEFORE UPDATE OR DELETE ON issued_certificate FOR EACH ROW EXECUTE FUNCTION coop_refuse_change();

ALTER TABLE cooperative
  ADD COLUMN registered_office text,
  ADD COLUMN require_admin_second_factor boolean NOT NULL DEFAULT false;

-- Every change of who may do what tells the processes that remember sign-ins (libs/auth auth-cache.ts), at commit.
CREATE FUNCTION coop_auth_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('coop_ledger_auth', '');
  RETURN NULL;
END $$;
CREATE TRIGGER tg_app_user_auth AFTER UPDATE OR DELETE ON app_user FOR EACH STATEMENT EXECUTE FUNCTION coop_auth_changed();
CREATE TRIGGER tg_user_role_auth AFTER INSERT OR UPDATE OR DELETE ON user_role FOR EACH STATEMENT EXECUTE FUNCTION coop_auth_changed();
CREATE TRIGGER tg_refresh_token_auth AFTER UPDATE OR DELETE ON refresh_token FOR EACH STATEMENT EXECUTE FUNCTION coop_auth_changed();
CREATE TRIGGER tg_api_token_auth AFTER UPDATE OF revoked_at, expires_at, role OR DELETE ON api_token FOR EACH STATEMENT EXECUTE FUNCTION coop_auth_changed();
CREATE TRIGGER tg_cooperative_auth AFTER UPDATE OF require_admin_second_factor ON cooperative FOR EACH STATEMENT EXECUTE FUNCTION coop_auth_changed();
ALTER TABLE member ADD COLUMN pseudonymised_at timestamptz;
`);
    await q.query(`DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'coop_ledger_tenant') THEN
    BEGIN
      CREATE ROLE coop_ledger_tenant NOLOGIN;
    EXCEPTION
      WHEN duplicate_object OR unique_violation THEN NULL; -- created meanwhile by another database's migration
      WHEN insufficient_privilege THEN
        RAISE EXCEPTION 'row-level security needs the role coop_ledger_tenant, which this database user may not create: %',
          format('ask an administrator to run CREATE ROLE coop_ledger_tenant NOLOGIN; GRANT coop_ledger_tenant TO %I; then start again', current_user);
    END;
  END IF;
  IF NOT pg_has_role(current_user, 'coop_ledger_tenant', 'MEMBER') THEN
    EXECUTE format('GRANT coop_ledger_tenant TO %I', current_user);
  END IF;
END $$`);
    const [{ schema }] = await q.query('SELECT current_schema() AS schema');
    const own = `"${String(schema).replace(/"/g, '""')}"`;
    await q.query(`GRANT USAGE ON SCHEMA ${own} TO coop_ledger_tenant`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ${['cooperative', ...TENANT_TABLES].join(', ')} TO coop_ledger_tenant`);
    await q.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${own} TO coop_ledger_tenant`);
    await q.query('GRANT SELECT (id, email, display_name, language, totp_enabled_at) ON app_user TO coop_ledger_tenant');
    // Requests of a cooperative (the tenant role) see and write only its rows. The service's own role owns the tables
    // and is not subject to the policies (no FORCE), nor is a superuser: migrations, sign-ins and the worker's listing
    // of cooperatives read as before, with no policy in their plans.
    const current = `NULLIF(current_setting('app.cooperative_id', true), '')::uuid`;
    for (const [table, column] of [['cooperative', 'id'], ...TENANT_TABLES.map((t) => [t, 'cooperative_id'])]) {
      await q.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
      await q.query(`CREATE POLICY tenant_isolation ON ${table} TO coop_ledger_tenant USING (${column} = ${current}) WITH CHECK (${column} = ${current})`);
    }
    // The journal's triggers keep the projections of the row that fired them, whose cooperative the policy has just
    // checked: they run as the tables' owner, so that a movement costs no policy in each of their queries (the write
    // rate with accounts would otherwise drop to 60 % of the rate without, README).
    for (const trigger of JOURNAL_TRIGGER_FUNCTIONS) {
      await q.query(`ALTER FUNCTION ${own}.${trigger}() SECURITY DEFINER SET search_path = ${own}, pg_temp`);
    }
  }

  async down(): Promise<void> {
    throw new Error('irreversible: accounts and the audit trail are history');
  }
}
