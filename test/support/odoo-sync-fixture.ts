import { systemContext } from '@coop/core';
import { XmlRpcOdooGateway } from '@coop/odoo';
import { OdooSyncService, type SyncOptions } from '@coop/odoo-sync';
import type { FakeOdooServer } from './fake-odoo';
import { admitMember, createScic, type ScicFixture } from './fixtures';
import { startTestApp, type TestApp } from './test-app';

export const ODOO_SECRET_KEY = 'test key for odoo secrets, 32+ chars';

/** The real application with a gateway tuned for tests (short timeouts, fast retries) and secrets in a plain env. */
export async function startOdooTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  return startTestApp({
    odoo: {
      gatewayFactory: (c) => new XmlRpcOdooGateway(c, { timeoutMs: 1500, retry: { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 } }),
      env: { ODOO_SECRET_KEY, ODOO_SECRET_FAKE_ODOO: 'admin', ...env },
    },
  });
}

export interface ConnectedCooperative {
  f: ScicFixture;
  members: string[];
  candidate: string;
  base: string;
}

/** A SCIC with `n` admitted members (colleges in turn) and one candidate, connected to `odoo` (connection overrides). */
export async function connectedCooperative(
  t: TestApp,
  odoo: FakeOdooServer,
  n: number,
  connection: Record<string, unknown> = {},
): Promise<ConnectedCooperative> {
  const f = await createScic(t.http);
  const members: string[] = [];
  for (let i = 0; i < n; i++) members.push(await admitMember(t.http, f, { category: f.categories.beneficiary, college: f.colleges[i % 3] }));
  const candidate = (
    await t.http
      .post(`/api/cooperatives/${f.cooperativeId}/members`)
      .send({ personType: 'NATURAL', firstName: 'Claude', lastName: 'Candidat', categoryId: f.categories.supporter, collegeId: f.colleges[0] })
  ).body.id;
  const res = await t.http
    .put(`/api/cooperatives/${f.cooperativeId}/odoo/connection`)
    .send({ url: odoo.url, database: odoo.database, login: 'admin', secret: 'admin', ...connection });
  if (res.status !== 200) throw new Error(`connection refused: ${res.status} ${JSON.stringify(res.body)}`);
  return { f, members, candidate, base: `/api/cooperatives/${f.cooperativeId}` };
}

/** One run to its end, failures retried at once. */
export function runOnce(t: TestApp, f: ScicFixture, options: Partial<SyncOptions> = {}) {
  return t.app.get(OdooSyncService).run(systemContext(f.cooperativeId, 'test'), { trigger: 'COMMAND', retryDelaySeconds: 0, ...options });
}

/** The member numbers of members, as the `ref` of their partners. */
export async function numbersOf(t: TestApp, base: string, ids: string[]): Promise<string[]> {
  return Promise.all(ids.map(async (id) => String((await t.http.get(`${base}/members/${id}`)).body.memberNumber)));
}

/** The partner a member's state records on the current target. */
export async function partnerOf(t: TestApp, base: string, memberId: string): Promise<number> {
  return (await t.http.get(`${base}/odoo/sync-states/${memberId}`)).body.odooPartnerId;
}

/** A partner as a snapshot of the fields the sync writes (to prove one was not touched). */
export function snapshot(odoo: FakeOdooServer, partnerId: number) {
  const p = odoo.record('res.partner', partnerId);
  if (!p) return undefined;
  const { name, email, ref, city, zip, category_id, active, company_id, write_date } = p as Record<string, unknown>;
  return { name, email, ref, city, zip, category_id, active, company_id, write_date };
}
