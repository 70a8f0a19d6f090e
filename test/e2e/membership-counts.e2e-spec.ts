import { Client } from 'pg';
import { admitMember, createScic, type ScicFixture } from '../support/fixtures';
import { startTestApp, type TestApp } from '../support/test-app';

/** The member counts of capital and compliance come from membership_change; they must equal counting the members. */
describe('member counts on any date equal the members themselves', () => {
  let t: TestApp;
  let f: ScicFixture;
  let base: string;
  let pg: Client;

  beforeAll(async () => {
    t = await startTestApp();
    f = await createScic(t.http);
    base = `/api/cooperatives/${f.cooperativeId}`;
    pg = new Client({ connectionString: process.env.COOP_TEST_DATABASE_URL });
    await pg.connect();
  });
  afterAll(async () => {
    await pg.end();
    await t.close();
  });

  async function direct(asOf: string) {
    const { rows } = await pg.query(
      `SELECT c.kind, count(*)::int AS n, count(*) FILTER (WHERE m.college_id IS NULL)::int AS no_college
       FROM member m JOIN category c ON c.id = m.category_id
       WHERE m.cooperative_id = $1 AND m.admission_effective_date <= $2 AND (m.exit_effective_date IS NULL OR m.exit_effective_date > $2)
       GROUP BY c.kind ORDER BY c.kind`,
      [f.cooperativeId, asOf],
    );
    return rows as { kind: string; n: number; no_college: number }[];
  }

  it('across admissions, exits, and changes of category and college', async () => {
    const a = await admitMember(t.http, f, { category: f.categories.employee, date: '2024-01-10' });
    const b = await admitMember(t.http, f, { category: f.categories.beneficiary, date: '2024-02-10' });
    const c = await admitMember(t.http, f, { category: f.categories.beneficiary, date: '2024-03-10' });
    await admitMember(t.http, f, { category: f.categories.supporter, date: '2024-03-10' });
    await t.http.post(`${base}/members/${b}/exit`).send({ reason: 'RESIGNATION', effectiveDate: '2024-04-30' }).expect(201);
    await t.http.patch(`${base}/members/${c}`).send({ categoryId: f.categories.publicBody, collegeId: f.colleges[2] }).expect(200);
    await t.http.patch(`${base}/members/${a}`).send({ collegeId: null }).expect(200);
    await t.http.post(`${base}/members/${a}/exit`).send({ reason: 'DEATH', effectiveDate: '2024-06-01' }).expect(201);

    for (const asOf of ['2023-12-31', '2024-01-10', '2024-02-15', '2024-03-10', '2024-04-29', '2024-04-30', '2024-05-31', '2024-06-01', '2030-01-01']) {
      const expected = await direct(asOf);
      const capital = (await t.http.get(`${base}/capital?asOf=${asOf}`)).body;
      expect({ asOf, members: capital.members }).toEqual({ asOf, members: expected.reduce((s, r) => s + r.n, 0) });
      const compliance = (await t.http.get(`${base}/compliance?asOf=${asOf}`)).body;
      const categories = compliance.checks.find((x: { code: string }) => x.code === 'SCIC_MIN_CATEGORIES');
      expect({ asOf, categories: categories.details.categoriesWithMembers }).toEqual({ asOf, categories: expected.length });
      const employees = compliance.checks.find((x: { code: string }) => x.code === 'SCIC_EMPLOYEES_PRESENT');
      expect({ asOf, employees: employees.details.members }).toEqual({ asOf, employees: expected.find((r) => r.kind === 'EMPLOYEE')?.n ?? 0 });
      const colleges = compliance.checks.find((x: { code: string }) => x.code === 'MEMBERS_IN_COLLEGES');
      expect({ asOf, noCollege: colleges.details.membersWithoutCollege }).toEqual({ asOf, noCollege: expected.reduce((s, r) => s + r.no_college, 0) });
    }
  });
});
