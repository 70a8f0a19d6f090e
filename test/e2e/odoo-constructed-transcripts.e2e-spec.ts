/**
 * The CONSTRUCTED exchanges of test/support/fake-odoo/transcripts/constructed/ (a `load` of partners by external id,
 * the same again, a refused row, `check_access_rights`): written from the engineering notes' account of a real
 * Odoo 16 and from Odoo 16's source, NOT recorded (see that folder's README). Replayed as the recorded ones are:
 *
 * 1. against the fake Odoo 16, byte for byte, in order, from the state they assume (tags 1-3, company 1, the next
 *    partner id 29001);
 * 2. against the gateway: a server answers each constructed response, the gateway makes the same call (`load`,
 *    `checkAccessRights`) and yields the answer, normalised.
 */
import { readFileSync } from 'node:fs';
import { XmlRpcOdooGateway } from '@coop/odoo';
import { FakeOdooServer, parseMethodCall, readConstructedTranscripts, RecordingOdooServer, transcriptHeader } from '../support/fake-odoo';

const transcripts = readConstructedTranscripts();

describe('the constructed load exchanges', () => {
  it('are there: 4 exchanges, marked as constructed', () => {
    expect(transcripts.map((t) => t.id)).toEqual([
      '16c/01-partner-load-create-3',
      '16c/02-partner-load-update-in-place',
      '16c/03-partner-load-bad-row',
      '16c/04-partner-check-access-rights',
    ]);
    for (const t of transcripts) expect(readFileSync(t.file, 'utf8')).toContain('CONSTRUCTED, NOT RECORDED');
  });
});

describe('the fake Odoo 16 answers each constructed request byte for byte', () => {
  let fake: FakeOdooServer;

  beforeAll(async () => {
    fake = await FakeOdooServer.start({ version: 16, database: 'testdb', modules: { contacts: true, account: true, cooperator: true }, tracebacks: 'cut' });
    for (let i = 1; i <= 3; i++) fake.db.insert('res.partner.category', { id: i, name: `Older Tag ${i}` });
    fake.db.setNextId('res.partner', 29001);
  });
  afterAll(() => fake.close());

  it.each(transcripts.map((t) => [t.id, t] as const))('%s', async (_id, t) => {
    const res = await fetch(`${fake.url}${t.path}`, { method: 'POST', headers: { 'Content-Type': 'text/xml' }, body: new Uint8Array(t.request) });
    const body = Buffer.from(await res.arrayBuffer());
    expect(`${res.status} ${res.statusText}`).toBe(`${t.status} ${t.statusText}`);
    for (const name of ['Content-Type', 'Server', 'Content-Length', 'Connection']) {
      expect([name, res.headers.get(name) ?? undefined]).toEqual([name, transcriptHeader(t, name)]);
    }
    expect(body.toString('utf8')).toBe(t.response.toString('utf8'));
  });

  it('left the state the exchanges describe: updated in place, the refused batch rolled back', () => {
    expect(fake.find('res.partner', (r) => String(r.name).startsWith('Transcript Load')).map((r) => [r.id, r.email, r.category_id, r.active])).toEqual([
      [29001, 'anna.new@example.org', [3], true],
      [29002, 'load.bakery@example.org', [2, 3], true],
      [29003, false, [], false],
    ]);
    expect(fake.find('ir.model.data', (r) => r.module === 'coop_ledger').map((r) => [r.name, r.res_id])).toEqual([
      ['member_0001', 29001],
      ['member_0002', 29002],
      ['member_0003', 29003],
    ]);
  });
});

describe('the gateway, given each constructed response, sends the same call and yields the answer', () => {
  let server: RecordingOdooServer;

  beforeAll(async () => {
    server = await RecordingOdooServer.start();
  });
  afterAll(() => server.close());

  it.each(transcripts.map((t) => [t.id, t] as const))('%s', async (_id, t) => {
    server.answer(t);
    const recorded = await parseMethodCall(t.request);
    const [database, uid, secret, model, method, args, kwargs] = recorded.params as [
      string,
      number,
      string,
      string,
      string,
      unknown[],
      Record<string, unknown>,
    ];
    const gateway = new XmlRpcOdooGateway({ url: server.url, database, login: 'admin', secret }, { uid, retry: { attempts: 1 }, timeoutMs: 5000 });
    const result =
      method === 'load'
        ? await gateway.load(model, args[0] as string[], args[1] as string[][], { context: (kwargs as { context: Record<string, boolean> }).context })
        : await gateway.checkAccessRights(model, args[0] as 'create');
    expect(server.received).toHaveLength(1);
    expect(await parseMethodCall(server.received[0]!.body)).toEqual(recorded);
    const expected = {
      '16c/01-partner-load-create-3': { ids: [29001, 29002, 29003], messages: [], nextrow: 0 },
      '16c/02-partner-load-update-in-place': { ids: [29001, 29002, 29003], messages: [], nextrow: 0 },
      '16c/03-partner-load-bad-row': {
        ids: false,
        messages: [
          {
            type: 'error',
            message: "No matching record found for database id '999' in field 'Country'",
            record: 1,
            rows: { from: 1, to: 1 },
            field: 'country_id',
            fieldLabel: 'Country',
          },
        ],
        nextrow: 0,
      },
      '16c/04-partner-check-access-rights': true,
    }[t.id];
    expect(result).toEqual(expected);
  });
});
