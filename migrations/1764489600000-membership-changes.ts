import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How many members a cooperative has, per category, on any date, without counting its members: each admission adds 1
 * on its effective date, each exit takes 1 off on its own. The count on a date is the sum of the changes up to it —
 * a few thousand rows for a hundred thousand members. Kept by a trigger on member, so it always equals the members.
 */
export class MembershipChanges1764489600000 implements MigrationInterface {
  name = 'MembershipChanges1764489600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
CREATE TABLE membership_change (
  cooperative_id uuid NOT NULL REFERENCES cooperative(id),
  effective_date date NOT NULL,
  category_id uuid NOT NULL,
  has_college boolean NOT NULL,
  delta integer NOT NULL,
  PRIMARY KEY (cooperative_id, effective_date, category_id, has_college)
);

CREATE FUNCTION coop_membership_apply(m member, sign integer) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF m.admission_effective_date IS NOT NULL THEN
    INSERT INTO membership_change AS c VALUES (m.cooperative_id, m.admission_effective_date, m.category_id, m.college_id IS NOT NULL, sign)
    ON CONFLICT (cooperative_id, effective_date, category_id, has_college) DO UPDATE SET delta = c.delta + EXCLUDED.delta;
  END IF;
  IF m.exit_effective_date IS NOT NULL THEN
    INSERT INTO membership_change AS c VALUES (m.cooperative_id, m.exit_effective_date, m.category_id, m.college_id IS NOT NULL, -sign)
    ON CONFLICT (cooperative_id, effective_date, category_id, has_college) DO UPDATE SET delta = c.delta + EXCLUDED.delta;
  END IF;
END $$;

CREATE FUNCTION coop_membership_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN PERFORM coop_membership_apply(OLD, -1); END IF;
  PERFORM coop_membership_apply(NEW, 1);
  RETURN NULL;
END $$;

CREATE TRIGGER tg_membership_change_insert AFTER INSERT ON member FOR EACH ROW
  WHEN (NEW.admission_effective_date IS NOT NULL) EXECUTE FUNCTION coop_membership_change();
CREATE TRIGGER tg_membership_change_update AFTER UPDATE ON member FOR EACH ROW
  WHEN ((OLD.category_id, OLD.college_id IS NULL, OLD.admission_effective_date, OLD.exit_effective_date)
        IS DISTINCT FROM (NEW.category_id, NEW.college_id IS NULL, NEW.admission_effective_date, NEW.exit_effective_date))
  EXECUTE FUNCTION coop_membership_change();

-- Counting from membership_change supersedes counting members from this index: one index less to write per member.
DROP INDEX IF EXISTS ix_member_membership;

INSERT INTO membership_change (cooperative_id, effective_date, category_id, has_college, delta)
SELECT cooperative_id, d, category_id, has_college, sum(delta) FROM (
  SELECT cooperative_id, admission_effective_date AS d, category_id, college_id IS NOT NULL AS has_college, 1 AS delta
  FROM member WHERE admission_effective_date IS NOT NULL
  UNION ALL
  SELECT cooperative_id, exit_effective_date, category_id, college_id IS NOT NULL, -1 FROM member WHERE exit_effective_date IS NOT NULL
) x GROUP BY cooperative_id, d, category_id, has_college;
`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
DROP TRIGGER IF EXISTS tg_membership_change_update ON member;
DROP TRIGGER IF EXISTS tg_membership_change_insert ON member;
DROP FUNCTION IF EXISTS coop_membership_change(), coop_membership_apply(member, integer);
DROP TABLE IF EXISTS membership_change;
CREATE INDEX ix_member_membership ON member (cooperative_id, category_id, college_id, admission_effective_date, exit_effective_date);
`);
  }
}
