/**
 * A fake Odoo that speaks real XML-RPC over HTTP (on 127.0.0.1, a free port), with Odoo's semantics and faults, for
 * tests and benchmarks of the Odoo gateway and the sync engine. Never a stubbed function: the gateway under test opens
 * real connections and reads real XML.
 *
 * Built on `xmlrpc.createServer` for the listening HTTP server; its request listener is replaced by an Odoo-shaped
 * one, because the package's own dispatcher cannot do what Odoo does: it ignores the path (Odoo routes
 * `/xmlrpc/2/common` and `/xmlrpc/2/object` to different services), answers a malformed body with a 404 (Odoo: 200 and
 * fault 1 `ExpatError`), answers GET like POST (Odoo/Werkzeug: 405 HTML page), and writes compact XML where Odoo
 * writes Python's layout. Requests are read with the package's own Deserializer.
 *
 * What it models, per version (16 or 18) and installed modules (contacts, account, cooperator): see
 * fake-odoo.rpc.ts, fake-odoo.database.ts and fake-odoo.models.ts; the recorded transcripts replay against it byte for
 * byte (test/e2e/odoo-transcripts.e2e-spec.ts).
 *
 * Fault injection: {@link FakeOdooServer.down} (connection refused), {@link FakeOdooServer.slow} (late answers),
 * {@link FakeOdooServer.html} (an HTML 502 page), {@link FakeOdooServer.httpError}, {@link FakeOdooServer.failNthCall}
 * (a fault in the middle of a batch of calls), {@link FakeOdooServer.crashAfterCreate} (a create or a load commits,
 * then the connection dies before the answer), {@link FakeOdooServer.stallMidBody}, {@link FakeOdooServer.resetConnections},
 * constraints ({@link FakeOdooServer.addConstraint}, {@link FakeOdooServer.refuseEmails}), and edits "by hand"
 * ({@link FakeOdooServer.deleteRecord}, {@link FakeOdooServer.mergePartners}).
 */
import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { TlsOptions } from 'node:tls';
import * as xmlrpc from 'xmlrpc';
import { FakeOdooDatabase, type RecordConstraint, type Row } from './fake-odoo.database';
import { OdooFault } from './fake-odoo.faults';
import { buildModels, FAKE_COUNTRIES, FAKE_LANGUAGES, type FakeOdooModules } from './fake-odoo.models';
import { FakeOdooRpc, type FakeOdooUser, type ObjectCall } from './fake-odoo.rpc';
import { dumpsFault, dumpsResponse, MarshalError, type PyValue } from './python-xmlrpc.marshaller';
import { asPythonValues, parseMethodCall, RequestParseError } from './python-xmlrpc.parser';

export type { FakeOdooModules } from './fake-odoo.models';
export type { FakeOdooUser } from './fake-odoo.rpc';

export interface FakeOdooOptions {
  /** 16 (default) or 18: wordings, envelope, return shapes and field sets follow the recorded servers. */
  version?: 16 | 18;
  database?: string;
  /** Default: contacts installed, account and cooperator not. */
  modules?: Partial<FakeOdooModules>;
  /** Default `16.0-20221214` / `18.0-20250506`. */
  serverVersion?: string;
  /** Added to (or replacing, by uid) the defaults: uid 1 `__system__` (no password), uid 2 `admin`/`admin`. */
  users?: FakeOdooUser[];
  /** Fault 1 faultStrings: a full Python traceback (default), or the recorded cut `[... traceback cut ...]`. */
  tracebacks?: 'full' | 'cut';
  /** The clock for create_date/write_date. */
  now?: () => Date;
  /** Seed base data (companies, a few partners, currencies). Default true. */
  seedBaseData?: boolean;
  /** Serve https with this key and certificate (e.g. FAKE_ODOO_TLS) instead of http. */
  tls?: { key: string; cert: string };
}

export interface FakeOdooCallLogEntry {
  service: string;
  method: string;
  model?: string;
  odooMethod?: string;
  uid?: unknown;
  args?: unknown[];
  kwargs?: Record<string, unknown>;
  /** The request body, with every known password and API key replaced by `***`. */
  body: string;
}

export interface FakeOdooMember {
  registerNumber: number;
  effectiveDate: string;
  shares?: Array<{ number: number; unitPrice: number; date?: string }>;
  member?: boolean;
}

const SERVER_HEADER = 'Werkzeug/2.2.2 Python/3.11.2';

/** The methods whose committed work {@link FakeOdooServer.crashAfterCreate} can lose the answer of. */
export type CommittingMethod = 'create' | 'load';
const LOG_LIMIT = 1000;

const PAGE_405 =
  '<!doctype html>\n<html lang=en>\n<title>405 Method Not Allowed</title>\n<h1>Method Not Allowed</h1>\n<p>The method is not allowed for the ' +
  'requested URL.</p>\n';
const PAGE_404 =
  '<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n<p>The requested URL was not found on the server. If you ' +
  'entered the URL manually please check your spelling and try again.</p>\n';

/** What a reverse proxy (nginx) answers when Odoo is down or restarting. */
export function proxyErrorPage(status: number): string {
  const reasons: Record<number, string> = { 502: 'Bad Gateway', 503: 'Service Temporarily Unavailable', 504: 'Gateway Time-out' };
  const reason = reasons[status] ?? 'Error';
  const title = `${status} ${reason}`;
  return (
    `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n` +
    '<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n'
  );
}

const TRACEBACK_FRAMES = [
  '  File "/usr/lib/python3/dist-packages/odoo/addons/base/controllers/rpc.py", line 160, in xmlrpc_2',
  '    response = self._xmlrpc(service)',
  '  File "/usr/lib/python3/dist-packages/odoo/addons/base/controllers/rpc.py", line 139, in _xmlrpc',
  '    result = dispatch_rpc(service, method, params)',
  '  File "/usr/lib/python3/dist-packages/odoo/http.py", line 368, in dispatch_rpc',
  '    return dispatch(method, params)',
];

interface Injections {
  slowMs: number;
  slowBeforeProcessing: boolean;
  httpErrors: Array<{ status: number; body: string; contentType: string }>;
  failNth: Array<{ remaining: number; fault: OdooFault }>;
  crashAfterCommit: { times: number; model?: string; methods: readonly CommittingMethod[] };
  stallMidBody: { times: number; ms: number };
  resetConnections: number;
}

function noInjections(): Injections {
  return {
    slowMs: 0,
    slowBeforeProcessing: false,
    httpErrors: [],
    failNth: [],
    crashAfterCommit: { times: 0, methods: [] },
    stallMidBody: { times: 0, ms: 0 },
    resetConnections: 0,
  };
}

/** An injected delay: unref'd, so that a test that stalls the fake for longer than it lasts never keeps the process alive. */
function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

export class FakeOdooServer {
  readonly version: 16 | 18;
  readonly database: string;
  readonly host = '127.0.0.1';
  readonly db: FakeOdooDatabase;
  readonly users = new Map<number, FakeOdooUser>();
  readonly modules: FakeOdooModules;
  private readonly rpc: FakeOdooRpc;
  private readonly tracebacks: 'full' | 'cut';
  private readonly xmlrpcServer: xmlrpc.Server;
  private readonly http: HttpServer;
  private readonly sockets = new Set<Socket>();
  private injections: Injections = noInjections();
  private readonly callCounts = new Map<string, number>();
  private readonly callLog: FakeOdooCallLogEntry[] = [];
  private requests = 0;
  private held: Promise<void> | undefined;
  private listening = false;
  private _port = 0;

  private constructor(options: FakeOdooOptions) {
    this.version = options.version ?? 16;
    this.database = options.database ?? 'odoo';
    this.modules = { contacts: true, account: false, cooperator: false, ...options.modules };
    this.tracebacks = options.tracebacks ?? 'full';
    this.users.set(1, { uid: 1, login: '__system__' });
    this.users.set(2, { uid: 2, login: 'admin', password: 'admin' });
    for (const user of options.users ?? []) this.users.set(user.uid, user);
    this.db = new FakeOdooDatabase({ version: this.version, models: buildModels(this.version, this.modules), now: options.now ?? (() => new Date()) });
    this.rpc = new FakeOdooRpc({
      version: this.version,
      database: this.database,
      serverVersion: options.serverVersion ?? (this.version >= 17 ? '18.0-20250506' : '16.0-20221214'),
      users: this.users,
      db: this.db,
    });
    this.seed(options.seedBaseData ?? true);
    // xmlrpc.createServer makes the HTTP server and listens on the next tick; its own listener goes before that.
    const onListening = () => {
      this.listening = true;
      this._port = (this.http.address() as { port: number }).port;
      this.onListening?.();
    };
    this.secure = options.tls !== undefined;
    this.xmlrpcServer = options.tls
      ? xmlrpc.createSecureServer({ host: this.host, port: 0, key: options.tls.key, cert: options.tls.cert } as TlsOptions, onListening)
      : xmlrpc.createServer({ host: this.host, port: 0 }, onListening);
    this.http = this.xmlrpcServer.httpServer as HttpServer;
    this.http.removeAllListeners('request');
    this.http.on('request', (req: IncomingMessage, res: ServerResponse) => {
      this.handle(req, res).catch((error: unknown) => {
        // A bug of the fake answers as Odoo answers any Python exception: a fault 1, visible to the test.
        if (res.headersSent || res.destroyed) return;
        const text = this.faultBody(OdooFault.python(`FakeOdooError: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`));
        res.writeHead(200, { 'Content-Type': 'text/xml; charset=utf-8', Connection: 'close' });
        res.end(text);
      });
    });
    this.http.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  private onListening?: () => void;
  private readonly secure: boolean;

  /** Starts a fake Odoo on a free port of 127.0.0.1. */
  static start(options: FakeOdooOptions = {}): Promise<FakeOdooServer> {
    const server = new FakeOdooServer(options);
    return new Promise((resolve, reject) => {
      server.onListening = () => resolve(server);
      server.http.once('error', reject);
    });
  }

  get port(): number {
    return this._port;
  }

  /** The base URL to give the gateway (`http://127.0.0.1:PORT`, or https with `tls`). */
  get url(): string {
    return `${this.secure ? 'https' : 'http'}://${this.host}:${this._port}`;
  }

  /** Open TCP connections (a timed-out client must not leave one behind). */
  get openConnections(): number {
    return this.sockets.size;
  }

  private seed(baseData: boolean): void {
    for (const c of FAKE_COUNTRIES) this.db.insert('res.country', { ...c });
    for (const l of FAKE_LANGUAGES) this.db.insert('res.lang', { ...l });
    const moduleRows: Array<[string, boolean, string]> = [
      ['base', true, 'Base'],
      ['contacts', this.modules.contacts, 'Contacts'],
      ['account', this.modules.account, 'Invoicing'],
      ['cooperator', this.modules.cooperator, 'Cooperators'],
    ];
    moduleRows.forEach(([name, installed, shortdesc], i) => {
      this.db.insert('ir.module.module', {
        name,
        shortdesc,
        state: installed ? 'installed' : 'uninstalled',
        latest_version: installed ? `${this.version}.0.1.${name === 'cooperator' ? '1.1' : '0'}` : false,
        application: name !== 'base',
        sequence: 10 * (i + 1),
      });
    });
    if (!baseData) return;
    this.db.insert('res.company', { id: 1, name: 'YourCompany' });
    this.db.insert('res.partner', { id: 1, name: 'YourCompany', is_company: true, company_id: 1 });
    this.db.insert('res.partner', { id: 2, name: 'OdooBot', active: false, email: 'odoobot@example.com' });
    this.db.insert('res.partner', { id: 3, name: 'Administrator', email: 'admin@yourcompany.example.com', parent_id: 1 });
    this.db.insert('res.currency', { id: 1, name: 'USD' });
    this.db.insert('res.currency', { id: 125, name: 'EUR' });
    this.db.setNextId('res.currency', 126);
  }

  // ------------------------------------------------------------------ HTTP

  private secrets(): string[] {
    const out: string[] = [];
    for (const u of this.users.values()) {
      if (u.password) out.push(u.password);
      out.push(...(u.apiKeys ?? []));
    }
    return out.filter((s) => s.length > 0);
  }

  /** The body with the secrets known now replaced by `***`, computed when a test reads it (most bodies are never read). */
  private redacted(body: string): () => string {
    const secrets = this.secrets();
    let out: string | undefined;
    return () => {
      if (out === undefined) {
        out = body;
        for (const secret of secrets) out = out.split(`>${secret}<`).join('>***<');
      }
      return out;
    };
  }

  private count(key: string): void {
    this.callCounts.set(key, (this.callCounts.get(key) ?? 0) + 1);
  }

  private append(fields: Omit<FakeOdooCallLogEntry, 'body'>, body: () => string): void {
    const entry = Object.defineProperty(fields, 'body', { get: body, enumerable: true }) as FakeOdooCallLogEntry;
    this.callLog.push(entry);
    if (this.callLog.length > LOG_LIMIT) this.callLog.splice(0, this.callLog.length - LOG_LIMIT);
  }

  private traceback(exceptionLines: string): string {
    if (this.tracebacks === 'cut') return `[... traceback cut ...]\n${exceptionLines}\n`;
    return `Traceback (most recent call last):\n${TRACEBACK_FRAMES.join('\n')}\n${exceptionLines}\n`;
  }

  private faultBody(fault: OdooFault): string {
    return dumpsFault(fault.faultCode, fault.isTraceback ? this.traceback(fault.text) : fault.text, this.version);
  }

  private readBody(req: IncomingMessage): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks)));
      req.on('error', reject);
    });
  }

  private sendPage(res: ServerResponse, status: number, statusText: string, body: string, extra: Record<string, string> = {}): void {
    const payload = Buffer.from(body, 'utf8');
    res.writeHead(status, statusText, {
      Server: SERVER_HEADER,
      'Content-Type': 'text/html; charset=utf-8',
      ...extra,
      'Content-Length': String(payload.length),
      Connection: 'close',
    });
    res.end(payload);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.requests++;
    const inj = this.injections;
    if (inj.resetConnections > 0) {
      inj.resetConnections--;
      req.socket.destroy();
      return;
    }
    let body: Buffer;
    try {
      body = await this.readBody(req);
    } catch {
      return;
    }
    const httpError = inj.httpErrors.shift();
    if (httpError) {
      const payload = Buffer.from(httpError.body, 'utf8');
      res.writeHead(httpError.status, {
        Server: 'nginx',
        'Content-Type': httpError.contentType,
        'Content-Length': String(payload.length),
        Connection: 'close',
      });
      res.end(payload);
      return;
    }
    const route = /^\/xmlrpc\/2\/([^/?#]*)(?:[?#].*)?$/.exec(req.url ?? '');
    if (!route) return this.sendPage(res, 404, 'NOT FOUND', PAGE_404);
    if (req.method !== 'POST') {
      return this.sendPage(res, 405, 'METHOD NOT ALLOWED', PAGE_405, { Allow: this.version >= 17 ? 'POST, OPTIONS' : 'OPTIONS, POST' });
    }
    await this.held; // hold(): requests wait here, unprocessed, until released
    if (inj.slowMs > 0 && inj.slowBeforeProcessing) await delay(inj.slowMs);
    const service = route[1]!;
    const { text, isFault, committed } = await this.dispatch(service, body);
    const crash = inj.crashAfterCommit;
    if (committed && crash.times > 0 && crash.methods.includes(committed.method) && (!crash.model || crash.model === committed.model)) {
      crash.times--;
      req.socket.destroy(); // committed, and the answer never leaves
      return;
    }
    if (inj.slowMs > 0 && !inj.slowBeforeProcessing) await delay(inj.slowMs);
    const payload = Buffer.from(text, 'utf8');
    const headers: Record<string, string> = { Server: SERVER_HEADER, 'Content-Type': 'text/xml; charset=utf-8', 'Content-Length': String(payload.length) };
    if (this.version >= 17 && !isFault) headers['X-Content-Type-Options'] = 'nosniff';
    headers.Connection = 'close';
    if (res.destroyed) return;
    res.writeHead(200, 'OK', headers);
    if (inj.stallMidBody.times > 0) {
      inj.stallMidBody.times--;
      const half = Math.floor(payload.length / 2);
      res.write(payload.subarray(0, half));
      await delay(inj.stallMidBody.ms);
      if (!res.destroyed) res.end(payload.subarray(half));
      return;
    }
    res.end(payload);
  }

  /** Parses and runs one call. `committed` names a create or load that wrote something (for crashAfterCreate). */
  private async dispatch(service: string, body: Buffer): Promise<{ text: string; isFault: boolean; committed?: { model: string; method: CommittingMethod } }> {
    const fault = (f: OdooFault) => ({ text: this.faultBody(f), isFault: true });
    const text = body.toString('utf8');
    let call;
    try {
      call = await parseMethodCall(text);
    } catch (error) {
      if (error instanceof RequestParseError) return fault(OdooFault.python(error.exceptionLine));
      throw error;
    }
    const { methodName } = call;
    const params = asPythonValues(call.params) as unknown[];
    const bodyText = this.redacted(text);
    if (service === 'common') {
      this.count(`common.${methodName}`);
      this.append({ service, method: methodName, args: methodName === 'version' ? [] : [params[0], params[1]] }, bodyText);
      try {
        return this.marshal(this.rpc.common(methodName, params));
      } catch (error) {
        if (error instanceof OdooFault) return fault(error);
        throw error;
      }
    }
    if (service !== 'object') return fault(OdooFault.python(`KeyError: '${service}'`));
    const model = typeof params[3] === 'string' ? params[3] : undefined;
    const odooMethod = typeof params[4] === 'string' ? params[4] : undefined;
    this.count(model && odooMethod ? `${model}.${odooMethod}` : `object.${methodName}`);
    this.append(
      {
        service,
        method: methodName,
        model,
        odooMethod,
        uid: params[1],
        args: Array.isArray(params[5]) ? structuredClone(params[5]) : undefined,
        kwargs: params[6] && typeof params[6] === 'object' ? structuredClone(params[6] as Record<string, unknown>) : undefined,
      },
      bodyText,
    );
    let objectCall: ObjectCall;
    let value: PyValue;
    try {
      objectCall = this.rpc.authenticateObjectCall(methodName, params);
      for (const f of this.injections.failNth) f.remaining--;
      const due = this.injections.failNth.findIndex((f) => f.remaining === 0);
      if (due >= 0) {
        const injected = this.injections.failNth.splice(due, 1)[0]!;
        throw injected.fault;
      }
      value = this.rpc.execute(objectCall);
    } catch (error) {
      if (error instanceof OdooFault) return fault(error);
      throw error;
    }
    const result = this.marshal(value);
    const { model: calledModel, method } = objectCall;
    // A load that answers ids false rolled everything back: nothing committed.
    const wrote = method === 'create' || (method === 'load' && (value as { ids?: unknown } | null)?.ids !== false);
    return wrote && !result.isFault ? { ...result, committed: { model: calledModel, method: method as CommittingMethod } } : result;
  }

  /** Marshals a result after the commit: None and recordsets fault here, their work already done (transcripts 56, 60). */
  private marshal(value: PyValue): { text: string; isFault: boolean } {
    try {
      return { text: dumpsResponse(value, this.version), isFault: false };
    } catch (error) {
      if (error instanceof MarshalError) return { text: this.faultBody(OdooFault.python(error.exceptionLine)), isFault: true };
      throw error;
    }
  }

  // ------------------------------------------------------------------ lifecycle and fault injection

  /** Stops listening: calls get ECONNREFUSED until {@link up}. Open connections are cut. */
  async down(): Promise<void> {
    if (!this.listening) return;
    this.listening = false;
    await new Promise<void>((resolve) => {
      this.http.close(() => resolve());
      this.http.closeAllConnections();
    });
  }

  /** Listens again on the same port. */
  async up(): Promise<void> {
    if (this.listening) return;
    await new Promise<void>((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(this._port, this.host, () => {
        this.http.off('error', reject);
        resolve();
      });
    });
    this.listening = true;
  }

  async close(): Promise<void> {
    await this.down();
  }

  /**
   * Holds every request from now on, unprocessed, until the returned function is called: a call is in flight for as
   * long as a test needs, without a guess at how long that is.
   */
  hold(): () => void {
    let release!: () => void;
    this.held = new Promise<void>((resolve) => (release = resolve));
    return () => {
      this.held = undefined;
      release();
    };
  }

  /** Delays every answer by `ms` (0 to stop). By default the call is processed first, then the answer waits. */
  slow(ms: number, options: { beforeProcessing?: boolean } = {}): void {
    this.injections.slowMs = ms;
    this.injections.slowBeforeProcessing = options.beforeProcessing ?? false;
  }

  /** The next `times` requests get an HTML error page from a "proxy" (default 502), without reaching Odoo. */
  html(times = 1, status = 502): void {
    for (let i = 0; i < times; i++) this.injections.httpErrors.push({ status, body: proxyErrorPage(status), contentType: 'text/html' });
  }

  /** The next `times` requests get this HTTP status and body (default: empty), without reaching Odoo. */
  httpError(times: number, status: number, body = '', contentType = 'text/plain'): void {
    for (let i = 0; i < times; i++) this.injections.httpErrors.push({ status, body, contentType });
  }

  /**
   * The `n`-th execute_kw call from now (1 = the next one) answers a fault instead of running (nothing is written),
   * by default a ValidationError (fault 2). Several can be pending.
   */
  failNthCall(n: number, fault: OdooFault = OdooFault.user(`Injected failure on call ${n} of the batch`)): void {
    this.injections.failNth.push({ remaining: n, fault });
  }

  /**
   * The next `times` successful creates or loads (of `model`, or any; `methods` to narrow) commit, then the connection
   * is destroyed unanswered. A load that answers `ids: false` committed nothing and does not count.
   */
  crashAfterCreate(times = 1, model?: string, methods: readonly CommittingMethod[] = ['create', 'load']): void {
    this.injections.crashAfterCommit = { times, model, methods };
  }

  /** The next `times` answers send their headers and half their body, then wait `ms` before the rest. */
  stallMidBody(ms: number, times = 1): void {
    this.injections.stallMidBody = { times, ms };
  }

  /** The next `times` connections are destroyed as soon as the request arrives (ECONNRESET, nothing processed). */
  resetConnections(times = 1): void {
    this.injections.resetConnections = times;
  }

  /** Ends every injection (constraints stay). */
  clearInjections(): void {
    this.injections = noInjections();
  }

  /** A constraint on create/write of `model`: a returned message refuses the record (ValidationError, fault 2, all rolled back). */
  addConstraint(model: string, constraint: RecordConstraint): () => void {
    return this.db.addConstraint(model, constraint);
  }

  /** Refuses partners whose email matches (a typical business rule of the target Odoo). */
  refuseEmails(pattern: RegExp, message = 'This email address is not allowed.'): () => void {
    return this.addConstraint('res.partner', (row) => (typeof row.email === 'string' && pattern.test(row.email) ? message : undefined));
  }

  // ------------------------------------------------------------------ edits "by hand" and seeds

  /**
   * Deletes a record as a user would in Odoo's UI (the ORM also deletes its external ids), or, with
   * `keepExternalIds`, as a raw SQL delete would (its external ids then point to nothing).
   */
  deleteRecord(model: string, id: number, options: { keepExternalIds?: boolean } = {}): void {
    this.db.removeRows(model, [id], { dropExternalIds: !options.keepExternalIds });
  }

  /**
   * Odoo's partner merge wizard: references to the merged partners (many2one, many2many) and their external ids
   * (ir.model.data res_id) are moved to `target`, then the merged partners are deleted.
   */
  mergePartners(sources: readonly number[], target: number): void {
    if (!this.db.exists('res.partner', target)) throw new Error(`mergePartners: partner ${target} does not exist`);
    const from = new Set(sources.filter((s) => s !== target));
    for (const model of this.db.models()) {
      for (const f of this.db.def(model).fields) {
        if (f.compute || f.relation !== 'res.partner') continue;
        for (const row of this.db.rows(model)) {
          if (f.type === 'many2one' && from.has(row[f.name] as number)) row[f.name] = target;
          if (f.type === 'many2many' && Array.isArray(row[f.name])) {
            row[f.name] = [...new Set((row[f.name] as number[]).map((id) => (from.has(id) ? target : id)))];
          }
        }
      }
    }
    for (const row of this.db.rows('ir.model.data')) {
      if (row.model === 'res.partner' && from.has(row.res_id as number)) row.res_id = target;
    }
    this.db.removeRows('res.partner', [...from], { dropExternalIds: false });
  }

  /** Makes a partner a cooperator member (as cooperator's subscription workflow would): membership and share lines. */
  addMember(partnerId: number, member: FakeOdooMember): number {
    if (!this.modules.cooperator) throw new Error('addMember: the cooperator module is not installed on this fake');
    const membershipId = this.db.insert('cooperative.membership', {
      partner_id: partnerId,
      cooperator: true,
      member: member.member ?? true,
      coop_candidate: false,
      old_member: false,
      cooperator_register_number: member.registerNumber,
      cooperator_type: false,
      effective_date: member.effectiveDate,
    });
    for (const share of member.shares ?? []) {
      this.db.insert('share.line', {
        share_number: share.number,
        share_unit_price: share.unitPrice,
        effective_date: share.date ?? member.effectiveDate,
        partner_id: partnerId,
      });
    }
    return membershipId;
  }

  /** Sets a module's state (e.g. uninstall cooperator on a running fake). */
  setModuleState(name: string, state: 'installed' | 'uninstalled' | 'to upgrade', latestVersion: string | false = false): void {
    const row = this.db.rows('ir.module.module').find((m) => m.name === name);
    if (row) Object.assign(row, { state, latest_version: latestVersion });
    else this.db.insert('ir.module.module', { name, state, latest_version: latestVersion });
  }

  // ------------------------------------------------------------------ counters

  /** Calls received, per `model.method` (`res.partner.create`) or `common.method` (`common.authenticate`). */
  get calls(): ReadonlyMap<string, number> {
    return this.callCounts;
  }

  /** Calls of a model (all methods) or of one method; `callCount('common', 'authenticate')` for the common service. */
  callCount(model: string, method?: string): number {
    if (method) return this.callCounts.get(`${model}.${method}`) ?? 0;
    let n = 0;
    for (const [key, value] of this.callCounts) if (key.startsWith(`${model}.`) && key.split('.').length === model.split('.').length + 1) n += value;
    return n;
  }

  /** Every XML-RPC call received (injected HTTP errors and resets included in {@link httpRequests} only). */
  get totalCalls(): number {
    let n = 0;
    for (const v of this.callCounts.values()) n += v;
    return n;
  }

  /** HTTP requests received, injected failures included. */
  get httpRequests(): number {
    return this.requests;
  }

  /** The last calls (at most 1000), oldest first. */
  get log(): readonly FakeOdooCallLogEntry[] {
    return this.callLog;
  }

  resetCounters(): void {
    this.callCounts.clear();
    this.callLog.length = 0;
    this.requests = 0;
  }

  /** Records of a model (archived ones included unless `activeOnly`). */
  recordCount(model: string, options: { activeOnly?: boolean } = {}): number {
    if (!options.activeOnly) return this.db.count(model);
    return this.db.rows(model).filter((r) => r.active !== false).length;
  }

  /** A stored row (cache format: many2one = id), for assertions. */
  record(model: string, id: number): Readonly<Row> | undefined {
    return this.db.row(model, id);
  }

  /** Rows matching a predicate, for assertions. */
  find(model: string, predicate: (row: Readonly<Row>) => boolean = () => true): Readonly<Row>[] {
    return this.db.rows(model).filter(predicate);
  }

  /** The id of a seeded country by ISO code. */
  countryId(code: string): number {
    const row = this.db.rows('res.country').find((c) => c.code === code);
    if (!row) throw new Error(`country ${code} is not seeded`);
    return row.id;
  }
}
