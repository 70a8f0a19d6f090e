import { Client } from 'pg';
import { JOURNAL_LOCK_SQL } from '@coop/ledger';
import type { HttpClient } from './http-client';

/**
 * The Odoo benchmark's data: a SCIC created through the API (categories, colleges), then many admitted members
 * inserted with one set-based statement. The member table's triggers stay on, so each inserted member gets its
 * outbox event (odoo_sync_event, reason CREATED) exactly as through the API; member numbers are taken from the
 * cooperative's counter under the ledger_state row lock, as an admission takes them, so last_member_number stays equal
 * to the highest number.
 */

export interface BenchCooperative {
  cooperativeId: string;
  categories: string[];
  colleges: string[];
}

export async function createCooperativeThroughApi(http: HttpClient, name: string): Promise<BenchCooperative> {
  const coop = await http.json<{ id: string }>('POST', '/api/cooperatives', { name, legalKind: 'SCIC_SAS', settings: {} }, 201);
  const base = `/api/cooperatives/${coop.id}`;
  const categories: string[] = [];
  for (const [n, kind] of [
    ['Salariés', 'EMPLOYEE'],
    ['Bénéficiaires', 'BENEFICIARY'],
    ['Collectivités', 'PUBLIC_BODY'],
    ['Soutiens', 'SUPPORTER'],
  ]) {
    categories.push((await http.json<{ id: string }>('POST', `${base}/categories`, { name: n, kind }, 201)).id);
  }
  const colleges = await http.json<{ id: string }[]>(
    'PUT',
    `${base}/colleges`,
    {
      colleges: [
        { name: 'Producteurs', weight: '40' },
        { name: 'Usagers', weight: '30' },
        { name: 'Partenaires', weight: '30' },
      ],
    },
    200,
  );
  return { cooperativeId: coop.id, categories, colleges: colleges.map((c) => c.id) };
}

/**
 * Inserts `count` admitted members (1 in 25 a legal person, 1 in 50 in Belgium, the rest in France; every contact
 * field filled; colleges and categories in turn) in one transaction. Returns the numbers they got.
 */
export async function insertAdmittedMembers(
  url: string,
  coop: BenchCooperative,
  count: number,
): Promise<{ firstNumber: number; lastNumber: number; ms: number }> {
  const started = performance.now();
  const db = new Client({ connectionString: url, application_name: 'coop-ledger-bench-odoo-members' });
  await db.connect();
  try {
    await db.query('BEGIN');
    // The lock an admission takes (lockLedger), then the counter, then the members: numbers are never reused.
    const locked = await db.query(JOURNAL_LOCK_SQL, [coop.cooperativeId]);
    if (!locked.rowCount) throw new Error(`cooperative ${coop.cooperativeId} has no ledger_state row`);
    const [{ last_member_number: last }] = (
      await db.query('UPDATE cooperative SET last_member_number = last_member_number + $2 WHERE id = $1 RETURNING last_member_number', [
        coop.cooperativeId,
        count,
      ])
    ).rows;
    const first = last - count + 1;
    const inserted = await db.query(
      `INSERT INTO member (cooperative_id, member_number, person_type, first_name, last_name, company_name, email, phone, street, postal_code, city,
         country, language, category_id, college_id, status, applied_on, admission_decision_ref, admission_decision_date, admission_effective_date)
       SELECT $1, n,
         CASE WHEN legal THEN 'LEGAL' ELSE 'NATURAL' END,
         CASE WHEN legal THEN NULL ELSE first_name END,
         CASE WHEN legal THEN NULL ELSE last_name END,
         CASE WHEN legal THEN 'Société coopérative ' || n ELSE NULL END,
         lower(translate(CASE WHEN legal THEN 'contact' ELSE first_name || '.' || last_name END, 'éèçï ', 'eeci-')) || '.' || n || '@example.org',
         '+33 6 ' || lpad((n % 100)::text, 2, '0') || ' ' || lpad(((n / 100) % 100)::text, 2, '0') || ' ' || lpad(((n / 10000) % 100)::text, 2, '0') || ' 00',
         (1 + n % 180) || ', rue ' || (ARRAY['de la République', 'Victor Hugo', 'des Lilas', 'Jean Jaurès', 'du Moulin'])[1 + n % 5],
         CASE WHEN belgian THEN (1000 + n % 8000)::text ELSE lpad((1000 + (n * 37) % 94000)::text, 5, '0') END,
         CASE WHEN belgian THEN (ARRAY['Bruxelles', 'Liège', 'Namur'])[1 + n % 3]
              ELSE (ARRAY['Lyon', 'Grenoble', 'Nantes', 'Rennes', 'Lille', 'Bordeaux', 'Toulouse', 'Marseille'])[1 + n % 8] END,
         CASE WHEN belgian THEN 'BE' ELSE 'FR' END,
         'fr_FR',
         ($3::uuid[])[1 + n % array_length($3::uuid[], 1)],
         ($4::uuid[])[1 + n % array_length($4::uuid[], 1)],
         'ADMITTED', date '2024-01-02', 'CA-2024-01-15', date '2024-01-15', date '2024-01-15'
       FROM (
         SELECT n, n % 25 = 0 AS legal, n % 50 = 1 AS belgian,
           (ARRAY['Camille', 'Dominique', 'Claude', 'Sacha', 'Alix', 'Lou', 'Noé', 'Maëlle', 'Yannick', 'Hélène', 'Jean', 'Inès'])[1 + n % 12] AS first_name,
           (ARRAY['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Simon', 'Laurent',
                  'Lefèvre'])[1 + (n / 12) % 13]
             AS last_name
         FROM generate_series($2::int, $5::int) AS n
       ) g`,
      [coop.cooperativeId, first, coop.categories, coop.colleges, last],
    );
    if (inserted.rowCount !== count) throw new Error(`inserted ${inserted.rowCount} members instead of ${count}`);
    await db.query('COMMIT');
    await db.query('ANALYZE member, odoo_sync_event');
    return { firstNumber: first, lastNumber: last, ms: performance.now() - started };
  } catch (e) {
    await db.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    await db.end();
  }
}

export interface MemberCheck {
  admitted: number;
  highestNumber: number;
  lastMemberNumber: number;
  distinctNumbers: number;
  pendingMembers: number;
  pendingEvents: number;
}

/** The cooperative's members and outbox as the database sees them. */
export async function memberCheck(url: string, cooperativeId: string): Promise<MemberCheck> {
  const db = new Client({ connectionString: url, application_name: 'coop-ledger-bench-odoo-check' });
  await db.connect();
  try {
    const [row] = (
      await db.query(
        `SELECT (SELECT count(*)::int FROM member WHERE cooperative_id = $1 AND status = 'ADMITTED') AS admitted,
                (SELECT coalesce(max(member_number), 0) FROM member WHERE cooperative_id = $1) AS highest,
                (SELECT count(DISTINCT member_number)::int FROM member WHERE cooperative_id = $1) AS distinct_numbers,
                (SELECT last_member_number FROM cooperative WHERE id = $1) AS last_member_number,
                (SELECT count(DISTINCT member_id)::int FROM odoo_sync_event WHERE cooperative_id = $1 AND processed_at IS NULL) AS pending_members,
                (SELECT count(*)::int FROM odoo_sync_event WHERE cooperative_id = $1 AND processed_at IS NULL) AS pending_events`,
        [cooperativeId],
      )
    ).rows;
    return {
      admitted: row.admitted,
      highestNumber: row.highest,
      lastMemberNumber: row.last_member_number,
      distinctNumbers: row.distinct_numbers,
      pendingMembers: row.pending_members,
      pendingEvents: row.pending_events,
    };
  } finally {
    await db.end();
  }
}

/** `count` members spread evenly over the cooperative's member numbers (the re-sync's changed members). */
export async function spreadMembers(url: string, cooperativeId: string, count: number): Promise<{ id: string; number: number }[]> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    const { rows } = await db.query(`SELECT id, member_number FROM member WHERE cooperative_id = $1 AND status = 'ADMITTED' ORDER BY member_number`, [
      cooperativeId,
    ]);
    if (rows.length < count) throw new Error(`only ${rows.length} admitted members, ${count} wanted`);
    const step = rows.length / count;
    return Array.from({ length: count }, (_, i) => rows[Math.floor(i * step)]).map((r) => ({ id: r.id, number: r.member_number }));
  } finally {
    await db.end();
  }
}

/** Changes every admitted member's city (one statement; the member trigger queues each one for the sync). */
export async function changeEveryMember(url: string, cooperativeId: string): Promise<number> {
  const db = new Client({ connectionString: url, application_name: 'coop-ledger-bench-odoo-change' });
  await db.connect();
  try {
    const { rowCount } = await db.query(`UPDATE member SET city = city || ' (changed)' WHERE cooperative_id = $1 AND status = 'ADMITTED'`, [cooperativeId]);
    await db.query('ANALYZE odoo_sync_event');
    return rowCount ?? 0;
  } finally {
    await db.end();
  }
}
