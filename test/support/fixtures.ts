import type { TestApp } from './test-app';

type Http = TestApp['http'];

export interface ScicFixture {
  cooperativeId: string;
  categories: { employee: string; beneficiary: string; publicBody: string; supporter: string };
  colleges: string[];
  classA: string;
  classB: string;
}

async function ok<T = Record<string, unknown>>(res: Promise<{ status: number; body: unknown }>, expected = 201): Promise<T> {
  const r = await res;
  if (r.status !== expected) throw new Error(`expected ${expected}, got ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body as T;
}

/** A SCIC SAS with 4 categories, 3 colleges (40/30/30) and two share classes (A: 100.00, B: 20.00). */
export async function createScic(http: Http, settings: Record<string, unknown> = {}): Promise<ScicFixture> {
  const coop = await ok<{ id: string }>(http.post('/api/cooperatives').send({ name: 'Coop test', legalKind: 'SCIC_SAS', settings }));
  const base = `/api/cooperatives/${coop.id}`;
  const cat = async (name: string, kind: string) => (await ok<{ id: string }>(http.post(`${base}/categories`).send({ name, kind }))).id;
  const categories = {
    employee: await cat('Salariés', 'EMPLOYEE'),
    beneficiary: await cat('Bénéficiaires', 'BENEFICIARY'),
    publicBody: await cat('Collectivités', 'PUBLIC_BODY'),
    supporter: await cat('Soutiens', 'SUPPORTER'),
  };
  const colleges = await ok<{ id: string }[]>(
    http.put(`${base}/colleges`).send({
      colleges: [
        { name: 'Producteurs', weight: '40' },
        { name: 'Usagers', weight: '30' },
        { name: 'Partenaires', weight: '30' },
      ],
    }),
    200,
  );
  const classA = (await ok<{ id: string }>(http.post(`${base}/share-classes`).send({ code: 'A', name: 'Parts A', nominalValue: '100.00' }))).id;
  const classB = (await ok<{ id: string }>(http.post(`${base}/share-classes`).send({ code: 'B', name: 'Parts B', nominalValue: '20.00', minPerMember: 0 }))).id;
  return { cooperativeId: coop.id, categories, colleges: colleges.map((c) => c.id), classA, classB };
}

let counter = 0;

/** Registers a candidate and admits them; returns the member's id. */
export async function admitMember(
  http: Http,
  f: ScicFixture,
  opts: { category?: string; college?: string; date?: string; personType?: 'NATURAL' | 'LEGAL' } = {},
): Promise<string> {
  const base = `/api/cooperatives/${f.cooperativeId}`;
  counter++;
  const person =
    opts.personType === 'LEGAL'
      ? { personType: 'LEGAL', companyName: `Société ${counter}` }
      : { personType: 'NATURAL', firstName: 'Camille', lastName: `Martin ${counter}` };
  const member = await ok<{ id: string }>(
    http.post(`${base}/members`).send({
      ...person,
      email: `member${counter}@example.org`,
      categoryId: opts.category ?? f.categories.beneficiary,
      collegeId: opts.college ?? f.colleges[0],
      appliedOn: '2024-01-01',
    }),
  );
  const date = opts.date ?? '2024-01-10';
  await ok(http.post(`${base}/members/${member.id}/admission`).send({ decisionRef: `CA-${counter}`, decisionDate: date, effectiveDate: date }), 201);
  return member.id;
}

export async function subscribe(http: Http, f: ScicFixture, memberId: string, shares: number, paidAmount: string, date = '2024-02-01', shareClassId?: string) {
  return ok<{ id: string; number: number }>(
    http
      .post(`/api/cooperatives/${f.cooperativeId}/movements/subscriptions`)
      .send({ memberId, shareClassId: shareClassId ?? f.classA, shares, paidAmount, date }),
  );
}
