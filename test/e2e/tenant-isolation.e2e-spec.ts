import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { runInTenant } from '@coop/database';
import { admitMember, createScic, subscribe, type ScicFixture } from '../support/fixtures';
import { startTestApp, type TestApp } from '../support/test-app';

/** Tables holding cooperative rows, with the column naming the cooperative. */
const TABLES: [table: string, column: string][] = [
  ['cooperative', 'id'],
  ['member', 'cooperative_id'],
  ['movement', 'cooperative_id'],
  ['holding', 'cooperative_id'],
  ['share_class', 'cooperative_id'],
  ['category', 'cooperative_id'],
  ['college', 'cooperative_id'],
  ['user_role', 'cooperative_id'],
  ['audit_event', 'cooperative_id'],
  ['idempotency_key', 'cooperative_id'],
  ['odoo_target', 'cooperative_id'],
  ['odoo_connection', 'cooperative_id'],
  ['odoo_member_sync', 'cooperative_id'],
  ['odoo_sync_event', 'cooperative_id'],
];

/**
 * Row-level security, proved inside the running application: a connection the app's own DataSource checks out inside
 * a cooperative's tenant scope sees, and may write, only that cooperative's rows, whatever the query forgets to filter.
 */
describe('tenant isolation (row-level security in the running app)', () => {
  let t: TestApp;
  let db: DataSource;
  let a: ScicFixture;
  let b: ScicFixture;
  let memberA: string;
  let memberB: string;

  /** The cooperatives of the rows a deliberately unfiltered query returns. */
  const cooperativesSeen = async (table: string, column: string): Promise<string[]> =>
    ((await db.query(`SELECT ${column}::text AS c FROM ${table}`)) as { c: string }[]).map((r) => r.c);

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
    a = await createScic(t.http);
    b = await createScic(t.http);
    for (const f of [a, b]) {
      const member = await admitMember(t.http, f);
      await subscribe(t.http, f, member, 2, '200.00', '2024-02-01');
      // an idempotency key in each cooperative
      const res = await t.http.post(`/api/cooperatives/${f.cooperativeId}/members`).set('Idempotency-Key', `iso-${randomUUID()}`).send({
        personType: 'NATURAL',
        firstName: 'Iso',
        lastName: 'Candidat',
        categoryId: f.categories.supporter,
        collegeId: f.colleges[0],
        appliedOn: '2024-01-01',
      });
      expect(res.status).toBe(201);
      await t.user({ role: 'accountant', cooperativeId: f.cooperativeId });
      // the Odoo tables, written as the service (outside any scope): a target, its connection and a member's state
      const [{ id: target }] = await db.query(
        `INSERT INTO odoo_target (cooperative_id, url, database, module) VALUES ($1, 'https://odoo.example', 'db', 'coop_ledger') RETURNING id`,
        [f.cooperativeId],
      );
      await db.query(
        `INSERT INTO odoo_connection (cooperative_id, url, database, login, secret_env, target_id) VALUES ($1, 'https://odoo.example', 'db', 'admin', 'ODOO_X', $2)`,
        [f.cooperativeId, target],
      );
      await db.query(`INSERT INTO odoo_member_sync (target_id, member_id, cooperative_id, status) VALUES ($1, $2, $3, 'PENDING')`, [
        target,
        member,
        f.cooperativeId,
      ]);
      if (f === a) memberA = member;
      else memberB = member;
    }
  });
  afterAll(() => t.close());

  it.each(TABLES)('an unfiltered SELECT on %s inside A’s scope returns only A’s rows; outside, B’s rows are there', async (table, column) => {
    const inside = await runInTenant(a.cooperativeId, () => cooperativesSeen(table, column));
    expect(inside.length).toBeGreaterThan(0);
    expect(new Set(inside)).toEqual(new Set([a.cooperativeId]));
    const outside = await cooperativesSeen(table, column);
    expect(outside).toEqual(expect.arrayContaining([a.cooperativeId, b.cooperativeId]));
    const insideB = await runInTenant(b.cooperativeId, () => cooperativesSeen(table, column));
    expect(new Set(insideB)).toEqual(new Set([b.cooperativeId]));
  });

  it('runs as the tenant role with the cooperative set inside the scope, as the service outside', async () => {
    const [inside] = await runInTenant(a.cooperativeId, () => db.query(`SELECT current_user AS role, current_setting('app.cooperative_id', true) AS coop`));
    expect(inside).toEqual({ role: 'coop_ledger_tenant', coop: a.cooperativeId });
    const [outside] = await db.query(`SELECT current_user AS role, current_setting('app.cooperative_id', true) AS coop`);
    expect(outside.role).not.toBe('coop_ledger_tenant');
    expect(outside.coop ?? '').toBe('');
  });

  it('refuses, in A’s scope, a row written for B, and accepts the same row for A', async () => {
    const insert = (cooperativeId: string) =>
      runInTenant(a.cooperativeId, () =>
        db.query(`INSERT INTO category (cooperative_id, name, kind) VALUES ($1, $2, 'OTHER') RETURNING cooperative_id::text AS c`, [
          cooperativeId,
          `iso ${randomUUID()}`,
        ]),
      );
    await expect(insert(b.cooperativeId)).rejects.toThrow(/new row violates row-level security policy/);
    await expect(insert(a.cooperativeId)).resolves.toEqual([{ c: a.cooperativeId }]);
  });

  it('refuses, in A’s scope, moving one of A’s rows to B', async () => {
    await expect(
      runInTenant(a.cooperativeId, () => db.query('UPDATE category SET cooperative_id = $1 WHERE cooperative_id = $2', [b.cooperativeId, a.cooperativeId])),
    ).rejects.toThrow(/row-level security/);
  });

  it('changes and deletes none of B’s rows in A’s scope, even named by id', async () => {
    const before = await db.query('SELECT city, updated_at FROM member WHERE id = $1', [memberB]);
    const [updated] = await runInTenant(a.cooperativeId, () =>
      db.query(`WITH u AS (UPDATE member SET city = 'Ailleurs' WHERE id = $1 RETURNING id) SELECT count(*)::int AS n FROM u`, [memberB]),
    );
    expect(updated.n).toBe(0);
    const [deleted] = await runInTenant(a.cooperativeId, () =>
      db.query(`WITH d AS (DELETE FROM idempotency_key WHERE cooperative_id = $1 RETURNING key) SELECT count(*)::int AS n FROM d`, [b.cooperativeId]),
    );
    expect(deleted.n).toBe(0);
    expect(await db.query('SELECT city, updated_at FROM member WHERE id = $1', [memberB])).toEqual(before);
    expect((await db.query('SELECT count(*)::int AS n FROM idempotency_key WHERE cooperative_id = $1', [b.cooperativeId]))[0].n).toBeGreaterThan(0);
    // the same statement on A's own member does change it (the scope is not simply read-only)
    const [own] = await runInTenant(a.cooperativeId, () =>
      db.query(`WITH u AS (UPDATE member SET city = city WHERE id = $1 RETURNING id) SELECT count(*)::int AS n FROM u`, [memberA]),
    );
    expect(own.n).toBe(1);
  });

  it('keeps the accounts’ secrets from the tenant role', async () => {
    const inA = (sql: string) => runInTenant(a.cooperativeId, () => db.query(sql));
    await expect(inA('SELECT password_hash FROM app_user')).rejects.toThrow(/permission denied/);
    await expect(inA('SELECT totp_secret FROM app_user')).rejects.toThrow(/permission denied/);
    await expect(inA('SELECT token_hash FROM refresh_token')).rejects.toThrow(/permission denied/);
    await expect(inA('SELECT value FROM auth_secret')).rejects.toThrow(/permission denied/);
    await expect(inA('SELECT token_hash FROM password_reset')).rejects.toThrow(/permission denied/);
    await expect(inA(`UPDATE app_user SET password_hash = 'x'`)).rejects.toThrow(/permission denied/);
    // what an admin lists stays readable
    const users = await inA('SELECT id, email FROM app_user');
    expect(users.length).toBeGreaterThan(0);
  });

  it('hides B through the API too: A’s URL naming B’s member answers 404 and changes nothing', async () => {
    const before = (await t.http.get(`/api/cooperatives/${b.cooperativeId}/members/${memberB}`)).body;
    const get = await t.http.get(`/api/cooperatives/${a.cooperativeId}/members/${memberB}`);
    expect({ status: get.status, code: get.body.code }).toEqual({ status: 404, code: 'MEMBER_NOT_FOUND' });
    const patch = await t.http.patch(`/api/cooperatives/${a.cooperativeId}/members/${memberB}`).send({ city: 'Ailleurs' });
    expect({ status: patch.status, code: patch.body.code }).toEqual({ status: 404, code: 'MEMBER_NOT_FOUND' });
    expect((await t.http.get(`/api/cooperatives/${b.cooperativeId}/members/${memberB}`)).body).toEqual(before);
  });

  it('does not leave a pooled connection scoped: sequential scoped and unscoped checkouts each see what they should', async () => {
    const seen = (scope: string | null) => {
      const read = () => cooperativesSeen('member', 'cooperative_id');
      return scope ? runInTenant(scope, read) : read();
    };
    // more rounds than the pool has connections, so that every connection serves every kind of checkout
    const order: (string | null)[] = [];
    for (let i = 0; i < 60; i++) order.push([a.cooperativeId, null, b.cooperativeId][i % 3], i % 7 === 0 ? a.cooperativeId : null);
    for (const scope of order) {
      const cooperatives = new Set(await seen(scope));
      if (scope) expect(cooperatives).toEqual(new Set([scope]));
      else {
        expect(cooperatives.has(a.cooperativeId)).toBe(true);
        expect(cooperatives.has(b.cooperativeId)).toBe(true);
      }
    }
    // and all at once, so that checkouts wait for connections freed by another scope
    const concurrent = Array.from({ length: 90 }, (_, i) => [a.cooperativeId, b.cooperativeId, null][i % 3]);
    const results = await Promise.all(concurrent.map(async (scope) => ({ scope, cooperatives: [...new Set(await seen(scope))].sort() })));
    for (const { scope, cooperatives } of results) {
      if (scope) expect(cooperatives).toEqual([scope]);
      else expect(cooperatives).toEqual(expect.arrayContaining([a.cooperativeId, b.cooperativeId]));
    }
  });

  it('keeps the scope through a transaction and across awaits inside it', async () => {
    const rows = await runInTenant(a.cooperativeId, () =>
      db.transaction(async (m) => {
        await Promise.resolve();
        const first = await m.query('SELECT DISTINCT cooperative_id::text AS c FROM member');
        await new Promise((resolve) => setImmediate(resolve));
        const second = await m.query('SELECT DISTINCT cooperative_id::text AS c FROM movement');
        return [...first, ...second];
      }),
    );
    expect(rows).toEqual([{ c: a.cooperativeId }, { c: a.cooperativeId }]);
  });
});
