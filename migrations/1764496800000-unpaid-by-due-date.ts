import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The overdue capital as of any date after the last movement, without reading the journal: what is still unpaid,
 * spread over the due dates of the balances it belongs to, kept by the journal's trigger like the other projections.
 *
 * - `holding_due`: per holding and due date, `balance` (what the subscriptions due on that date left unpaid when they
 *   were made; a reversed subscription takes its balance back) and `unpaid` (the part of the holding's unpaid amount
 *   that is still owed on it). Payments pay the oldest due first, so the holding's unpaid amount fills the latest due
 *   balances first; whatever exceeds every balance with a due date sits on `-infinity` (overdue whatever the date).
 * - `unpaid_due`: the same summed per cooperative and due date. The overdue amount as of D is the sum over due dates
 *   before D (a balance is on time on its due date itself): a few thousand rows at most, one index range.
 *
 * This is the old definition, Σ over holdings of max(0, unpaid − Σ balances due on or after D), written incrementally:
 * filling the latest due first gives min(unpaid, Σ balances due ≥ D) to the dates ≥ D and the rest to those before.
 * `coop_unpaid_due_from_journal` computes the same rows from the journal alone, set-based (to fill the tables here, for
 * the benchmark's loader, and for the tests that compare the two). Both projections are written only by the trigger.
 */
export class UnpaidByDueDate1764496800000 implements MigrationInterface {
  name = 'UnpaidByDueDate1764496800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
-- what a subscription leaves to pay is never negative, so no balance ever is
ALTER TABLE movement ADD CONSTRAINT ck_movement_subscription_paid
  CHECK (kind <> 'SUBSCRIPTION' OR (paid_delta >= 0 AND paid_delta <= subscribed_delta));

CREATE TABLE holding_due (
  cooperative_id uuid NOT NULL,
  member_id uuid NOT NULL,
  share_class_id uuid NOT NULL,
  due_date date NOT NULL,
  balance numeric(20,4) NOT NULL CHECK (balance >= 0),
  unpaid numeric(20,4) NOT NULL CHECK (unpaid >= 0),
  PRIMARY KEY (member_id, share_class_id, due_date),
  CONSTRAINT ck_holding_due_unpaid CHECK (unpaid <= balance OR due_date = '-infinity'),
  CONSTRAINT ck_holding_due_not_empty CHECK (balance > 0 OR unpaid > 0),
  CONSTRAINT fk_holding_due_holding FOREIGN KEY (member_id, share_class_id) REFERENCES holding (member_id, share_class_id)
);

CREATE TABLE unpaid_due (
  cooperative_id uuid NOT NULL REFERENCES cooperative(id),
  due_date date NOT NULL,
  unpaid numeric(20,4) NOT NULL CHECK (unpaid > 0),
  PRIMARY KEY (cooperative_id, due_date)
);

-- The rows of holding_due, from the journal alone: the reference the trigger's incremental work must equal.
CREATE FUNCTION coop_unpaid_due_from_journal(p_coop uuid)
RETURNS TABLE (member_id uuid, share_class_id uuid, due_date date, balance numeric, unpaid numeric) LANGUAGE sql STABLE AS $$
  WITH unpaid AS (
    SELECT j.member_id, j.share_class_id, sum(j.unpaid) AS unpaid FROM (
      SELECT mv.member_id, mv.share_class_id, mv.subscribed_delta - mv.paid_delta AS unpaid FROM movement mv WHERE mv.cooperative_id = p_coop
      UNION ALL
      SELECT mv.counterparty_member_id, mv.share_class_id, mv.paid_delta - mv.subscribed_delta FROM movement mv
      WHERE mv.cooperative_id = p_coop AND mv.counterparty_member_id IS NOT NULL
    ) j GROUP BY j.member_id, j.share_class_id),
  balances AS (
    SELECT s.member_id, s.share_class_id, s.due_date, sum(s.subscribed_delta - s.paid_delta) AS balance
    FROM movement s
    WHERE s.cooperative_id = p_coop AND s.kind = 'SUBSCRIPTION' AND s.due_date IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM movement r WHERE r.reverses_movement_id = s.id)
    GROUP BY s.member_id, s.share_class_id, s.due_date
    HAVING sum(s.subscribed_delta - s.paid_delta) > 0),
  tranches AS (
    SELECT b.*, coalesce(sum(b.balance) OVER (PARTITION BY b.member_id, b.share_class_id ORDER BY b.due_date DESC
                                              ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS due_later
    FROM balances b),
  totals AS (SELECT b.member_id, b.share_class_id, sum(b.balance) AS balance FROM balances b GROUP BY b.member_id, b.share_class_id)
  SELECT t.member_id, t.share_class_id, t.due_date, t.balance, LEAST(t.balance, GREATEST(0, coalesce(u.unpaid, 0) - t.due_later))
  FROM tranches t LEFT JOIN unpaid u ON u.member_id = t.member_id AND u.share_class_id = t.share_class_id
  UNION ALL
  SELECT u.member_id, u.share_class_id, '-infinity'::date, 0, u.unpaid - coalesce(b.balance, 0)
  FROM unpaid u LEFT JOIN totals b ON b.member_id = u.member_id AND b.share_class_id = u.share_class_id
  WHERE u.unpaid > coalesce(b.balance, 0)
$$;

-- Adds to a cooperative's unpaid amount on a due date; a date with nothing left unpaid has no row.
CREATE FUNCTION coop_add_unpaid_due(p_coop uuid, p_due date, p_delta numeric) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  current_unpaid numeric;
BEGIN
  IF p_delta = 0 THEN RETURN; END IF;
  SELECT u.unpaid INTO current_unpaid FROM unpaid_due u WHERE u.cooperative_id = p_coop AND u.due_date = p_due;
  IF NOT FOUND THEN
    INSERT INTO unpaid_due (cooperative_id, due_date, unpaid) VALUES (p_coop, p_due, p_delta);
  ELSIF current_unpaid + p_delta = 0 THEN
    DELETE FROM unpaid_due WHERE cooperative_id = p_coop AND due_date = p_due;
  ELSE
    UPDATE unpaid_due SET unpaid = current_unpaid + p_delta WHERE cooperative_id = p_coop AND due_date = p_due;
  END IF;
END $$;

-- Spreads a holding's unpaid amount over its balances, the latest due first, the rest on '-infinity'; passes the changes on.
CREATE FUNCTION coop_allocate_unpaid(p_coop uuid, p_member uuid, p_class uuid) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  remaining numeric;
  t record;
  part numeric;
BEGIN
  SELECT h.subscribed - h.paid INTO remaining FROM holding h WHERE h.member_id = p_member AND h.share_class_id = p_class;
  remaining := coalesce(remaining, 0);
  FOR t IN SELECT d.due_date, d.balance, d.unpaid FROM holding_due d
           WHERE d.member_id = p_member AND d.share_class_id = p_class ORDER BY d.due_date DESC LOOP
    part := CASE WHEN t.due_date = '-infinity' THEN remaining ELSE LEAST(t.balance, remaining) END;
    remaining := remaining - part;
    IF part <> t.unpaid THEN
      IF part = 0 AND t.balance = 0 THEN -- the '-infinity' row, emptied
        DELETE FROM holding_due WHERE member_id = p_member AND share_class_id = p_class AND due_date = t.due_date;
      ELSE
        UPDATE holding_due SET unpaid = part WHERE member_id = p_member AND share_class_id = p_class AND due_date = t.due_date;
      END IF;
      PERFORM coop_add_unpaid_due(p_coop, t.due_date, part - t.unpaid);
    END IF;
  END LOOP;
  IF remaining > 0 THEN
    INSERT INTO holding_due (cooperative_id, member_id, share_class_id, due_date, balance, unpaid)
    VALUES (p_coop, p_member, p_class, '-infinity', 0, remaining);
    PERFORM coop_add_unpaid_due(p_coop, '-infinity', remaining);
  END IF;
END $$;

-- After the holdings (tg_movement_after_insert runs first: triggers fire in the order of their names): a subscription
-- adds its balance on its due date, the reversal of one takes it back; then the holdings concerned are spread again.
CREATE FUNCTION coop_movement_unpaid_due() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  due date;
  delta numeric;
  old_balance numeric;
  old_unpaid numeric;
BEGIN
  IF NEW.kind = 'SUBSCRIPTION' THEN
    due := NEW.due_date;
    delta := NEW.subscribed_delta - NEW.paid_delta;
  ELSIF NEW.kind = 'REVERSAL' THEN
    SELECT o.due_date, o.paid_delta - o.subscribed_delta INTO due, delta FROM movement o
    WHERE o.id = NEW.reverses_movement_id AND o.kind = 'SUBSCRIPTION';
  END IF;
  IF due IS NOT NULL AND delta <> 0 THEN
    SELECT d.balance, d.unpaid INTO old_balance, old_unpaid FROM holding_due d
    WHERE d.member_id = NEW.member_id AND d.share_class_id = NEW.share_class_id AND d.due_date = due;
    IF FOUND THEN
      -- a smaller balance holds less: what it held goes back to be spread again below
      IF old_balance + delta = 0 THEN
        DELETE FROM holding_due WHERE member_id = NEW.member_id AND share_class_id = NEW.share_class_id AND due_date = due;
      ELSE
        UPDATE holding_due SET balance = old_balance + delta, unpaid = LEAST(old_unpaid, old_balance + delta)
        WHERE member_id = NEW.member_id AND share_class_id = NEW.share_class_id AND due_date = due;
      END IF;
      PERFORM coop_add_unpaid_due(NEW.cooperative_id, due, LEAST(old_unpaid, old_balance + delta) - old_unpaid);
    ELSE
      INSERT INTO holding_due (cooperative_id, member_id, share_class_id, due_date, balance, unpaid)
      VALUES (NEW.cooperative_id, NEW.member_id, NEW.share_class_id, due, delta, 0);
    END IF;
  END IF;
  PERFORM coop_allocate_unpaid(NEW.cooperative_id, NEW.member_id, NEW.share_class_id);
  IF NEW.counterparty_member_id IS NOT NULL THEN
    PERFORM coop_allocate_unpaid(NEW.cooperative_id, NEW.counterparty_member_id, NEW.share_class_id);
  END IF;
  RETURN NULL;
END $$;

INSERT INTO holding_due (cooperative_id, member_id, share_class_id, due_date, balance, unpaid)
SELECT c.id, d.member_id, d.share_class_id, d.due_date, d.balance, d.unpaid FROM cooperative c, coop_unpaid_due_from_journal(c.id) d;
INSERT INTO unpaid_due (cooperative_id, due_date, unpaid)
SELECT cooperative_id, due_date, sum(unpaid) FROM holding_due GROUP BY cooperative_id, due_date HAVING sum(unpaid) > 0;

-- only movements that change what is unpaid (or a balance) have anything to do here: not a fully paid subscription
CREATE TRIGGER tg_movement_unpaid_due AFTER INSERT ON movement FOR EACH ROW
  WHEN (NEW.subscribed_delta <> NEW.paid_delta) EXECUTE FUNCTION coop_movement_unpaid_due();
CREATE TRIGGER tg_holding_due_derived BEFORE INSERT OR UPDATE OR DELETE ON holding_due FOR EACH ROW EXECUTE FUNCTION coop_refuse_direct_projection_write();
CREATE TRIGGER tg_holding_due_no_truncate BEFORE TRUNCATE ON holding_due FOR EACH STATEMENT EXECUTE FUNCTION coop_refuse_direct_projection_write();
CREATE TRIGGER tg_unpaid_due_derived BEFORE INSERT OR UPDATE OR DELETE ON unpaid_due FOR EACH ROW EXECUTE FUNCTION coop_refuse_direct_projection_write();
CREATE TRIGGER tg_unpaid_due_no_truncate BEFORE TRUNCATE ON unpaid_due FOR EACH STATEMENT EXECUTE FUNCTION coop_refuse_direct_projection_write();
`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
DROP TRIGGER IF EXISTS tg_movement_unpaid_due ON movement;
DROP TABLE IF EXISTS unpaid_due, holding_due;
DROP FUNCTION IF EXISTS coop_movement_unpaid_due(), coop_allocate_unpaid(uuid, uuid, uuid), coop_add_unpaid_due(uuid, date, numeric),
  coop_unpaid_due_from_journal(uuid);
ALTER TABLE movement DROP CONSTRAINT IF EXISTS ck_movement_subscription_paid;
`);
  }
}
