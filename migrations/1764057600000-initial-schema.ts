import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The ledger schema. The journal (`movement`) is the only source of truth; `holding` and `ledger_state`
 * are projections that only the journal's triggers may write, so they always equal the journal.
 * Composite foreign keys (cooperative_id, id) make cross-cooperative references impossible.
 */
export class InitialSchema1764057600000 implements MigrationInterface {
  name = 'InitialSchema1764057600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
CREATE TABLE cooperative (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
  legal_kind text NOT NULL CHECK (legal_kind IN ('SCIC_SA','SCIC_SAS','SCIC_SARL','SCOP','COOPERATIVE')),
  registration_number text,
  statutory_capital numeric(20,4) NOT NULL CHECK (statutory_capital >= 0),
  statutory_floor numeric(20,4) NOT NULL CHECK (statutory_floor >= 0),
  payment_delay_months integer NOT NULL CHECK (payment_delay_months BETWEEN 0 AND 60),
  min_paid_fraction numeric(5,4) NOT NULL CHECK (min_paid_fraction BETWEEN 0.25 AND 1),
  redemption_delay_months integer NOT NULL CHECK (redemption_delay_months BETWEEN 0 AND 60),
  fiscal_year_end char(5) NOT NULL CHECK (fiscal_year_end ~ '^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$'),
  uses_colleges boolean NOT NULL,
  has_employees boolean NOT NULL,
  admission_approval text NOT NULL CHECK (admission_approval IN ('BOARD','GENERAL_ASSEMBLY')),
  transfer_approval text NOT NULL CHECK (transfer_approval IN ('BOARD','GENERAL_ASSEMBLY')),
  loss_allocation text NOT NULL CHECK (loss_allocation IN ('PRO_RATA_CAPITAL_AND_RESERVES','RESERVES_FIRST')),
  legal_reserve_rate numeric(5,4) NOT NULL CHECK (legal_reserve_rate BETWEEN 0.15 AND 1),
  statutory_reserve_rate numeric(5,4) NOT NULL CHECK (statutory_reserve_rate BETWEEN 0 AND 1),
  last_member_number integer NOT NULL DEFAULT 0 CHECK (last_member_number >= 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE category (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  cooperative_id uuid NOT NULL REFERENCES cooperative(id),
  name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 120),
  kind text NOT NULL CHECK (kind IN ('EMPLOYEE','PRODUCER','BENEFICIARY','PUBLIC_BODY','VOLUNTEER','SUPPORTER','OTHER')),
  description text,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT uq_category_name UNIQUE (cooperative_id, name),
  CONSTRAINT uq_category_scope UNIQUE (cooperative_id, id)
);

CREATE TABLE college (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  cooperative_id uuid NOT NULL REFERENCES cooperative(id),
  name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 120),
  weight numeric(7,4) CHECK (weight > 0 AND weight <= 100),
  position integer NOT NULL CHECK (position >= 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT uq_college_name UNIQUE (cooperative_id, name),
  CONSTRAINT uq_college_scope UNIQUE (cooperative_id, id)
);

CREATE TABLE share_class (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  cooperative_id uuid NOT NULL REFERENCES cooperative(id),
  code text NOT NULL CHECK (code ~ '^[A-Z0-9][A-Z0-9_-]{0,15}$'),
  name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 120),
  nominal_value numeric(14,4) NOT NULL CHECK (nominal_value > 0),
  min_per_member integer NOT NULL CHECK (min_per_member >= 0),
  max_per_member integer CHECK (max_per_member IS NULL OR max_per_member >= GREATEST(min_per_member, 1)),
  holder_types text[] NOT NULL CHECK (holder_types <@ ARRAY['NATURAL','LEGAL'] AND cardinality(holder_types) > 0),
  eligible_category_ids uuid[] NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT uq_share_class_code UNIQUE (cooperative_id, code),
  CONSTRAINT uq_share_class_scope UNIQUE (cooperative_id, id)
);

CREATE TABLE member (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  cooperative_id uuid NOT NULL REFERENCES cooperative(id),
  member_number integer CHECK (member_number > 0),
  person_type text NOT NULL CHECK (person_type IN ('NATURAL','LEGAL')),
  first_name text,
  last_name text,
  company_name text,
  email text,
  phone text,
  street text,
  postal_code text,
  city text,
  country char(2),
  language text,
  category_id uuid NOT NULL,
  college_id uuid,
  status text NOT NULL CHECK (status IN ('CANDIDATE','ADMITTED','EXITED','CLOSED')),
  applied_on date NOT NULL,
  admission_decision_ref text,
  admission_decision_date date,
  admission_effective_date date,
  exit_reason text CHECK (exit_reason IN ('RESIGNATION','EXCLUSION','RADIATION','DEATH')),
  exit_decision_ref text,
  exit_decision_date date,
  exit_effective_date date,
  closed_on date,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT uq_member_number UNIQUE (cooperative_id, member_number),
  CONSTRAINT uq_member_scope UNIQUE (cooperative_id, id),
  CONSTRAINT fk_member_category FOREIGN KEY (cooperative_id, category_id) REFERENCES category (cooperative_id, id),
  CONSTRAINT fk_member_college FOREIGN KEY (cooperative_id, college_id) REFERENCES college (cooperative_id, id),
  CONSTRAINT ck_member_person CHECK (
    (person_type = 'NATURAL' AND first_name IS NOT NULL AND last_name IS NOT NULL)
    OR (person_type = 'LEGAL' AND company_name IS NOT NULL)),
  CONSTRAINT ck_member_admitted CHECK (status = 'CANDIDATE' OR (member_number IS NOT NULL
    AND admission_decision_ref IS NOT NULL AND admission_decision_date IS NOT NULL AND admission_effective_date IS NOT NULL)),
  CONSTRAINT ck_member_exited CHECK (status IN ('CANDIDATE','ADMITTED') OR (exit_reason IS NOT NULL AND exit_effective_date IS NOT NULL
    AND exit_effective_date >= admission_effective_date)),
  CONSTRAINT ck_member_closed CHECK ((status = 'CLOSED') = (closed_on IS NOT NULL))
);
CREATE INDEX ix_member_category ON member (cooperative_id, category_id);
CREATE INDEX ix_member_list_order ON member (cooperative_id, (COALESCE(member_number, 2147483647)), id);

-- One row per cooperative: the journal's counter and running totals. Written only by the journal's trigger.
CREATE TABLE ledger_state (
  cooperative_id uuid PRIMARY KEY REFERENCES cooperative(id),
  last_movement_number integer NOT NULL DEFAULT 0 CHECK (last_movement_number >= 0),
  last_movement_date date,
  subscribed_capital numeric(20,4) NOT NULL DEFAULT 0 CHECK (subscribed_capital >= 0),
  paid_capital numeric(20,4) NOT NULL DEFAULT 0 CHECK (paid_capital >= 0 AND paid_capital <= subscribed_capital),
  highest_capital numeric(20,4) NOT NULL DEFAULT 0 CHECK (highest_capital >= subscribed_capital),
  public_body_capital numeric(20,4) NOT NULL DEFAULT 0 CHECK (public_body_capital >= 0 AND public_body_capital <= subscribed_capital),
  refunds_due numeric(20,4) NOT NULL DEFAULT 0 CHECK (refunds_due >= 0)
);

CREATE TABLE holding (
  cooperative_id uuid NOT NULL,
  member_id uuid NOT NULL,
  share_class_id uuid NOT NULL,
  shares integer NOT NULL CHECK (shares >= 0),
  subscribed numeric(20,4) NOT NULL CHECK (subscribed >= 0),
  paid numeric(20,4) NOT NULL CHECK (paid >= 0 AND paid <= subscribed),
  refund_due numeric(20,4) NOT NULL CHECK (refund_due >= 0),
  PRIMARY KEY (member_id, share_class_id),
  CONSTRAINT fk_holding_member FOREIGN KEY (cooperative_id, member_id) REFERENCES member (cooperative_id, id),
  CONSTRAINT fk_holding_share_class FOREIGN KEY (cooperative_id, share_class_id) REFERENCES share_class (cooperative_id, id)
);

CREATE TABLE movement (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  cooperative_id uuid NOT NULL REFERENCES cooperative(id),
  movement_number integer NOT NULL,
  kind text NOT NULL CHECK (kind IN ('SUBSCRIPTION','PAYMENT','TRANSFER','REDEMPTION','REFUND','REVERSAL')),
  effective_date date NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  member_id uuid NOT NULL,
  counterparty_member_id uuid,
  share_class_id uuid NOT NULL,
  shares integer NOT NULL CHECK (shares >= 0),
  amount numeric(20,4) NOT NULL CHECK (amount >= 0),
  -- signed effect on the member's holding; a transfer applies the opposite to the counterparty
  shares_delta integer NOT NULL,
  subscribed_delta numeric(20,4) NOT NULL,
  paid_delta numeric(20,4) NOT NULL,
  refund_due_delta numeric(20,4) NOT NULL,
  loss_deduction numeric(20,4) NOT NULL DEFAULT 0 CHECK (loss_deduction >= 0),
  due_date date,
  reference text,
  reference_date date,
  reason text,
  reverses_movement_id uuid,
  -- running totals after this movement: the capital as of any date is one index lookup
  subscribed_capital_after numeric(20,4) NOT NULL,
  paid_capital_after numeric(20,4) NOT NULL,
  highest_capital_after numeric(20,4) NOT NULL,
  public_body_capital_after numeric(20,4) NOT NULL,
  refunds_due_after numeric(20,4) NOT NULL,
  CONSTRAINT uq_movement_number UNIQUE (cooperative_id, movement_number),
  CONSTRAINT uq_movement_scope UNIQUE (cooperative_id, id),
  CONSTRAINT uq_movement_reversal UNIQUE (reverses_movement_id),
  CONSTRAINT fk_movement_member FOREIGN KEY (cooperative_id, member_id) REFERENCES member (cooperative_id, id),
  CONSTRAINT fk_movement_counterparty FOREIGN KEY (cooperative_id, counterparty_member_id) REFERENCES member (cooperative_id, id),
  CONSTRAINT fk_movement_share_class FOREIGN KEY (cooperative_id, share_class_id) REFERENCES share_class (cooperative_id, id),
  CONSTRAINT fk_movement_reverses FOREIGN KEY (cooperative_id, reverses_movement_id) REFERENCES movement (cooperative_id, id),
  CONSTRAINT ck_movement_transfer CHECK ((counterparty_member_id IS NOT NULL) = (kind = 'TRANSFER' OR (kind = 'REVERSAL'
    AND counterparty_member_id IS NOT NULL)) AND counterparty_member_id IS DISTINCT FROM member_id),
  CONSTRAINT ck_movement_reversal CHECK ((kind = 'REVERSAL') = (reverses_movement_id IS NOT NULL))
);
CREATE INDEX ix_movement_member ON movement (cooperative_id, member_id, movement_number);
CREATE INDEX ix_movement_counterparty ON movement (cooperative_id, counterparty_member_id, movement_number) WHERE counterparty_member_id IS NOT NULL;
CREATE INDEX ix_movement_date ON movement (cooperative_id, effective_date, movement_number);

-- Losses recorded on a closed balance sheet: they reduce what leaving members get back (L47 art. 18).
CREATE TABLE loss_statement (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  cooperative_id uuid NOT NULL REFERENCES cooperative(id),
  fiscal_year_end date NOT NULL,
  losses numeric(20,4) NOT NULL CHECK (losses >= 0),
  statutory_reserves numeric(20,4) NOT NULL CHECK (statutory_reserves >= 0),
  capital_at_close numeric(20,4) NOT NULL CHECK (capital_at_close >= 0),
  reference text,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT uq_loss_statement_year UNIQUE (cooperative_id, fiscal_year_end)
);

-- A replayed request (same Idempotency-Key) returns the resource the first one created.
CREATE TABLE idempotency_key (
  cooperative_id uuid NOT NULL REFERENCES cooperative(id),
  key text NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
  request_hash text NOT NULL,
  resource_type text NOT NULL,
  resource_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (cooperative_id, key)
);

CREATE FUNCTION coop_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the register is append-only: % on % is refused; record a reversing movement instead', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'restrict_violation';
END $$;

-- Projections may be written only from inside the journal's triggers (trigger depth >= 2).
CREATE FUNCTION coop_refuse_direct_projection_write() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF pg_trigger_depth() < 2 THEN
    RAISE EXCEPTION '% is derived from the journal and cannot be written directly', TG_TABLE_NAME
      USING ERRCODE = 'restrict_violation';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$;

CREATE FUNCTION coop_create_ledger_state() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO ledger_state (cooperative_id) VALUES (NEW.id);
  RETURN NEW;
END $$;

CREATE FUNCTION coop_is_public_body(p_member uuid) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT c.kind = 'PUBLIC_BODY' FROM member m JOIN category c ON c.id = m.category_id WHERE m.id = p_member
$$;

-- Numbers the movement, checks it against the journal, and computes the running totals.
CREATE FUNCTION coop_movement_before_insert() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  s ledger_state%ROWTYPE;
  o movement%ROWTYPE;
  capital_delta numeric;
  paid_capital_delta numeric;
  public_delta numeric := 0;
BEGIN
  IF NEW.reverses_movement_id IS NOT NULL THEN
    SELECT * INTO o FROM movement WHERE id = NEW.reverses_movement_id;
    IF o.kind = 'REVERSAL' OR o.member_id <> NEW.member_id OR o.share_class_id <> NEW.share_class_id
       OR o.counterparty_member_id IS DISTINCT FROM NEW.counterparty_member_id
       OR NEW.shares_delta <> -o.shares_delta OR NEW.subscribed_delta <> -o.subscribed_delta
       OR NEW.paid_delta <> -o.paid_delta OR NEW.refund_due_delta <> -o.refund_due_delta THEN
      RAISE EXCEPTION 'a reversal must exactly negate movement %', o.movement_number USING ERRCODE = 'check_violation';
    END IF;
  END IF;
  IF NEW.counterparty_member_id IS NULL THEN
    capital_delta := NEW.subscribed_delta;
    paid_capital_delta := NEW.paid_delta;
    IF coop_is_public_body(NEW.member_id) THEN public_delta := NEW.subscribed_delta; END IF;
  ELSE
    capital_delta := 0;
    paid_capital_delta := 0;
    IF coop_is_public_body(NEW.member_id) THEN public_delta := public_delta + NEW.subscribed_delta; END IF;
    IF coop_is_public_body(NEW.counterparty_member_id) THEN public_delta := public_delta - NEW.subscribed_delta; END IF;
  END IF;

  UPDATE ledger_state SET
    last_movement_number = last_movement_number + 1,
    last_movement_date = NEW.effective_date,
    subscribed_capital = subscribed_capital + capital_delta,
    paid_capital = paid_capital + paid_capital_delta,
    highest_capital = GREATEST(highest_capital, subscribed_capital + capital_delta),
    public_body_capital = public_body_capital + public_delta,
    refunds_due = refunds_due + NEW.refund_due_delta
  WHERE cooperative_id = NEW.cooperative_id
    AND (last_movement_date IS NULL OR last_movement_date <= NEW.effective_date)
  RETURNING * INTO s;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'movements are recorded in chronological order: % is before the last recorded movement', NEW.effective_date
      USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_movement_chronological';
  END IF;

  NEW.movement_number := s.last_movement_number;
  NEW.subscribed_capital_after := s.subscribed_capital;
  NEW.paid_capital_after := s.paid_capital;
  NEW.highest_capital_after := s.highest_capital;
  NEW.public_body_capital_after := s.public_body_capital;
  NEW.refunds_due_after := s.refunds_due;
  RETURN NEW;
END $$;

-- Applies the movement to the holdings; their CHECK constraints refuse negative holdings.
-- (An upsert would check its candidate row, e.g. a bare payment, before merging it: update first, insert if new.)
CREATE FUNCTION coop_apply_to_holding(p_coop uuid, p_member uuid, p_class uuid, p_shares integer, p_subscribed numeric,
  p_paid numeric, p_refund_due numeric) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  UPDATE holding SET shares = shares + p_shares, subscribed = subscribed + p_subscribed, paid = paid + p_paid,
    refund_due = refund_due + p_refund_due
  WHERE member_id = p_member AND share_class_id = p_class;
  IF NOT FOUND THEN
    INSERT INTO holding (cooperative_id, member_id, share_class_id, shares, subscribed, paid, refund_due)
    VALUES (p_coop, p_member, p_class, p_shares, p_subscribed, p_paid, p_refund_due);
  END IF;
END $$;

CREATE FUNCTION coop_movement_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM coop_apply_to_holding(NEW.cooperative_id, NEW.member_id, NEW.share_class_id, NEW.shares_delta, NEW.subscribed_delta,
    NEW.paid_delta, NEW.refund_due_delta);
  IF NEW.counterparty_member_id IS NOT NULL THEN
    PERFORM coop_apply_to_holding(NEW.cooperative_id, NEW.counterparty_member_id, NEW.share_class_id, -NEW.shares_delta,
      -NEW.subscribed_delta, -NEW.paid_delta, 0);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER tg_cooperative_ledger_state AFTER INSERT ON cooperative FOR EACH ROW EXECUTE FUNCTION coop_create_ledger_state();
CREATE TRIGGER tg_movement_before_insert BEFORE INSERT ON movement FOR EACH ROW EXECUTE FUNCTION coop_movement_before_insert();
CREATE TRIGGER tg_movement_after_insert AFTER INSERT ON movement FOR EACH ROW EXECUTE FUNCTION coop_movement_after_insert();
CREATE TRIGGER tg_movement_append_only BEFORE UPDATE OR DELETE ON movement FOR EACH ROW EXECUTE FUNCTION coop_refuse_change();
CREATE TRIGGER tg_movement_no_truncate BEFORE TRUNCATE ON movement FOR EACH STATEMENT EXECUTE FUNCTION coop_refuse_change();
CREATE TRIGGER tg_loss_statement_append_only BEFORE UPDATE OR DELETE ON loss_statement FOR EACH ROW EXECUTE FUNCTION coop_refuse_change();
CREATE TRIGGER tg_holding_derived BEFORE INSERT OR UPDATE OR DELETE ON holding FOR EACH ROW EXECUTE FUNCTION coop_refuse_direct_projection_write();
CREATE TRIGGER tg_ledger_state_derived BEFORE INSERT OR UPDATE OR DELETE ON ledger_state FOR EACH ROW EXECUTE FUNCTION coop_refuse_direct_projection_write();
`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
DROP TABLE IF EXISTS idempotency_key, loss_statement, movement, holding, ledger_state, member, share_class, college, category, cooperative CASCADE;
DROP FUNCTION IF EXISTS coop_movement_after_insert(), coop_apply_to_holding(uuid, uuid, uuid, integer, numeric, numeric, numeric),
  coop_movement_before_insert(), coop_is_public_body(uuid),
  coop_create_ledger_state(), coop_refuse_direct_projection_write(), coop_refuse_change();
`);
  }
}
