import { Client } from 'pg';
import { Money, type CalendarDate } from '@coop/core';
import { defaultSettings, validateSettings } from '@coop/ledger';
import { CATEGORY_KINDS, CLASS_A, CLASS_B, KINDS, generateLedger, type GeneratedLedger } from './journal-generator';

/**
 * Loads a large cooperative with set-based SQL, the journal's triggers bypassed (session_replication_role = replica),
 * producing exactly what the triggers would have: movements numbered 1..N without gaps in chronological order, with
 * their running totals (window functions), holdings summed from the journal, ledger_state equal to the last movement's
 * totals, and the cooperative's last member number. `verifyLedger` then checks all of it from the database.
 */

export interface LoadOptions {
  members: number;
  movements: number;
  /** the last day of the loaded history */
  end: CalendarDate;
  start: CalendarDate;
  seed: number;
  log: (m: string) => void;
}

export interface LoadedCooperative {
  cooperativeId: string;
  categories: Record<(typeof CATEGORY_KINDS)[number], string>;
  colleges: string[];
  classA: string;
  classB: string;
  generated: Pick<GeneratedLedger, 'byKind' | 'partlyPaidSubscriptions'>;
  phasesMs: Record<string, number>;
  loadMs: number;
}

const BATCH = 25_000;
const cents = (c: number) => (c / 100).toFixed(2);
const now = () => performance.now();

export async function loadLedger(url: string, o: LoadOptions): Promise<LoadedCooperative> {
  const started = now();
  const phasesMs: Record<string, number> = {};
  let mark = started;
  const phase = (name: string) => {
    const t = now();
    phasesMs[name] = t - mark;
    mark = t;
    o.log(`  ${name}: ${(phasesMs[name] / 1000).toFixed(1)} s`);
  };

  // The statutes: the legal defaults of a SCIC SAS, with a capital and a floor in the statutes.
  const settings = { ...defaultSettings('SCIC_SAS'), statutoryCapital: new Money('20000'), statutoryFloor: new Money('10000') };
  validateSettings(settings);

  const generated = generateLedger({
    members: o.members,
    movements: o.movements,
    start: o.start,
    end: o.end,
    seed: o.seed,
    statutoryFloorCents: settings.statutoryFloor.times(100).toNumber(),
    statutoryCapitalCents: settings.statutoryCapital.times(100).toNumber(),
    paymentDelayMonths: settings.paymentDelayMonths,
  });
  phase('generate the history in memory');

  const db = new Client({ connectionString: url, application_name: 'coop-ledger-bench-loader' });
  await db.connect();
  try {
    // The cooperative and its classification, as the service would write them (its trigger creates ledger_state).
    const [{ id: cooperativeId }] = (
      await db.query(
        `INSERT INTO cooperative (name, legal_kind, registration_number, statutory_capital, statutory_floor, payment_delay_months, min_paid_fraction,
           redemption_delay_months, fiscal_year_end, uses_colleges, has_employees, admission_approval, transfer_approval, loss_allocation,
           legal_reserve_rate, statutory_reserve_rate, created_at, updated_at)
         VALUES ('SCIC Énergies citoyennes (bench)', 'SCIC_SAS', '900 000 000 RCS Lyon', $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14)
         RETURNING id`,
        [
          settings.statutoryCapital.toFixed(4),
          settings.statutoryFloor.toFixed(4),
          settings.paymentDelayMonths,
          settings.minPaidFraction.toFixed(4),
          settings.redemptionDelayMonths,
          settings.fiscalYearEnd,
          settings.usesColleges,
          settings.hasEmployees,
          settings.admissionApproval,
          settings.transferApproval,
          settings.lossAllocation,
          settings.legalReserveRate.toFixed(4),
          settings.statutoryReserveRate.toFixed(4),
          `${o.start}T09:00:00Z`,
        ],
      )
    ).rows;
    const categoryNames: Record<(typeof CATEGORY_KINDS)[number], string> = {
      EMPLOYEE: 'Salariés',
      BENEFICIARY: 'Bénéficiaires',
      PUBLIC_BODY: 'Collectivités',
      SUPPORTER: 'Soutiens',
    };
    const categories = {} as Record<(typeof CATEGORY_KINDS)[number], string>;
    for (const kind of CATEGORY_KINDS) {
      const { rows } = await db.query('INSERT INTO category (cooperative_id, name, kind) VALUES ($1, $2, $3) RETURNING id', [
        cooperativeId,
        categoryNames[kind],
        kind,
      ]);
      categories[kind] = rows[0].id;
    }
    const colleges: string[] = [];
    for (const [position, [name, weight]] of [
      ['Producteurs', '40'],
      ['Usagers', '30'],
      ['Partenaires', '30'],
    ].entries()) {
      const { rows } = await db.query('INSERT INTO college (cooperative_id, name, weight, position) VALUES ($1, $2, $3, $4) RETURNING id', [
        cooperativeId,
        name,
        weight,
        position,
      ]);
      colleges.push(rows[0].id);
    }
    const shareClass = async (code: string, name: string, nominal: string, min: number) =>
      (
        await db.query(
          `INSERT INTO share_class (cooperative_id, code, name, nominal_value, min_per_member, max_per_member, holder_types)
           VALUES ($1, $2, $3, $4, $5, NULL, ARRAY['NATURAL','LEGAL']) RETURNING id`,
          [cooperativeId, code, name, nominal, min],
        )
      ).rows[0].id as string;
    const classA = await shareClass('A', 'Parts A (coopérateurs)', '100.0000', 1);
    const classB = await shareClass('B', 'Parts B (épargne solidaire)', '20.0000', 0);
    const classIds = [classA, classB];
    phase('create the cooperative, 4 categories, 3 colleges, 2 share classes');

    // From here on, this session bypasses triggers (the journal's and the foreign keys'); CHECK constraints still apply.
    await db.query("SET session_replication_role = replica; SET synchronous_commit = off; SET work_mem = '256MB'; SET maintenance_work_mem = '256MB'");
    await db.query('BEGIN');
    const m = generated.members;
    const categoryIds = CATEGORY_KINDS.map((k) => categories[k]);
    for (let from = 0; from < m.count; from += BATCH) {
      const to = Math.min(m.count, from + BATCH);
      const range = (f: (i: number) => unknown) => Array.from({ length: to - from }, (_, j) => f(from + j));
      await db.query(
        `INSERT INTO member (cooperative_id, member_number, person_type, first_name, last_name, company_name, email, phone, street, postal_code, city,
           country, language, category_id, college_id, status, applied_on, admission_decision_ref, admission_decision_date, admission_effective_date,
           created_at, updated_at)
         SELECT $1, n, person_type, first_name, last_name, company_name, email, phone, street, postal_code, city, 'FR', 'fr_FR', category_id, college_id,
           'ADMITTED', applied_on, 'CA-' || admission_date, admission_date, admission_date, applied_on + time '10:00', admission_date + time '18:00'
         FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::uuid[],
           $13::uuid[], $14::date[], $15::date[])
           AS t(n, person_type, first_name, last_name, company_name, email, phone, street, postal_code, city, category_id, college_id, applied_on,
                admission_date)`,
        [
          cooperativeId,
          range((i) => i + 1),
          range((i) => m.personType[i]),
          range((i) => m.firstName[i]),
          range((i) => m.lastName[i]),
          range((i) => m.companyName[i]),
          range((i) => m.email[i]),
          range((i) => m.phone[i]),
          range((i) => m.street[i]),
          range((i) => m.postalCode[i]),
          range((i) => m.city[i]),
          range((i) => categoryIds[m.category[i]]),
          range((i) => colleges[m.college[i]]),
          range((i) => m.appliedOn[i]),
          range((i) => m.admissionDate[i]),
        ],
      );
    }
    await db.query('UPDATE cooperative SET last_member_number = $2 WHERE id = $1', [cooperativeId, m.count]);
    // The member trigger that keeps membership_change is bypassed too: derive it the way the trigger would.
    await db.query(
      `INSERT INTO membership_change (cooperative_id, effective_date, category_id, has_college, delta)
       SELECT cooperative_id, admission_effective_date, category_id, college_id IS NOT NULL, count(*)
       FROM member WHERE cooperative_id = $1 GROUP BY 1, 2, 3, 4`,
      [cooperativeId],
    );
    phase(`insert ${m.count.toLocaleString('en-US')} admitted members`);

    // The generated movements go to a staging table, in the order the generator dated them.
    await db.query(`CREATE UNLOGGED TABLE bench_load_movement (
      seq int NOT NULL, kind text NOT NULL, day_seq int NOT NULL, effective_date date NOT NULL, member_number int NOT NULL, counterparty_number int,
      share_class_id uuid NOT NULL, shares int NOT NULL, amount numeric(20,4) NOT NULL, shares_delta int NOT NULL, subscribed_delta numeric(20,4) NOT NULL,
      paid_delta numeric(20,4) NOT NULL, refund_due_delta numeric(20,4) NOT NULL, due_date date, reference_date date)`);
    const mv = generated.movements;
    const daySeq = new Int32Array(mv.count);
    for (let k = 0, last = -1, s = 0; k < mv.count; k++) {
      s = mv.day[k] === last ? s + 1 : 0;
      last = mv.day[k];
      daySeq[k] = s;
    }
    for (let from = 0; from < mv.count; from += BATCH) {
      const to = Math.min(mv.count, from + BATCH);
      const range = (f: (k: number) => unknown) => Array.from({ length: to - from }, (_, j) => f(from + j));
      await db.query(
        `INSERT INTO bench_load_movement SELECT * FROM unnest($1::int[], $2::text[], $3::int[], $4::date[], $5::int[], $6::int[], $7::uuid[], $8::int[],
           $9::numeric[], $10::int[], $11::numeric[], $12::numeric[], $13::numeric[], $14::date[], $15::date[])`,
        [
          range((k) => k + 1),
          range((k) => KINDS[mv.kind[k]]),
          range((k) => daySeq[k]),
          range((k) => generated.dayDate(mv.day[k])),
          range((k) => mv.member[k]),
          range((k) => mv.counterparty[k] || null),
          range((k) => classIds[mv.shareClass[k] === CLASS_A ? CLASS_A : CLASS_B]),
          range((k) => mv.shares[k]),
          range((k) => cents(mv.amountCents[k])),
          range((k) => mv.sharesDelta[k]),
          range((k) => cents(mv.subscribedDeltaCents[k])),
          range((k) => cents(mv.paidDeltaCents[k])),
          range((k) => cents(mv.refundDueDeltaCents[k])),
          range((k) => mv.dueDate[k]),
          range((k) => (mv.referenceDay[k] > -1_000_000 ? generated.dayDate(mv.referenceDay[k]) : null)),
        ],
      );
    }
    phase(`stage ${mv.count.toLocaleString('en-US')} movements`);

    // The journal: numbered in chronological order, running totals by window functions, exactly as the BEFORE INSERT
    // trigger computes them (a transfer moves no capital; the public-body share follows the members' categories).
    await db.query(
      `INSERT INTO movement (id, cooperative_id, movement_number, kind, effective_date, recorded_at, member_id, counterparty_member_id, share_class_id,
         shares, amount, shares_delta, subscribed_delta, paid_delta, refund_due_delta, loss_deduction, due_date, reference, reference_date,
         subscribed_capital_after, paid_capital_after, highest_capital_after, public_body_capital_after, refunds_due_after)
       SELECT gen_random_uuid(), $1, n, kind, effective_date, effective_date + time '09:00' + day_seq * interval '7 seconds', member_id, counterparty_id,
         share_class_id, shares, amount, shares_delta, subscribed_delta, paid_delta, refund_due_delta, 0, due_date,
         CASE kind WHEN 'SUBSCRIPTION' THEN 'BS-' || n WHEN 'PAYMENT' THEN 'VIR-' || n WHEN 'REFUND' THEN 'REMB-' || n
                   ELSE 'CA-' || reference_date END,
         reference_date,
         subscribed_after, paid_after, max(subscribed_after) OVER (ORDER BY n ROWS UNBOUNDED PRECEDING), public_after, refunds_after
       FROM (
         SELECT j.*,
           sum(CASE WHEN counterparty_id IS NULL THEN subscribed_delta ELSE 0 END) OVER w AS subscribed_after,
           sum(CASE WHEN counterparty_id IS NULL THEN paid_delta ELSE 0 END) OVER w AS paid_after,
           sum(public_delta) OVER w AS public_after,
           sum(refund_due_delta) OVER w AS refunds_after
         FROM (
           SELECT s.*, row_number() OVER (ORDER BY s.effective_date, s.seq) AS n, mb.id AS member_id, cp.id AS counterparty_id,
             CASE WHEN mc.kind = 'PUBLIC_BODY' THEN s.subscribed_delta ELSE 0 END
               - CASE WHEN cpc.kind = 'PUBLIC_BODY' THEN s.subscribed_delta ELSE 0 END AS public_delta
           FROM bench_load_movement s
           JOIN member mb ON mb.cooperative_id = $1 AND mb.member_number = s.member_number
           JOIN category mc ON mc.id = mb.category_id
           LEFT JOIN member cp ON cp.cooperative_id = $1 AND cp.member_number = s.counterparty_number
           LEFT JOIN category cpc ON cpc.id = cp.category_id
         ) j
         WINDOW w AS (ORDER BY n ROWS UNBOUNDED PRECEDING)
       ) t
       ORDER BY n`,
      [cooperativeId],
    );
    phase('insert the journal (numbers and running totals by window functions)');

    // The projections, from the journal: what the AFTER INSERT trigger would have left (a row per member and class touched).
    await db.query(
      `INSERT INTO holding (cooperative_id, member_id, share_class_id, shares, subscribed, paid, refund_due)
       SELECT $1, member_id, share_class_id, sum(shares)::int, sum(subscribed), sum(paid), sum(refund_due) FROM (
         SELECT member_id, share_class_id, shares_delta AS shares, subscribed_delta AS subscribed, paid_delta AS paid, refund_due_delta AS refund_due
         FROM movement WHERE cooperative_id = $1
         UNION ALL
         SELECT counterparty_member_id, share_class_id, -shares_delta, -subscribed_delta, -paid_delta, 0
         FROM movement WHERE cooperative_id = $1 AND counterparty_member_id IS NOT NULL
       ) j GROUP BY member_id, share_class_id`,
      [cooperativeId],
    );
    await db.query(
      `UPDATE ledger_state s SET last_movement_number = l.movement_number, last_movement_date = l.effective_date,
         subscribed_capital = l.subscribed_capital_after, paid_capital = l.paid_capital_after, highest_capital = l.highest_capital_after,
         public_body_capital = l.public_body_capital_after, refunds_due = l.refunds_due_after
       FROM (SELECT * FROM movement WHERE cooperative_id = $1 ORDER BY movement_number DESC LIMIT 1) l
       WHERE s.cooperative_id = $1`,
      [cooperativeId],
    );
    // The unpaid amounts by due date, as the journal's trigger would have spread them: the migration's own function.
    await db.query(
      `INSERT INTO holding_due (cooperative_id, member_id, share_class_id, due_date, balance, unpaid)
       SELECT $1, member_id, share_class_id, due_date, balance, unpaid FROM coop_unpaid_due_from_journal($1)`,
      [cooperativeId],
    );
    await db.query(
      `INSERT INTO unpaid_due (cooperative_id, due_date, unpaid)
       SELECT $1, due_date, sum(unpaid) FROM holding_due WHERE cooperative_id = $1 GROUP BY due_date HAVING sum(unpaid) > 0`,
      [cooperativeId],
    );
    await db.query('DROP TABLE bench_load_movement');
    await db.query('COMMIT');
    await db.query('SET session_replication_role = origin');
    phase('derive holdings, ledger_state and the unpaid amounts by due date from the journal, commit');

    return {
      cooperativeId,
      categories,
      colleges,
      classA,
      classB,
      generated: { byKind: generated.byKind, partlyPaidSubscriptions: generated.partlyPaidSubscriptions },
      phasesMs,
      loadMs: now() - started,
    };
  } catch (e) {
    await db.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    await db.end();
  }
}

export interface Verification {
  name: string;
  ok: boolean;
  detail: string;
}

/** Checks, from the database alone, that the loaded journal and its projections are what the triggers would have made. */
export async function verifyLedger(url: string, cooperativeId: string, expected: { members: number; movements: number }): Promise<Verification[]> {
  const db = new Client({ connectionString: url, application_name: 'coop-ledger-bench-verify' });
  await db.connect();
  const one = async (sql: string) => (await db.query(sql, [cooperativeId])).rows[0];
  const checks: Verification[] = [];
  try {
    await db.query("SET work_mem = '256MB'");
    const numbering = await one(
      `SELECT count(*)::int AS n, min(movement_number) AS lo, max(movement_number) AS hi, count(DISTINCT movement_number)::int AS distinct_numbers
       FROM movement WHERE cooperative_id = $1`,
    );
    checks.push({
      name: 'movements numbered 1..N without gaps',
      ok: numbering.n === expected.movements && numbering.lo === 1 && numbering.hi === numbering.n && numbering.distinct_numbers === numbering.n,
      detail: `${numbering.n} movements, numbers ${numbering.lo}..${numbering.hi}`,
    });
    const order = await one(
      `SELECT count(*) FILTER (WHERE effective_date < previous)::int AS backwards FROM (
         SELECT effective_date, lag(effective_date) OVER (ORDER BY movement_number) AS previous FROM movement WHERE cooperative_id = $1) x`,
    );
    checks.push({ name: 'numbers follow the dates', ok: order.backwards === 0, detail: `${order.backwards} movements dated before their predecessor` });
    // Running totals recomputed independently of the load: the trigger's arithmetic, row by row, as window sums.
    const totals = await one(
      `SELECT count(*) FILTER (WHERE subscribed_capital_after <> sub OR paid_capital_after <> paid OR highest_capital_after <> greatest(0, high)
                                 OR public_body_capital_after <> pub OR refunds_due_after <> refunds)::int AS wrong
       FROM (SELECT subscribed_capital_after, paid_capital_after, highest_capital_after, public_body_capital_after, refunds_due_after, sub, paid, pub, refunds,
               max(sub) OVER (ORDER BY movement_number ROWS UNBOUNDED PRECEDING) AS high
             FROM (SELECT mv.*,
                     sum(CASE WHEN mv.counterparty_member_id IS NULL THEN mv.subscribed_delta ELSE 0 END) OVER w AS sub,
                     sum(CASE WHEN mv.counterparty_member_id IS NULL THEN mv.paid_delta ELSE 0 END) OVER w AS paid,
                     sum(CASE WHEN mc.kind = 'PUBLIC_BODY' THEN mv.subscribed_delta ELSE 0 END
                         - CASE WHEN cc.kind = 'PUBLIC_BODY' THEN mv.subscribed_delta ELSE 0 END) OVER w AS pub,
                     sum(mv.refund_due_delta) OVER w AS refunds
                   FROM movement mv
                   JOIN member m ON m.id = mv.member_id JOIN category mc ON mc.id = m.category_id
                   LEFT JOIN member c ON c.id = mv.counterparty_member_id LEFT JOIN category cc ON cc.id = c.category_id
                   WHERE mv.cooperative_id = $1
                   WINDOW w AS (ORDER BY mv.movement_number ROWS UNBOUNDED PRECEDING)) a) b`,
    );
    checks.push({
      name: 'running totals (*_after) = the journal summed up to each movement',
      ok: totals.wrong === 0,
      detail: `${totals.wrong} movements differ`,
    });
    const holdings = await one(
      `WITH journal AS (
         SELECT member_id, share_class_id, sum(shares)::int AS shares, sum(subscribed) AS subscribed, sum(paid) AS paid, sum(refund_due) AS refund_due FROM (
           SELECT member_id, share_class_id, shares_delta AS shares, subscribed_delta AS subscribed, paid_delta AS paid, refund_due_delta AS refund_due
           FROM movement WHERE cooperative_id = $1
           UNION ALL
           SELECT counterparty_member_id, share_class_id, -shares_delta, -subscribed_delta, -paid_delta, 0
           FROM movement WHERE cooperative_id = $1 AND counterparty_member_id IS NOT NULL) x
         GROUP BY member_id, share_class_id)
       SELECT count(*)::int AS compared,
              count(*) FILTER (WHERE h.member_id IS NULL OR j.member_id IS NULL OR h.shares <> j.shares OR h.subscribed <> j.subscribed
                                 OR h.paid <> j.paid OR h.refund_due <> j.refund_due)::int AS wrong
       FROM (SELECT * FROM holding WHERE cooperative_id = $1) h FULL JOIN journal j ON j.member_id = h.member_id AND j.share_class_id = h.share_class_id`,
    );
    checks.push({
      name: 'holdings = the journal summed per member and class',
      ok: holdings.wrong === 0 && holdings.compared > 0,
      detail: `${holdings.compared} holdings, ${holdings.wrong} differ`,
    });
    const state = await one(
      `SELECT (s.last_movement_number = l.movement_number AND s.last_movement_date = l.effective_date AND s.subscribed_capital = l.subscribed_capital_after
               AND s.paid_capital = l.paid_capital_after AND s.highest_capital = l.highest_capital_after
               AND s.public_body_capital = l.public_body_capital_after AND s.refunds_due = l.refunds_due_after) AS same_as_last,
              s.subscribed_capital = (SELECT sum(subscribed_delta) FROM movement WHERE cooperative_id = $1 AND counterparty_member_id IS NULL)
                AND s.paid_capital = (SELECT sum(paid_delta) FROM movement WHERE cooperative_id = $1 AND counterparty_member_id IS NULL)
                AND s.refunds_due = (SELECT sum(refund_due_delta) FROM movement WHERE cooperative_id = $1) AS same_as_sums,
              s.last_movement_number, s.subscribed_capital::text AS capital, s.paid_capital::text AS paid, s.public_body_capital::text AS public_capital
       FROM ledger_state s, LATERAL (SELECT * FROM movement WHERE cooperative_id = $1 ORDER BY movement_number DESC LIMIT 1) l
       WHERE s.cooperative_id = $1`,
    );
    checks.push({
      name: "ledger_state = the last movement's totals = the journal's sums",
      ok: state?.same_as_last === true && state?.same_as_sums === true,
      detail: state
        ? `last movement ${state.last_movement_number}, capital ${state.capital}, paid ${state.paid}, public bodies ${state.public_capital}`
        : 'no ledger_state row',
    });
    // The overdue projection against the definition GET /capital computed before it existed, from the journal: per holding,
    // the unpaid amount beyond the balances due on or after the date; on 8 dates spread over the due dates.
    const overdue = await one(
      `WITH unpaid AS (
         SELECT member_id, share_class_id, sum(u) AS unpaid FROM (
           SELECT member_id, share_class_id, subscribed_delta - paid_delta AS u FROM movement WHERE cooperative_id = $1
           UNION ALL
           SELECT counterparty_member_id, share_class_id, paid_delta - subscribed_delta FROM movement WHERE cooperative_id = $1 AND
             counterparty_member_id IS NOT NULL) x
         GROUP BY 1, 2 HAVING sum(u) > 0),
       balances AS (
         SELECT member_id, share_class_id, due_date, sum(subscribed_delta - paid_delta) AS balance FROM movement s
         WHERE cooperative_id = $1 AND kind = 'SUBSCRIPTION' AND due_date IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM movement r WHERE r.reverses_movement_id = s.id)
         GROUP BY 1, 2, 3),
       dates AS (
         SELECT unnest(percentile_disc(ARRAY[0, 0.2, 0.4, 0.6, 0.8, 1]) WITHIN GROUP (ORDER BY due_date)) + 1 AS as_of FROM balances
         UNION SELECT current_date UNION SELECT '2999-12-31'::date),
       not_due AS (
         SELECT d.as_of, b.member_id, b.share_class_id, sum(b.balance) AS amount FROM dates d JOIN balances b ON b.due_date >= d.as_of GROUP BY 1, 2, 3),
       expected AS (
         SELECT d.as_of, coalesce(sum(GREATEST(0, u.unpaid - coalesce(n.amount, 0))), 0) AS overdue
         FROM dates d CROSS JOIN unpaid u
         LEFT JOIN not_due n ON n.as_of = d.as_of AND n.member_id = u.member_id AND n.share_class_id = u.share_class_id
         GROUP BY d.as_of)
       SELECT count(*)::int AS dates, min(e.overdue)::text AS least, max(e.overdue)::text AS most,
              count(*) FILTER (WHERE e.overdue <> (SELECT coalesce(sum(unpaid), 0) FROM unpaid_due WHERE cooperative_id = $1 AND due_date <
                e.as_of))::int AS wrong
       FROM expected e`,
    );
    checks.push({
      name: 'overdue by due date (unpaid_due) = the journal, on dates spread over the due dates',
      ok: overdue.wrong === 0 && overdue.dates >= 3,
      detail: `${overdue.dates} dates (overdue ${overdue.least} to ${overdue.most}), ${overdue.wrong} differ`,
    });
    const members = await one(
      `SELECT c.last_member_number, count(m.*)::int AS admitted, max(m.member_number) AS highest
       FROM cooperative c LEFT JOIN member m ON m.cooperative_id = c.id AND m.status = 'ADMITTED' WHERE c.id = $1 GROUP BY c.last_member_number`,
    );
    checks.push({
      name: 'members admitted, numbered 1..N, last_member_number set',
      ok: members.admitted === expected.members && members.highest === expected.members && members.last_member_number === expected.members,
      detail: `${members.admitted} admitted, highest number ${members.highest}, last_member_number ${members.last_member_number}`,
    });
    const references = await one(
      `SELECT count(*)::int AS dangling FROM movement mv
       LEFT JOIN member m ON m.id = mv.member_id AND m.cooperative_id = $1
       LEFT JOIN member c ON c.id = mv.counterparty_member_id AND c.cooperative_id = $1
       LEFT JOIN share_class sc ON sc.id = mv.share_class_id AND sc.cooperative_id = $1
       WHERE mv.cooperative_id = $1 AND (m.id IS NULL OR sc.id IS NULL OR (mv.counterparty_member_id IS NOT NULL AND c.id IS NULL)
          OR mv.effective_date < m.admission_effective_date OR mv.effective_date < c.admission_effective_date)`,
    );
    checks.push({ name: 'foreign keys hold, no movement before its admission', ok: references.dangling === 0, detail: `${references.dangling} bad rows` });
    return checks;
  } finally {
    await db.end();
  }
}

/**
 * Statistics for the planner, a vacuum (so that index-only scans see all-visible pages, as autovacuum would after a
 * bulk load) and a checkpoint (so that the load's writes are not flushed during the measurements).
 */
export async function analyze(url: string): Promise<void> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    await db.query('VACUUM (ANALYZE) cooperative, category, college, share_class, member, holding, ledger_state, movement, holding_due, unpaid_due');
    await db.query('CHECKPOINT');
  } finally {
    await db.end();
  }
}
