import { Client } from 'pg';
import { expectError } from '../support/expect-error';
import { admitMember, createScic, type ScicFixture } from '../support/fixtures';
import { startTestApp, type Http, type TestApp, type TestUser } from '../support/test-app';

interface CreatedToken {
  id: string;
  token: string;
  name: string;
  cooperativeId: string;
  role: string;
  createdAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

describe('API tokens, through HTTP', () => {
  let t: TestApp;
  let db: Client;
  let f: ScicFixture;
  /** Another cooperative, where the operator is admin too but the accountant has no role. */
  let other: ScicFixture;
  let memberId: string;
  let accountant: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    db = new Client({ connectionString: process.env.COOP_TEST_DATABASE_URL });
    await db.connect();
    f = await createScic(t.http);
    other = await createScic(t.http);
    memberId = await admitMember(t.http, f);
    accountant = await t.user({ role: 'accountant', cooperativeId: f.cooperativeId });
  });
  afterAll(async () => {
    await db?.end();
    await t?.close();
  });

  const base = (cooperativeId: string) => `/api/cooperatives/${cooperativeId}`;
  const subscription = () => ({
    memberId,
    shareClassId: f.classA,
    shares: 1,
    paidAmount: '100.00',
    date: '2024-02-01',
  });

  async function createToken(http: Http, body: { cooperativeId: string; role: string; name?: string; expiresInDays?: number }): Promise<CreatedToken> {
    const res = await http.post('/api/me/api-tokens').send({ name: 'nightly script', expiresInDays: 30, ...body });
    if (res.status !== 201) throw new Error(`token not created: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  it('is shown once: in the answer to its creation, never in the list', async () => {
    const before = Date.now();
    const created = await createToken(accountant.http, { cooperativeId: f.cooperativeId, role: 'accountant', name: '  export to the spreadsheet  ' });
    expect(created).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      token: expect.stringMatching(/^clt_[A-Za-z0-9_-]{43}$/),
      name: 'export to the spreadsheet',
      cooperativeId: f.cooperativeId,
      role: 'accountant',
      createdAt: expect.any(String),
      expiresAt: expect.any(String),
      lastUsedAt: null,
      revokedAt: null,
    });
    const days = (Date.parse(created.expiresAt) - before) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThan(30.1);

    const list = await accountant.http.get('/api/me/api-tokens');
    expect(list.status).toBe(200);
    const { token, ...shown } = created;
    expect(list.body).toContainEqual(shown);
    expect(JSON.stringify(list.body)).not.toContain(token);
    for (const item of list.body) expect(item).not.toHaveProperty('token');
    // nor in the list of anybody else
    const theirs = await t.http.get('/api/me/api-tokens');
    expect(theirs.body.map((x: { id: string }) => x.id)).not.toContain(created.id);
  });

  it('has a role no higher than its creator`s (422 ROLE_TOO_HIGH), in a cooperative where the creator has a role (else 404)', async () => {
    const tooHigh = await accountant.http.post('/api/me/api-tokens').send({ cooperativeId: f.cooperativeId, role: 'admin', name: 'x', expiresInDays: 1 });
    expectError(tooHigh, 422, 'ROLE_TOO_HIGH', 'role');
    expect(tooHigh.body.details).toEqual({ yourRole: 'accountant' });
    const elsewhere = await accountant.http
      .post('/api/me/api-tokens')
      .send({ cooperativeId: other.cooperativeId, role: 'member', name: 'x', expiresInDays: 1 });
    expectError(elsewhere, 404, 'COOPERATIVE_NOT_FOUND', 'cooperativeId');
    const nowhere = await accountant.http
      .post('/api/me/api-tokens')
      .send({ cooperativeId: '00000000-0000-4000-8000-000000000000', role: 'member', name: 'x', expiresInDays: 1 });
    expectError(nowhere, 404, 'COOPERATIVE_NOT_FOUND', 'cooperativeId');
    // nothing was made by the refusals
    const list = await accountant.http.get('/api/me/api-tokens');
    expect(list.body.filter((x: { name: string }) => x.name === 'x')).toEqual([]);
    // a lower role than the creator's is fine
    expect((await createToken(accountant.http, { cooperativeId: f.cooperativeId, role: 'member' })).role).toBe('member');
  });

  it('acts with its role on its cooperative: an accountant token reads the capital and may not record a movement', async () => {
    const { token } = await createToken(accountant.http, { cooperativeId: f.cooperativeId, role: 'accountant' });
    const capital = await t.as(token).get(`${base(f.cooperativeId)}/capital`);
    expect(capital.status).toBe(200);
    expect(capital.body).toEqual((await t.http.get(`${base(f.cooperativeId)}/capital`)).body);
    const write = await t
      .as(token)
      .post(`${base(f.cooperativeId)}/movements/subscriptions`)
      .send(subscription());
    expectError(write, 403, 'FORBIDDEN');
    const me = await t.as(token).get('/api/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ kind: 'api-token', cooperatives: [{ cooperativeId: f.cooperativeId, role: 'accountant' }] });
  });

  it('an admin`s token with the role accountant is held to it; with the role admin it writes; on another cooperative it is a 404', async () => {
    const reader = await createToken(t.http, { cooperativeId: f.cooperativeId, role: 'accountant' });
    expectError(
      await t
        .as(reader.token)
        .post(`${base(f.cooperativeId)}/movements/subscriptions`)
        .send(subscription()),
      403,
      'FORBIDDEN',
    );

    const writer = await createToken(t.http, { cooperativeId: f.cooperativeId, role: 'admin' });
    const written = await t
      .as(writer.token)
      .post(`${base(f.cooperativeId)}/movements/subscriptions`)
      .send(subscription());
    expect(written.status).toBe(201);

    // the operator is admin of `other` too, but the token is for `f` only
    expectError(await t.as(writer.token).get(`${base(other.cooperativeId)}/capital`), 404, 'COOPERATIVE_NOT_FOUND', 'cooperativeId');
    expectError(await t.as(writer.token).get(`${base(other.cooperativeId)}`), 404, 'COOPERATIVE_NOT_FOUND', 'cooperativeId');
    const listed = await t.as(writer.token).get('/api/cooperatives');
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((c: { id: string }) => c.id)).toEqual([f.cooperativeId]);
  });

  it('an expired token is refused (401)', async () => {
    const created = await createToken(accountant.http, { cooperativeId: f.cooperativeId, role: 'accountant', expiresInDays: 1 });
    expect((await t.as(created.token).get(`${base(f.cooperativeId)}/capital`)).status).toBe(200);
    const updated = await db.query(`UPDATE api_token SET expires_at = now() - interval '1 second' WHERE id = $1`, [created.id]);
    expect(updated.rowCount).toBe(1);
    expectError(await t.as(created.token).get(`${base(f.cooperativeId)}/capital`), 401, 'TOKEN_INVALID');
    expectError(await t.as(created.token).get('/api/me'), 401, 'TOKEN_INVALID');
  });

  it('a revoked token is refused (401); only its creator revokes it', async () => {
    const created = await createToken(accountant.http, { cooperativeId: f.cooperativeId, role: 'accountant' });
    expect((await t.as(created.token).get(`${base(f.cooperativeId)}/capital`)).status).toBe(200);

    // somebody else's token is not found, and stays valid
    expectError(await t.http.delete(`/api/me/api-tokens/${created.id}`), 404, 'API_TOKEN_NOT_FOUND', 'tokenId');
    expect((await t.as(created.token).get(`${base(f.cooperativeId)}/capital`)).status).toBe(200);

    expectError(await accountant.http.delete('/api/me/api-tokens/00000000-0000-4000-8000-000000000000'), 404, 'API_TOKEN_NOT_FOUND', 'tokenId');
    expect((await accountant.http.delete(`/api/me/api-tokens/${created.id}`)).status).toBe(204);
    expectError(await t.as(created.token).get(`${base(f.cooperativeId)}/capital`), 401, 'TOKEN_INVALID');
    const list = await accountant.http.get('/api/me/api-tokens');
    expect(list.body.find((x: { id: string }) => x.id === created.id)).toMatchObject({ revokedAt: expect.any(String) });
  });

  it('records its last use', async () => {
    const created = await createToken(accountant.http, { cooperativeId: f.cooperativeId, role: 'accountant' });
    const find = async () => (await accountant.http.get('/api/me/api-tokens')).body.find((x: { id: string }) => x.id === created.id);
    expect((await find()).lastUsedAt).toBeNull();
    expect((await t.as(created.token).get(`${base(f.cooperativeId)}/capital`)).status).toBe(200);
    const used = await find();
    expect(used.lastUsedAt).toEqual(expect.any(String));
    expect(Date.parse(used.lastUsedAt)).toBeGreaterThanOrEqual(Date.parse(created.createdAt));
  });

  it('cannot make, list or revoke API tokens: that takes a signed-in user', async () => {
    const created = await createToken(accountant.http, { cooperativeId: f.cooperativeId, role: 'accountant' });
    const sibling = await createToken(accountant.http, { cooperativeId: f.cooperativeId, role: 'member' });
    const asToken = t.as(created.token);
    expectError(
      await asToken.post('/api/me/api-tokens').send({ cooperativeId: f.cooperativeId, role: 'member', name: 'child', expiresInDays: 1 }),
      403,
      'FORBIDDEN',
    );
    expectError(await asToken.get('/api/me/api-tokens'), 403, 'FORBIDDEN');
    expectError(await asToken.delete(`/api/me/api-tokens/${sibling.id}`), 403, 'FORBIDDEN');
    // nothing was made, nothing revoked
    const list = (await accountant.http.get('/api/me/api-tokens')).body as CreatedToken[];
    expect(list.filter((x) => x.name === 'child')).toEqual([]);
    expect(list.find((x) => x.id === sibling.id)?.revokedAt).toBeNull();
    expect((await t.as(sibling.token).get('/api/me')).status).toBe(200);
  });

  it('acts no higher than its creator`s role today: a creator moved down takes the token down with them', async () => {
    const admin = await t.user({ role: 'admin', cooperativeId: f.cooperativeId });
    const created = await createToken(admin.http, { cooperativeId: f.cooperativeId, role: 'admin' });
    const write = () =>
      t
        .as(created.token)
        .post(`${base(f.cooperativeId)}/movements/subscriptions`)
        .send(subscription());
    expect((await write()).status).toBe(201);
    await db.query(`UPDATE user_role SET role = 'accountant' WHERE user_id = $1 AND cooperative_id = $2`, [admin.id, f.cooperativeId]);
    expectError(await write(), 403, 'FORBIDDEN');
    expect((await t.as(created.token).get(`${base(f.cooperativeId)}/capital`)).status).toBe(200);
  });

  it('stops working when its creator loses the role in the cooperative', async () => {
    const person = await t.user({ role: 'accountant', cooperativeId: f.cooperativeId });
    const created = await createToken(person.http, { cooperativeId: f.cooperativeId, role: 'accountant' });
    expect((await t.as(created.token).get(`${base(f.cooperativeId)}/capital`)).status).toBe(200);

    // an accountant may not take roles away
    expectError(await accountant.http.delete(`${base(f.cooperativeId)}/roles/${person.id}`), 403, 'FORBIDDEN');
    expect((await t.as(created.token).get(`${base(f.cooperativeId)}/capital`)).status).toBe(200);

    expect((await t.http.delete(`${base(f.cooperativeId)}/roles/${person.id}`)).status).toBe(204);
    expectError(await t.http.delete(`${base(f.cooperativeId)}/roles/${person.id}`), 404, 'USER_NOT_FOUND', 'userId');
    expectError(await t.as(created.token).get(`${base(f.cooperativeId)}/capital`), 401, 'TOKEN_INVALID');
    expectError(await person.http.get(`${base(f.cooperativeId)}/capital`), 404, 'COOPERATIVE_NOT_FOUND', 'cooperativeId');
  });

  it('stops working when its creator has no role any more, even if the token itself was never revoked', async () => {
    const person = await t.user({ role: 'accountant', cooperativeId: f.cooperativeId });
    const created = await createToken(person.http, { cooperativeId: f.cooperativeId, role: 'accountant' });
    expect((await t.as(created.token).get(`${base(f.cooperativeId)}/capital`)).status).toBe(200);
    // the role gone by another path than the admins' route (which also revokes the tokens)
    await db.query('DELETE FROM user_role WHERE user_id = $1 AND cooperative_id = $2', [person.id, f.cooperativeId]);
    expectError(await t.as(created.token).get(`${base(f.cooperativeId)}/capital`), 401, 'TOKEN_INVALID');
  });
});
