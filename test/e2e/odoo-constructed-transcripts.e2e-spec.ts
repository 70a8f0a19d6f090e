/**
 * The constructed `load` and `check_access_rights` exchanges (test/support/fake-odoo/transcripts/constructed, NOT
 * recorded: see its README) replayed both ways, as the recorded ones are: the fake Odoo must answer each request with
 * those bytes, and the gateway must send the same call and read the same value.
 */
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { XmlRpcOdooGateway, type OdooInputValue } from '@coop/odoo';
import { FakeOdooServer, parseMethodCall, parseMethodResponse, readOdooTranscript, RecordingOdooServer, TRANSCRIPTS_DIR } from '../support/fake-odoo';

const folder = path.join(TRANSCRIPTS_DIR, 'constructed');
const transcripts = readdirSync(folder)
  .filter((f) => /^L\d-.*\.xml$/.test(f))
  .sort()
  .map((f) => readOdooTranscript(path.join(folder, f), 16));

it('the four constructed exchanges are there', () => {
  expect(transcripts.map((t) => t.name)).toEqual(['partner-load-create', 'partner-load-update', 'partner-load-refused-row', 'partner-check-access-rights']);
});

describe('the fake Odoo 16 answers each constructed request with the constructed bytes', () => {
  let fake: FakeOdooServer;
  beforeAll(async () => {
    fake = await FakeOdooServer.start({ version: 16, database: 'testdb', tracebacks: 'cut' });
    fake.db.setNextId('res.partner', 29000);
    for (const [id, name] of [[41, 'Sociétaire'], [42, 'Collège Usagers'], [43, 'Ancien sociétaire']] as const) fake.db.insert('res.partner.category', { id, name });
  });
  afterAll(() => fake.close());

  it.each(transcripts.map((t) => [t.name, t] as const))('%s', async (_name, t) => {
    const res = await fetch(`${fake.url}${t.path}`, { method: 'POST', headers: { 'Content-Type': 'text/xml' }, body: new Uint8Array(t.request) });
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).toString('utf8')).toBe(t.response.toString('utf8'));
  });

  it('left what the exchanges say: 3 partners updated in place, their external ids, nothing of the refused load', () => {
    expect(fake.find('res.partner', (p) => p.id >= 29000).map((p) => [p.id, p.email, p.active])).toEqual([
      [29000, 'camille.martin@example.org', true],
      [29001, 'contact@biocoop.example.org', true],
      [29002, 'elise@example.org', false],
    ]);
    expect(fake.find('ir.model.data', (r) => r.module === 'coop_ledger').map((r) => [r.name, r.res_id])).toEqual([
      ['member_a', 29000],
      ['member_b', 29001],
      ['member_c', 29002],
    ]);
  });
});

describe('the gateway sends the constructed calls and reads the constructed answers', () => {
  let server: RecordingOdooServer;
  beforeAll(async () => {
    server = await RecordingOdooServer.start();
  });
  afterAll(() => server.close());

  it.each(transcripts.map((t) => [t.name, t] as const))('%s', async (_name, t) => {
    server.answer(t);
    const call = await parseMethodCall(t.request);
    const [database, uid, secret, model, method, args, kwargs] = call.params as [string, number, string, string, string, OdooInputValue[], Record<string, OdooInputValue>];
    const gateway = new XmlRpcOdooGateway({ url: server.url, database, login: 'admin', secret }, { uid, retry: { attempts: 1 } });
    let value: unknown;
    if (method === 'load') value = await gateway.load(model, args[0] as string[], args[1] as string[][], { context: kwargs.context as Record<string, OdooInputValue> });
    else value = await gateway.checkAccessRights(model, args[0] as 'create');
    expect(await parseMethodCall(server.received[0]!.body)).toEqual(call);
    const recorded = await parseMethodResponse(t.response);
    if (recorded.kind !== 'value') throw new Error('expected a value');
    if (method === 'load') {
      const r = recorded.value as { ids: number[] | false; messages: Record<string, unknown>[] };
      expect(value).toEqual({
        ids: r.ids,
        nextrow: 0,
        messages: r.messages.map((m) => ({ type: m.type, message: m.message, record: m.record, rows: m.rows, field: m.field })),
      });
    } else expect(value).toBe(recorded.value);
  });
});
