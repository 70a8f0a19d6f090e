import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { admitMember, createScic, type ScicFixture } from '../support/fixtures';
import { startTestApp, type TestApp, type TestUser } from '../support/test-app';

interface AuditRow {
  id: string;
  cooperative_id: string | null;
  actor_kind: string;
  actor_user_id: string | null;
  actor_token_id: string | null;
  actor_label: string;
  ip: string | null;
  method: string;
  route: string;
  status: number;
  resource_type: string | null;
  resource_id: string | null;
  change: unknown;
}

interface AuditView {
  id: string;
  at: string;
  actor: { kind: string; userId: string | null; tokenId: string | null; label: string };
  method: string;
  route: string;
  status: number;
  resourceId: string | null;
}

const MEMBER_ROUTE = '/api/cooperatives/:cooperativeId/members/:memberId';
const LOOPBACK = /^(::ffff:)?127\.0\.0\.1$|^::1$/;

/** Who did what, from where, with what outcome: every write through the API leaves one row, and no secret. */
describe('the audit trail', () => {
  let t: TestApp;
  let db: Client;
  let f: ScicFixture;
  let base: string;
  let member: string;

  /** The rows written since `after` for the cooperative (or for none), oldest first. */
  const rowsSince = async (after: string, cooperativeId: string | null = f.cooperativeId): Promise<AuditRow[]> =>
    (
      await db.query(
        `SELECT id::text, cooperative_id, actor_kind, actor_user_id, actor_token_id, actor_label, ip, method, route, status, resource_type, resource_id, change
           FROM audit_event a WHERE a.id > $1 AND cooperative_id IS NOT DISTINCT FROM $2 ORDER BY a.id`,
        [after, cooperativeId],
      )
    ).rows;
  const lastId = async (): Promise<string> => (await db.query(`SELECT coalesce(max(id), 0)::text AS id FROM audit_event`)).rows[0].id;

  beforeAll(async () => {
    t = await startTestApp();
    f = await createScic(t.http);
    base = `/api/cooperatives/${f.cooperativeId}`;
    member = await admitMember(t.http, f);
    db = new Client({ connectionString: process.env.COOP_TEST_DATABASE_URL });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  it('records a member PATCH: who, the route pattern, status, resource, the change and the client address', async () => {
    const from = await lastId();
    const change = { city: 'Lyon', phone: '+33 4 00 00 00 00' };
    expect((await t.http.patch(`${base}/members/${member}`).send(change)).status).toBe(200);
    expect(await rowsSince(from)).toEqual([
      {
        id: expect.any(String),
        cooperative_id: f.cooperativeId,
        actor_kind: 'user',
        actor_user_id: t.operator.id,
        actor_token_id: null,
        actor_label: t.operator.email,
        ip: expect.stringMatching(LOOPBACK),
        method: 'PATCH',
        route: MEMBER_ROUTE,
        status: 200,
        resource_type: 'members',
        resource_id: member,
        change,
      },
    ]);
  });

  it('records the id of what a POST created', async () => {
    const from = await lastId();
    const res = await t.http.post(`${base}/members`).send({
      personType: 'NATURAL',
      firstName: 'Ada',
      lastName: 'Audit',
      categoryId: f.categories.supporter,
      collegeId: f.colleges[0],
      appliedOn: '2024-01-01',
    });
    expect(res.status).toBe(201);
    expect(await rowsSince(from)).toEqual([
      expect.objectContaining({
        method: 'POST',
        route: '/api/cooperatives/:cooperativeId/members',
        status: 201,
        resource_type: 'members',
        resource_id: res.body.id,
        change: expect.objectContaining({ lastName: 'Audit' }),
      }),
    ]);
  });

  it('records refused writes with their status: validation, unknown resource, business rule', async () => {
    const from = await lastId();
    const unknownField = await t.http.patch(`${base}/members/${member}`).send({ city: 'Nantes', shoeSize: 42 });
    expect(unknownField.status).toBe(400);
    const missing = '00000000-0000-4000-8000-000000000000';
    expect((await t.http.patch(`${base}/members/${missing}`).send({ city: 'Nantes' })).status).toBe(404);
    const twice = await t.http
      .post(`${base}/members/${member}/admission`)
      .send({ decisionRef: 'CA-x', decisionDate: '2024-01-10', effectiveDate: '2024-01-10' });
    expect(twice.status).toBe(409);
    expect((await rowsSince(from)).map((r) => [r.method, r.route, r.status, r.resource_id, r.actor_user_id])).toEqual([
      ['PATCH', MEMBER_ROUTE, 400, member, t.operator.id],
      ['PATCH', MEMBER_ROUTE, 404, missing, t.operator.id],
      ['POST', `${MEMBER_ROUTE}/admission`, 409, member, t.operator.id],
    ]);
    // and the member was not changed by the refused PATCH
    expect((await t.http.get(`${base}/members/${member}`)).body.address.city).toBe('Lyon');
  });

  it('records writes the access guard refuses: a role that may not (in its cooperative), no token and a foreign cooperative (platform events)', async () => {
    const from = await lastId();
    const accountant = await t.user({ role: 'accountant', cooperativeId: f.cooperativeId });
    const forbidden = await accountant.http.post(`${base}/movements/payments`).send({});
    expect(forbidden.status).toBe(403);
    expect((await t.anonymous.post(`${base}/members`).send({ lastName: 'X' })).status).toBe(401);
    const elsewhere = await createScic(t.http);
    expect((await accountant.http.post(`/api/cooperatives/${elsewhere.cooperativeId}/members`).send({})).status).toBe(404);
    expect((await rowsSince(from)).map((r) => [r.method, r.route, r.status, r.actor_user_id])).toEqual([
      ['POST', '/api/cooperatives/:cooperativeId/movements/payments', 403, accountant.id],
    ]);
    const platform = (await rowsSince(from, null)).filter((r) => r.route.startsWith('/api/cooperatives/:cooperativeId/'));
    expect(platform.map((r) => [r.method, r.route, r.status, r.actor_kind, r.actor_user_id])).toEqual([
      ['POST', '/api/cooperatives/:cooperativeId/members', 401, 'anonymous', null],
      ['POST', '/api/cooperatives/:cooperativeId/members', 404, 'user', accountant.id],
    ]);
  });

  it('does not record reads', async () => {
    const from = await lastId();
    expect((await t.http.get(`${base}/members/${member}`)).status).toBe(200);
    expect((await t.http.get(`${base}/members`)).status).toBe(200);
    expect(await rowsSince(from)).toEqual([]);
  });

  it('names an API token: its id and label, and the user who made it', async () => {
    const res = await t.http.post('/api/me/api-tokens').send({ cooperativeId: f.cooperativeId, role: 'admin', name: 'audit script', expiresInDays: 1 });
    expect(res.status).toBe(201);
    const from = await lastId();
    expect((await t.as(res.body.token).patch(`${base}/members/${member}`).send({ city: 'Grenoble' })).status).toBe(200);
    expect(await rowsSince(from)).toEqual([
      expect.objectContaining({
        actor_kind: 'api-token',
        actor_user_id: t.operator.id,
        actor_token_id: res.body.id,
        actor_label: expect.stringContaining('audit script'),
        route: MEMBER_ROUTE,
        status: 200,
        change: { city: 'Grenoble' },
      }),
    ]);
  });

  it('never holds a password or a token: password changes (done and refused), sign-ins, refreshes, API tokens', async () => {
    const user = await t.user({ role: 'admin', cooperativeId: f.cooperativeId });
    const wrong = `wrong-${randomBytes(12).toString('hex')}`;
    const newPassword = `nouveau-${randomBytes(12).toString('hex')}`;
    const from = await lastId();
    expect((await user.http.post('/api/me/password').send({ currentPassword: wrong, newPassword })).status).toBe(401);
    expect((await user.http.post('/api/me/password').send({ currentPassword: user.password, newPassword })).status).toBe(204);
    const session = await t.login(user.email, newPassword);
    const refreshed = await t.anonymous.post('/api/auth/refresh').send({ refreshToken: session.refreshToken });
    expect(refreshed.status).toBe(200);
    const apiToken = await t
      .as(session.accessToken)
      .post('/api/me/api-tokens')
      .send({ cooperativeId: f.cooperativeId, role: 'accountant', name: 'export', expiresInDays: 2 });
    expect(apiToken.status).toBe(201);
    // a write whose body names secrets: they are blanked
    const odoo = await t
      .as(session.accessToken)
      .put(`${base}/odoo/connection`)
      .send({ url: 'https://odoo.invalid', database: 'db', login: 'admin', secret: newPassword });
    expect(odoo.status).toBeGreaterThanOrEqual(200);

    const [odooRow] = (await db.query(`SELECT change FROM audit_event WHERE id > $1 AND route LIKE '%/odoo/connection'`, [from])).rows;
    expect(odooRow.change).toEqual({ url: 'https://odoo.invalid', database: 'db', login: 'admin', secret: '[redacted]' });
    const written = (await db.query(`SELECT route, status, actor_user_id FROM audit_event WHERE id > $1 ORDER BY id`, [from])).rows;
    // the audit saw these requests (so that what follows is not vacuous)
    expect(written).toEqual(
      expect.arrayContaining([
        { route: '/api/me/password', status: 401, actor_user_id: user.id },
        { route: '/api/me/password', status: 204, actor_user_id: user.id },
        expect.objectContaining({ route: '/api/auth/login', status: 200 }),
        expect.objectContaining({ route: '/api/auth/refresh', status: 200 }),
        { route: '/api/me/api-tokens', status: 201, actor_user_id: user.id },
        expect.objectContaining({ route: '/api/cooperatives/:cooperativeId/odoo/connection', actor_user_id: user.id }),
      ]),
    );
    const secrets = [
      user.password,
      wrong,
      newPassword,
      user.token,
      session.accessToken,
      session.refreshToken,
      refreshed.body.refreshToken,
      refreshed.body.accessToken,
      apiToken.body.token,
    ];
    for (const s of secrets) expect(typeof s === 'string' && s.length >= 10).toBe(true);
    const whole = (await db.query(`SELECT string_agg(a::text, E'\\n') AS text FROM audit_event a`)).rows[0].text as string;
    expect(whole).toContain(user.email);
    for (const secret of secrets) expect(whole.includes(secret)).toBe(false);
    const fields = (await db.query(`SELECT string_agg(coalesce(change::text, '') || ' ' || route, E'\\n') AS text FROM audit_event`)).rows[0].text as string;
    for (const secret of secrets) expect(fields.includes(secret)).toBe(false);
  });

  describe('GET /api/cooperatives/:id/audit-events', () => {
    let g: ScicFixture;
    let gBase: string;
    let other: TestUser;
    let accountant: TestUser;
    let gMember: string;
    let all: AuditView[];

    beforeAll(async () => {
      g = await createScic(t.http);
      gBase = `/api/cooperatives/${g.cooperativeId}`;
      gMember = await admitMember(t.http, g);
      other = await t.user({ role: 'admin', cooperativeId: g.cooperativeId });
      accountant = await t.user({ role: 'accountant', cooperativeId: g.cooperativeId });
      expect((await other.http.patch(`${gBase}/members/${gMember}`).send({ city: 'Brest' })).status).toBe(200);
      expect((await other.http.patch(`${gBase}/members/${gMember}`).send({ city: 'Quimper' })).status).toBe(200);
      const res = await t.http.get(`${gBase}/audit-events?limit=500`);
      expect(res.status).toBe(200);
      all = res.body.items;
    });

    it('lists every write of the cooperative, newest first, and only its own', async () => {
      const inDb = (await db.query(`SELECT id::text FROM audit_event a WHERE cooperative_id = $1 ORDER BY a.id DESC`, [g.cooperativeId])).rows.map((r) => r.id);
      expect(all.map((e) => e.id)).toEqual(inDb);
      // the cooperative's creation, the fixture's writes (4 categories, the colleges, 2 share classes), the member's
      // creation and admission, the two PATCHes
      expect(all.map((e) => e.route.replace('/api/cooperatives/:cooperativeId', '')).reverse()).toEqual([
        '/api/cooperatives',
        ...Array(4).fill('/categories'),
        '/colleges',
        '/share-classes',
        '/share-classes',
        '/members',
        '/members/:memberId/admission',
        '/members/:memberId',
        '/members/:memberId',
      ]);
      expect(all[0]).toMatchObject({
        actor: { kind: 'user', userId: other.id, label: other.email },
        method: 'PATCH',
        route: MEMBER_ROUTE,
        resourceId: gMember,
        status: 200,
      });
      const ats = all.map((e) => e.at);
      expect([...ats].sort().reverse()).toEqual(ats);
      const ofF = (await t.http.get(`${base}/audit-events?limit=500`)).body.items as AuditView[];
      expect(ofF.map((e) => e.id).filter((id) => inDb.includes(id))).toEqual([]);
    });

    it('filters by user, resource, route fragment and period', async () => {
      const byUser = (await t.http.get(`${gBase}/audit-events?userId=${other.id}`)).body.items as AuditView[];
      expect(byUser.map((e) => [e.actor.userId, e.route])).toEqual([
        [other.id, MEMBER_ROUTE],
        [other.id, MEMBER_ROUTE],
      ]);
      const byResource = (await t.http.get(`${gBase}/audit-events?resourceId=${gMember}`)).body.items as AuditView[];
      expect(byResource.map((e) => e.route)).toEqual([MEMBER_ROUTE, MEMBER_ROUTE, `${MEMBER_ROUTE}/admission`, '/api/cooperatives/:cooperativeId/members']);
      const byRoute = (await t.http.get(`${gBase}/audit-events?route=share-classes`)).body.items as AuditView[];
      expect(byRoute.map((e) => e.route)).toEqual(['/api/cooperatives/:cooperativeId/share-classes', '/api/cooperatives/:cooperativeId/share-classes']);
      const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
      expect(((await t.http.get(`${gBase}/audit-events?limit=500&from=${day(-1)}&to=${day(1)}`)).body.items as AuditView[]).map((e) => e.id)).toEqual(
        all.map((e) => e.id),
      );
      expect((await t.http.get(`${gBase}/audit-events?from=${day(2)}`)).body.items).toEqual([]);
      expect((await t.http.get(`${gBase}/audit-events?to=${day(-2)}`)).body.items).toEqual([]);
      expect((await t.http.get(`${gBase}/audit-events?userId=${other.id}&route=admission`)).body.items).toEqual([]);
    });

    it('pages with a cursor, each event once, in the same order', async () => {
      const paged: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res = await t.http.get(`${gBase}/audit-events?limit=5${cursor ? `&cursor=${cursor}` : ''}`);
        expect(res.status).toBe(200);
        expect(res.body.items.length).toBeLessThanOrEqual(5);
        paged.push(...(res.body.items as AuditView[]).map((e) => e.id));
        cursor = res.body.nextCursor;
        pages++;
      } while (cursor && pages < 100);
      expect(paged).toEqual(all.map((e) => e.id));
      expect(pages).toBe(Math.ceil(all.length / 5));
      const bad = await t.http.get(`${gBase}/audit-events?cursor=abc`);
      expect({ status: bad.status, code: bad.body.code }).toEqual({ status: 400, code: 'INVALID_CURSOR' });
    });

    it('is for admins only: an accountant gets 403, a member of another cooperative 404', async () => {
      const res = await accountant.http.get(`${gBase}/audit-events`);
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 403, code: 'FORBIDDEN' });
      const stranger = await t.user({ role: 'admin', cooperativeId: f.cooperativeId });
      const elsewhere = await stranger.http.get(`${gBase}/audit-events`);
      expect({ status: elsewhere.status, code: elsewhere.body.code }).toEqual({ status: 404, code: 'COOPERATIVE_NOT_FOUND' });
    });
  });

  describe('is append-only in the database', () => {
    /** Runs the statement in a transaction always rolled back, and returns the error the database raised. */
    async function refused(sql: string, params: unknown[] = []): Promise<{ code?: string; message: string }> {
      await db.query('BEGIN');
      try {
        await db.query(sql, params);
      } catch (e) {
        await db.query('ROLLBACK');
        return e as { code?: string; message: string };
      }
      await db.query('ROLLBACK');
      throw new Error(`the database accepted: ${sql}`);
    }

    it('refuses UPDATE, DELETE and TRUNCATE', async () => {
      const count = async () => (await db.query('SELECT count(*)::int AS n FROM audit_event')).rows[0].n as number;
      const before = await count();
      expect(before).toBeGreaterThan(0);
      const update = await refused(`UPDATE audit_event SET actor_label = 'someone else' WHERE cooperative_id = $1`, [f.cooperativeId]);
      expect([update.code, update.message]).toEqual(['23001', expect.stringMatching(/append-only: UPDATE on audit_event/)]);
      const del = await refused('DELETE FROM audit_event WHERE cooperative_id = $1', [f.cooperativeId]);
      expect([del.code, del.message]).toEqual(['23001', expect.stringMatching(/append-only: DELETE on audit_event/)]);
      const truncate = await refused('TRUNCATE audit_event');
      expect([truncate.code, truncate.message]).toEqual(['23001', expect.stringMatching(/append-only: TRUNCATE on audit_event/)]);
      expect(await count()).toBe(before);
    });
  });
});
