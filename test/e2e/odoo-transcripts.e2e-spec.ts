/**
 * The recorded exchanges with a real Odoo 16 (+ OCA cooperator) and a real Odoo 18, replayed over real HTTP:
 *
 * 1. against the fake Odoo: each recorded request body is sent verbatim (fetch), in recording order, to a fake seeded
 *    with the recorded server's state (ids, sequences, a member, the module list, its clock), and the fake's answer
 *    must be the recorded one BYTE FOR BYTE (status, headers that matter, body), except the all-fields read (24),
 *    where the fake returns a subset of the real fields: same order, same values, same types;
 * 2. against the gateway: a server answers each recorded response, the gateway makes the equivalent call, and must
 *    send the same call (same method, same parameters) and yield the recorded value or the expected error kind.
 */
import { isOdooError, OdooError, XmlRpcOdooGateway, type OdooInputValue } from '@coop/odoo';
import {
  FakeOdooServer,
  parseMethodCall,
  parseMethodResponse,
  readOdooTranscripts,
  RecordingOdooServer,
  transcriptHeader,
  type OdooTranscript,
} from '../support/fake-odoo';
import { EXPECTED_FAULTS, EXPECTED_NON_XMLRPC } from '../support/fake-odoo/transcript-expectations';
import { readTypedResponse, structMembers, type TypedValue } from '../support/fake-odoo/typed-xmlrpc.reader';

const transcripts = readOdooTranscripts();

describe('the transcripts', () => {
  it('are all there: 67 exchanges with Odoo 16, 69 with Odoo 18', () => {
    expect(transcripts.filter((t) => t.version === 16)).toHaveLength(67);
    expect(transcripts.filter((t) => t.version === 18)).toHaveLength(69);
  });
});

/** The state of each recorded database before the first exchange, and the clock of the recording. */
const RECORDED = {
  16: {
    database: 'testdb',
    modules: { contacts: true, account: true, cooperator: true },
    clock: { start: '2026-11-25T08:04:31Z', from33: '2026-11-25T08:04:32Z' },
    seed(fake: FakeOdooServer) {
      // A member validated earlier through cooperator's workflow (transcripts 92, 95).
      fake.db.insert('res.partner', { id: 10, name: 'Jane Coop', firstname: 'Jane', lastname: 'Coop', write_date: '2026-11-25 07:34:25' });
      fake.addMember(10, { registerNumber: 1, effectiveDate: '2026-11-25', shares: [{ number: 3, unitPrice: 50 }] });
      // Older test data: search_count of %@example.org answered 27 (19), 6 of them created by this run.
      for (let i = 0; i < 21; i++) fake.db.insert('res.partner', { id: 28000 + i, name: `Older Transcript ${i}`, email: `older.${i}@example.org` });
      fake.db.setNextId('res.partner', 28943);
      for (let i = 1; i <= 3; i++) fake.db.insert('res.partner.category', { id: i, name: `Older Tag ${i}` });
      fake.db.setNextId('ir.model.data', 32646);
      fake.db.removeRows(
        'ir.module.module',
        fake.db.rows('ir.module.module').map((r) => r.id),
        { dropExternalIds: false },
      );
      fake.db.insert('ir.module.module', { id: 347, name: 'account', state: 'installed', latest_version: '16.0.1.2', application: true, sequence: 30 });
      fake.db.insert('ir.module.module', { id: 535, name: 'cooperator', state: 'installed', latest_version: '16.0.1.1.1', application: true, sequence: 40 });
      fake.db.insert('ir.module.module', { id: 212, name: 'contacts', state: 'installed', latest_version: '16.0.1.0', application: true, sequence: 150 });
    },
  },
  18: {
    database: 'odoo18db',
    modules: { contacts: true, account: false, cooperator: false },
    clock: { start: '2026-11-25T08:10:39Z', from33: '2026-11-25T08:10:40Z' },
    seed(fake: FakeOdooServer) {
      fake.db.setNextId('res.partner', 7); // a fresh database: partners 1-6 are Odoo's own
      fake.db.setNextId('ir.model.data', 18755);
      fake.db.removeRows(
        'ir.module.module',
        fake.db.rows('ir.module.module').map((r) => r.id),
        { dropExternalIds: false },
      );
      fake.db.insert('ir.module.module', { id: 1, name: 'account', state: 'uninstalled', latest_version: false, application: true, sequence: 30 });
      fake.db.insert('ir.module.module', { id: 50, name: 'contacts', state: 'installed', latest_version: '18.0.1.0', application: true, sequence: 150 });
    },
  },
} as const;

/**
 * Files are numbered by topic; the recording order differs once: on Odoo 18 the currency rate was created (97) and
 * read (98) before the <dateTime.iso8601> write on it (93), then read again (99).
 */
function recordingOrder(list: OdooTranscript[]): OdooTranscript[] {
  const moved = list.filter((t) => t.version === 18 && (t.number === '97' || t.number === '98'));
  const rest = list.filter((t) => !moved.includes(t));
  const at = rest.findIndex((t) => t.number === '93');
  return at < 0 ? list : [...rest.slice(0, at), ...moved, ...rest.slice(at)];
}

function typedEqual(a: TypedValue, b: TypedValue): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

describe.each([16, 18] as const)('the fake Odoo %i answers every recorded request as the real server did', (version) => {
  const recorded = RECORDED[version];
  let fake: FakeOdooServer;
  let now = new Date(recorded.clock.start);

  beforeAll(async () => {
    fake = await FakeOdooServer.start({ version, database: recorded.database, modules: recorded.modules, tracebacks: 'cut', now: () => now });
    recorded.seed(fake);
  });
  afterAll(() => fake.close());

  const list = recordingOrder(transcripts.filter((t) => t.version === version));

  it.each(list.map((t) => [t.id, t] as const))('%s', async (_id, t) => {
    if (Number(t.number) >= 33) now = new Date(recorded.clock.from33);
    const res = await fetch(`${fake.url}${t.path}`, {
      method: t.method,
      headers: { 'Content-Type': 'text/xml' },
      body: t.method === 'POST' ? new Uint8Array(t.request) : undefined,
    });
    const body = Buffer.from(await res.arrayBuffer());

    expect(`${res.status} ${res.statusText}`).toBe(`${t.status} ${t.statusText}`);
    for (const name of ['Content-Type', 'Server', 'Allow', 'X-Content-Type-Options', 'Connection']) {
      expect([name, res.headers.get(name) ?? undefined]).toEqual([name, transcriptHeader(t, name)]);
    }

    if (t.number === '24') {
      // search_read without fields: the real server sends every readable field (163 / 105); the fake a subset of
      // them, in the same relative order, each with the recorded value and wire type.
      const real = readTypedResponse(t.response);
      const mine = readTypedResponse(body);
      if (!('params' in real) || !('params' in mine)) throw new Error('expected params');
      const realRecord = structMembers((real.params[0] as { items: TypedValue[] }).items[0]!);
      const myRecord = structMembers((mine.params[0] as { items: TypedValue[] }).items[0]!);
      const realKeys = realRecord.map(([k]) => k);
      const myKeys = myRecord.map(([k]) => k);
      expect(myKeys[0]).toBe('id');
      expect(myKeys.length).toBeGreaterThanOrEqual(version === 16 ? 55 : 35);
      expect(myKeys.filter((k) => !realKeys.includes(k))).toEqual([]);
      expect(myKeys).toEqual(realKeys.filter((k) => myKeys.includes(k)));
      const realByKey = new Map(realRecord);
      const different = myRecord.filter(([k, v]) => !typedEqual(v, realByKey.get(k)!)).map(([k, v]) => ({ key: k, fake: v, real: realByKey.get(k) }));
      expect(different).toEqual([]);
      return;
    }
    expect(body.toString('utf8')).toBe(t.response.toString('utf8'));
  });
});

// ------------------------------------------------------------------------------------------------ the gateway

type GatewayCall =
  | { kind: 'version' }
  | { kind: 'authenticate'; database: string; login: string; secret: string }
  | { kind: 'execute_kw'; database: string; uid: number; secret: string; model: string; method: string; args: unknown[]; kwargs?: Record<string, unknown> };

/** The gateway call that sends the recorded request; `exact` false when the gateway cannot send it as recorded. */
async function gatewayCallFor(t: OdooTranscript): Promise<{ call: GatewayCall; exact: boolean }> {
  const fallback = { call: { kind: 'version' } as GatewayCall, exact: false };
  if (t.method !== 'POST' || !/\/xmlrpc\/2\/(common|object)$/.test(t.path)) return fallback;
  let parsed;
  try {
    parsed = await parseMethodCall(t.request);
  } catch {
    return fallback; // 80, 83, 84: bodies the gateway never writes
  }
  const p = parsed.params;
  switch (parsed.methodName) {
    case 'version':
      return { call: { kind: 'version' }, exact: true };
    case 'authenticate':
      return { call: { kind: 'authenticate', database: String(p[0]), login: String(p[1]), secret: String(p[2]) }, exact: true };
    case 'login': // the older 3-argument variant: the gateway uses authenticate (same answer)
      return { call: { kind: 'authenticate', database: String(p[0]), login: String(p[1]), secret: String(p[2]) }, exact: false };
    case 'execute_kw': {
      const call: GatewayCall = {
        kind: 'execute_kw',
        database: String(p[0]),
        uid: Number(p[1]),
        secret: String(p[2]),
        model: String(p[3]),
        method: String(p[4]),
        args: p[5] as unknown[],
        kwargs: p[6] as Record<string, unknown> | undefined,
      };
      // A <dateTime.iso8601> value (93) is exactly what the gateway never sends: it sends dates as strings.
      const hasDateTime = t.request.includes('<dateTime.iso8601>');
      return { call, exact: !hasDateTime };
    }
    default:
      return fallback; // 05: a method the gateway has no use for
  }
}

describe('the gateway, given each recorded response, yields the recorded value or the expected error', () => {
  let server: RecordingOdooServer;

  beforeAll(async () => {
    server = await RecordingOdooServer.start();
  });
  afterAll(() => server.close());

  it.each(transcripts.map((t) => [t.id, t] as const))('%s', async (id, t) => {
    server.answer(t);
    const { call, exact } = await gatewayCallFor(t);
    const connection = {
      url: server.url,
      database: call.kind === 'version' ? 'db' : call.database,
      login: call.kind === 'authenticate' ? call.login : 'admin',
      secret: call.kind === 'version' ? 'unused-secret' : call.secret,
    };
    const gateway = new XmlRpcOdooGateway(connection, {
      uid: call.kind === 'execute_kw' ? call.uid : undefined,
      retry: { attempts: 1 },
      timeoutMs: 5000,
    });
    let result: unknown;
    let error: unknown;
    try {
      if (call.kind === 'version') result = await gateway.version();
      else if (call.kind === 'authenticate') result = await gateway.authenticate();
      else {
        // Dates written as <dateTime.iso8601> by hand in the recording: the gateway sends them as strings.
        result = await gateway.executeKw(call.model, call.method, call.args as OdooInputValue[], call.kwargs as Record<string, OdooInputValue> | undefined);
      }
    } catch (e) {
      error = e;
    }

    // The request: one, to the recorded endpoint, and (when reproducible) the same call.
    expect(server.received).toHaveLength(1);
    const sent = server.received[0]!;
    if (exact) {
      expect(sent.path).toBe(t.path);
      const mine = await parseMethodCall(sent.body);
      const recordedCall = await parseMethodCall(t.request);
      expect(mine).toEqual(recordedCall);
    }

    // The answer.
    const expectedFault = EXPECTED_FAULTS[id];
    const expectedNonXmlRpc = EXPECTED_NON_XMLRPC[id];
    if (expectedNonXmlRpc) {
      expect(isOdooError(error)).toBe(true);
      expect(error).toMatchObject(expectedNonXmlRpc);
      return;
    }
    const recordedAnswer = await parseMethodResponse(t.response);
    if (recordedAnswer.kind === 'fault') {
      expect(expectedFault).toBeDefined();
      expect(error).toBeInstanceOf(OdooError);
      const e = error as OdooError;
      expect({ kind: e.kind, faultCode: e.faultCode, exceptionClass: e.exceptionClass, odooMessage: e.odooMessage }).toEqual({
        kind: expectedFault!.kind,
        faultCode: expectedFault!.faultCode,
        exceptionClass: expectedFault!.exceptionClass,
        odooMessage: expectedFault!.message,
      });
      expect(e.message).toContain(expectedFault!.message);
      expect(e.retryable).toBe(false);
      return;
    }
    if (call.kind === 'authenticate' && recordedAnswer.value === false) {
      // 03: false is not a uid: an authentication error.
      expect(error).toMatchObject({ kind: 'AUTHENTICATION', retryable: false });
      return;
    }
    expect(error).toBeUndefined();
    if (call.kind === 'version') {
      expect(result).toMatchObject({ majorVersion: t.version, serverVersion: `${t.version}.0-${t.version === 16 ? '20221214' : '20250506'}` });
    } else {
      expect(result).toEqual(recordedAnswer.value);
    }
  });
});
