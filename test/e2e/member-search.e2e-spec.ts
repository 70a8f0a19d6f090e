import { Client } from 'pg';
import { expectError } from '../support/expect-error';
import { createScic, type ScicFixture } from '../support/fixtures';
import { startTestApp, type TestApp } from '../support/test-app';

interface Item {
  id: string;
  memberNumber: number | null;
  displayName: string;
}

/** Issue 8: find a member by name, number or email (GET …/members?q=), case- and accent-insensitive, paginated. */
describe('finding a member: GET /members?q=', () => {
  let t: TestApp;
  let f: ScicFixture;
  let g: ScicFixture; // another cooperative, with a namesake
  const ids: Record<string, string> = {};

  const create = async (coop: ScicFixture, key: string, body: Record<string, unknown>, admit = true) => {
    const base = `/api/cooperatives/${coop.cooperativeId}`;
    const res = await t.http
      .post(`${base}/members`)
      .send({ personType: 'NATURAL', categoryId: coop.categories.beneficiary, collegeId: coop.colleges[0], appliedOn: '2024-01-01', ...body });
    expect(res.status).toBe(201);
    if (admit) {
      const admitted = await t.http
        .post(`${base}/members/${res.body.id}/admission`)
        .send({ decisionRef: 'CA-1', decisionDate: '2024-01-10', effectiveDate: '2024-01-10' });
      expect(admitted.status).toBe(201);
    }
    ids[key] = res.body.id;
  };

  beforeAll(async () => {
    t = await startTestApp();
    f = await createScic(t.http);
    g = await createScic(t.http);
    await create(f, 'jeanne', { firstName: 'Jeanne', lastName: 'Lefèvre', email: 'jeanne.lefevre@example.org' }); // no. 1
    await create(f, 'elodie', { firstName: 'Élodie', lastName: 'Dupont', email: 'elodie@exemple.fr' }); // no. 2
    await create(f, 'oeuvray', { personType: 'LEGAL', companyName: "Les Jardins d'Œuvray", email: 'contact@oeuvray.example' }); // no. 3
    await create(f, 'helene', { firstName: 'HÉLÈNE', lastName: 'Martin', email: 'H.Martin@Mail.example' }); // no. 4
    for (let i = 5; i <= 11; i++) await create(f, `martin${i}`, { firstName: `Paul${i}`, lastName: 'Martin', email: `p${i}@example.org` }); // no. 5 to 11
    await create(f, 'twelve', { firstName: 'Douze', lastName: 'Dupuis' }); // no. 12
    await create(f, 'candidate', { firstName: 'Jean', lastName: 'Lefebvre' }, false); // a candidate: no number
    await create(g, 'namesake', { firstName: 'Jeanne', lastName: 'Lefèvre', email: 'jeanne.lefevre@example.org' });
  });
  afterAll(() => t.close());

  const search = async (q: string, extra = '', coop = f) => {
    const res = await t.http.get(`/api/cooperatives/${coop.cooperativeId}/members?q=${encodeURIComponent(q)}${extra}`);
    expect(res.status).toBe(200);
    return res.body as { items: Item[]; nextCursor: string | null };
  };
  const found = async (q: string, extra = '') => (await search(q, extra)).items.map((m) => m.id);

  it.each([
    ['lefevre', ['jeanne']],
    ['LEFÈVRE', ['jeanne']],
    ['efèv', ['jeanne']],
    ['elodie', ['elodie']],
    ['ÉLO', ['elodie']],
    ['oeuvray', ['oeuvray']],
    ['Œuvray', ['oeuvray']],
    ['jardins d', ['oeuvray']],
    ['helene', ['helene']],
    ['hélène martin', ['helene']],
    ['martin hélène', ['helene']],
    ['  jeanne   lef ', ['jeanne']],
    ['lefe', ['jeanne', 'candidate']],
  ])('finds %j by name, in any case, with or without accents, word order free', async (q, expected) => {
    expect(await found(q)).toEqual(expected.map((k) => ids[k]));
  });

  it.each([
    ['jeanne.lefevre@example.org', ['jeanne']],
    ['h.martin@mail.example', ['helene']],
    ['@exemple.fr', ['elodie']],
    ['OEUVRAY.EXAMPLE', ['oeuvray']],
  ])('finds %j by email', async (q, expected) => {
    expect(await found(q)).toEqual(expected.map((k) => ids[k]));
  });

  it('finds a member number exactly, not the numbers that contain it', async () => {
    const two = await search('2');
    expect(two.items.map((m) => [m.id, m.memberNumber])).toEqual([[ids.elodie, 2]]);
    expect((await search('12')).items.map((m) => m.memberNumber)).toEqual([12]);
    expect((await search('999')).items).toEqual([]);
  });

  it('takes %, _ and \\ literally, never as patterns', async () => {
    expect(await found('%')).toEqual([]);
    expect(await found('_')).toEqual([]);
    expect(await found('lef_vre')).toEqual([]);
    expect(await found('\\')).toEqual([]);
  });

  it("never returns another cooperative's members", async () => {
    expect((await search('jeanne.lefevre@example.org', '', g)).items.map((m) => m.id)).toEqual([ids.namesake]);
    expect(await found('jeanne.lefevre@example.org')).toEqual([ids.jeanne]);
  });

  it('pages through the results in member-number order, like the list, and combines with the other filters', async () => {
    const seen: Item[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { items: Item[]; nextCursor: string | null } = await search('martin', `&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items);
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen.map((m) => m.memberNumber)).toEqual([4, 5, 6, 7, 8, 9, 10, 11]);
    expect(await found('lefe', '&status=CANDIDATE')).toEqual([ids.candidate]);
    expect(await found('lefe', '&status=ADMITTED')).toEqual([ids.jeanne]);
  });

  it('lists every member when q is blank', async () => {
    const all = await t.http.get(`/api/cooperatives/${f.cooperativeId}/members?limit=100`);
    expect((await search('   ', '&limit=100')).items).toEqual(all.body.items);
  });

  it('refuses a q that is too long, holds too many words, is not a string or holds a control character', async () => {
    const base = `/api/cooperatives/${f.cooperativeId}/members`;
    expectError(await t.http.get(`${base}?q=${'a'.repeat(101)}`), 400, 'VALIDATION_FAILED', 'q');
    expectError(await t.http.get(`${base}?q=a+b+c+d+e+f`), 400, 'VALIDATION_FAILED', 'q');
    expectError(await t.http.get(`${base}?q=a&q=b`), 400, 'VALIDATION_FAILED', 'q');
    expectError(await t.http.get(`${base}?q=jeanne%0B`), 400, 'INVALID_CHARACTERS', 'q');
  });

  it('is served by the trigram index, and folds the same with only pg_catalog on the search path (as a restore does)', async () => {
    const db = new Client({ connectionString: process.env.COOP_TEST_DATABASE_URL });
    await db.connect();
    try {
      await db.query('BEGIN');
      // a member written with only pg_catalog on the search path (as a restore does) is still folded
      await db.query(`SET LOCAL search_path = pg_catalog`);
      const [{ folded }] = (await db.query(`SELECT public.coop_member_search_text('Élodie', 'LEFÈVRE', 'Œuvray', NULL) AS folded`)).rows;
      expect(folded).toBe('elodie lefevre oeuvray ');
      await db.query('SET LOCAL search_path = public');
      await db.query('SET LOCAL enable_seqscan = off');
      const plan = await db.query('EXPLAIN SELECT id FROM member WHERE search_text LIKE coop_search_pattern($1)', ['lefevre']);
      await db.query('ROLLBACK');
      expect(plan.rows.map((r) => r['QUERY PLAN']).join('\n')).toContain('ix_member_search');
    } finally {
      await db.end();
    }
  });
});
