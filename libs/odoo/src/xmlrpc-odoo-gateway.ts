import * as http from 'node:http';
import type { Agent as HttpAgent, IncomingMessage } from 'node:http';
import * as https from 'node:https';
import type { Agent as HttpsAgent } from 'node:https';
import { PassThrough } from 'node:stream';
import { inspect } from 'node:util';
import type * as xmlrpc from 'xmlrpc';
import { BaseOdooGateway } from './base-odoo-gateway';
import { createOdooError, OdooError, type OdooErrorInit } from './odoo-errors';
import { classifyOdooFault, parseOdooFault } from './odoo-fault-parser';
import type { OdooCallOptions, OdooConnection, OdooServerVersion } from './odoo-gateway';
import { coerceOdooId, toOdooArgs, toOdooValue, type OdooInputValue } from './odoo-values';
import { XmlRpcDeserializer } from './xmlrpc-double';
import { readMethodResponse } from './xmlrpc-reader';
import { formatCodePoint } from '@coop/core';
import { findXmlIllegalChar, serializeMethodCall, type XmlIllegalChar } from './xmlrpc-serializer';

interface XmlRpcResponseDeserializer {
  deserializeMethodResponse(stream: NodeJS.ReadableStream, cb: (err: Error | null | undefined, value?: unknown) => void): void;
}
const Deserializer = XmlRpcDeserializer as unknown as new (encoding?: string) => XmlRpcResponseDeserializer;

/** The default headers of the xmlrpc package's Client (added when absent, in this order). */
const XMLRPC_DEFAULT_HEADERS: Readonly<Record<string, string>> = {
  'User-Agent': 'NodeJS XML-RPC Client',
  'Content-Type': 'text/xml',
  Accept: 'text/xml',
  'Accept-Charset': 'UTF8',
  Connection: 'Keep-Alive',
};

export interface OdooRetryOptions {
  /** Total attempts per call, first one included (default 3; 1 disables retries). */
  attempts?: number;
  /** First backoff delay in ms (default 250), doubled at each attempt. */
  baseDelayMs?: number;
  /** Cap of a backoff delay in ms (default 5000). */
  maxDelayMs?: number;
}

export interface OdooRetryEvent {
  model: string | undefined;
  method: string;
  /** The attempt that just failed (1-based). */
  attempt: number;
  delayMs: number;
  error: OdooError;
}

export interface XmlRpcOdooGatewayOptions {
  /** Default per-call timeout in ms (default 30 000). */
  timeoutMs?: number;
  retry?: OdooRetryOptions;
  /** A uid known in advance: `execute_kw` then needs no `authenticate` round trip. */
  uid?: number;
  /**
   * The HTTP agent. Default `false`: one connection per call, as Odoo's Werkzeug server closes every connection anyway,
   * and a reused socket closed by the server would turn into an ECONNRESET of unknown outcome on a `create`.
   */
  agent?: HttpAgent | HttpsAgent | false;
  /** TLS options for https URLs (a private CA, or — for tests only — `rejectUnauthorized: false`). */
  tls?: { ca?: string | Buffer | Array<string | Buffer>; rejectUnauthorized?: boolean };
  userAgent?: string;
  /** Called before each backoff wait (for logs and metrics). The error carries no secret. */
  onRetry?: (event: OdooRetryEvent) => void;
  /** Randomness of the jitter, in [0, 1) (tests pin it). */
  random?: () => number;
}

/** Methods whose repetition cannot change Odoo's state (write sets the same values again). */
const IDEMPOTENT_METHODS = new Set([
  'search',
  'search_read',
  'search_count',
  'search_fetch',
  'read',
  'read_group',
  'fields_get',
  'name_search',
  'name_get',
  'default_get',
  'check_access_rights',
  'has_access',
  'get_metadata',
  'write',
]);

/** Failures before the connection exists: the request never left. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);
const NETWORK_CODES = new Set([
  ...NOT_SENT_CODES,
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'ERR_SOCKET_CONNECTION_TIMEOUT',
  'ERR_STREAM_PREMATURE_CLOSE',
  'HPE_INVALID_CONSTANT',
  'HPE_INVALID_CHUNK_SIZE',
]);
const TLS_CODE = /^(CERT_|ERR_TLS_|ERR_SSL_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|EPROTO)/;

interface TransportError extends Error {
  code?: string;
  faultCode?: number | string;
  faultString?: string;
  /** Set (non-enumerable) by the xmlrpc client once a response arrived. */
  res?: IncomingMessage;
  body?: string;
}

interface CallContext {
  service: 'common' | 'object';
  model: string | undefined;
  method: string;
  idempotent: boolean;
  options: OdooCallOptions | undefined;
}

type ClientOptions = Exclude<Parameters<typeof xmlrpc.createClient>[0], string> & {
  signal?: AbortSignal;
  agent?: HttpAgent | HttpsAgent | false;
  ca?: string | Buffer | Array<string | Buffer>;
  rejectUnauthorized?: boolean;
};

/**
 * What the xmlrpc package's `Client#methodCall` does (lib/client.js, 1.3.2), with a body serialized beforehand by
 * {@link serializeMethodCall} instead of the package's much slower xmlbuilder serializer: the same options handed to
 * `http(s).request` (signal, agent, TLS), the same headers, the same 404 handling, the response read by the package's
 * Deserializer (after the fast {@link readMethodResponse}, which reads the usual answers and gives the same values),
 * and errors enriched (non-enumerable) with `req`, `res` and `body` as the package does.
 */
function postMethodCall(secure: boolean, options: ClientOptions, xml: string, callback: (err: unknown, value?: unknown) => void): void {
  const headers: Record<string, string | number> = { ...(options.headers as Record<string, string | number> | undefined) };
  for (const [name, value] of Object.entries(XMLRPC_DEFAULT_HEADERS)) if (headers[name] === undefined) headers[name] = value;
  headers['Content-Length'] = Buffer.byteLength(xml, 'utf8');
  const requestOptions = { ...options, headers, method: 'POST' } as http.RequestOptions & https.RequestOptions;
  const transport = secure ? https : http;
  const request = transport.request(requestOptions, (response) => {
    const body: Buffer[] = [];
    response.on('data', (chunk: Buffer) => body.push(chunk));
    const enrich = (err: Error): Error => {
      Object.defineProperty(err, 'req', { value: request });
      Object.defineProperty(err, 'res', { value: response });
      Object.defineProperty(err, 'body', { value: Buffer.concat(body).toString('utf8') });
      return err;
    };
    if (response.statusCode == 404) {
      callback(enrich(new Error('Not Found')));
      return;
    }
    // The usual answer is read by the fast reader; any other (a fault, an HTML page…) by the package's Deserializer.
    let settled = false;
    response.on('error', (err: Error) => {
      if (!settled) callback(enrich(err));
      settled = true;
    });
    response.on('end', () => {
      if (settled) return;
      settled = true;
      const text = Buffer.concat(body).toString('utf8');
      const fast = readMethodResponse(text);
      if (fast) return callback(null, fast.value);
      const stream = new PassThrough();
      new Deserializer(undefined).deserializeMethodResponse(stream, (err, result) => {
        callback(err ? enrich(err) : err, result);
      });
      stream.end(text);
    });
  });
  request.on('error', callback);
  request.write(xml, 'utf8');
  request.end();
}

/** The names of the positional parameters, to name a bad one without showing it (the secret is one of them). */
const PARAM_NAMES: Readonly<Record<string, readonly string[]>> = {
  execute_kw: ['database', 'uid', 'secret', 'model', 'method', 'args', 'kwargs'],
  authenticate: ['database', 'login', 'secret', 'user_agent_env'],
};

/** Why Odoo may refuse credentials (Odoo 18 API keys of non-admin users expire, within 90 days by default). */
const AUTHENTICATION_HINT =
  'wrong login, password or API key, an API key that has expired (on Odoo 18 those of non-admin users last 90 days at most by default), or an ' +
  'inactive or deleted user';

function htmlTitle(body: string | undefined): string | undefined {
  const m = body ? /<title>([^<]{1,200})<\/title>/i.exec(body) : null;
  return m?.[1]?.trim();
}

/**
 * The Odoo gateway over XML-RPC (`/xmlrpc/2/common` and `/xmlrpc/2/object`), on the `xmlrpc` package.
 *
 * - One request per call, made as the package's client makes it ({@link postMethodCall}) but with a body from the fast
 *   {@link serializeMethodCall}, with `AbortSignal.timeout(timeoutMs)` passed as `signal` to `http.request`, which
 *   destroys the socket when the signal fires, plus a backstop timer, so that a timeout always settles the call,
 *   whether the server is silent before or in the middle of its answer.
 * - Retries with exponential backoff and jitter on NETWORK, TIMEOUT, SERVER and 5xx BAD_RESPONSE, never on faults;
 *   a non-idempotent call (create, unlink…) is retried only if it certainly never reached Odoo.
 * - Values are converted by {@link toOdooValue} (no `undefined`, Dates as UTC strings).
 * - Faults become {@link OdooError}s by their faultCode and faultString (Odoo 16 and 18 wordings).
 * - The secret lives in a private field: not in `toString()`, `JSON.stringify`, `util.inspect`, nor any error.
 */
export class XmlRpcOdooGateway extends BaseOdooGateway {
  readonly protocol = 'xmlrpc';
  readonly #database: string;
  readonly #login: string;
  readonly #secret: string;
  readonly #secure: boolean;
  readonly #host: string;
  readonly #port: number;
  readonly #basePath: string;
  readonly #origin: string;
  readonly #timeoutMs: number;
  readonly #attempts: number;
  readonly #baseDelayMs: number;
  readonly #maxDelayMs: number;
  readonly #options: XmlRpcOdooGatewayOptions;
  #uid: number | undefined;
  #authenticating: Promise<number> | undefined;

  constructor(connection: OdooConnection, options: XmlRpcOdooGatewayOptions = {}) {
    super();
    let url: URL;
    try {
      url = new URL(connection.url);
    } catch {
      throw new TypeError('The Odoo URL is not a valid URL');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`The Odoo URL must be http or https, not ${url.protocol}`);
    if (!connection.database) throw new TypeError('The Odoo database name is empty');
    if (!connection.login) throw new TypeError('The Odoo login is empty');
    if (!connection.secret) throw new TypeError('The Odoo password or API key is empty');
    this.#database = connection.database;
    this.#login = connection.login;
    this.#secret = connection.secret;
    this.#secure = url.protocol === 'https:';
    this.#host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    this.#port = url.port ? Number(url.port) : this.#secure ? 443 : 80;
    this.#basePath = url.pathname.replace(/\/+$/, '').replace(/\/xmlrpc(\/2)?$/, '');
    this.#origin = `${url.protocol}//${url.host}`;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#attempts = Math.max(1, Math.floor(options.retry?.attempts ?? 3));
    this.#baseDelayMs = Math.max(0, options.retry?.baseDelayMs ?? 250);
    this.#maxDelayMs = Math.max(this.#baseDelayMs, options.retry?.maxDelayMs ?? 5_000);
    this.#options = options;
    this.#uid = options.uid;
  }

  get uid(): number | undefined {
    return this.#uid;
  }

  get database(): string {
    return this.#database;
  }

  get login(): string {
    return this.#login;
  }

  /** The server's URL (without credentials), e.g. for logs. */
  get url(): string {
    return `${this.#origin}${this.#basePath}`;
  }

  override toString(): string {
    return `XmlRpcOdooGateway(${this.url}, database=${this.#database}, login=${this.#login})`;
  }

  toJSON(): Record<string, unknown> {
    return { protocol: this.protocol, url: this.url, database: this.#database, login: this.#login, uid: this.#uid };
  }

  [inspect.custom](): string {
    return this.toString();
  }

  async version(options?: OdooCallOptions): Promise<OdooServerVersion> {
    const raw = await this.call('common', 'version', [], { service: 'common', model: undefined, method: 'version', idempotent: true, options });
    const info = (raw as { server_version_info?: unknown } | null)?.server_version_info;
    if (raw === null || typeof raw !== 'object' || !Array.isArray(info) || info.length === 0) {
      throw this.error({ kind: 'BAD_RESPONSE', service: 'common', method: 'version', detail: 'no server_version_info in the answer', outcome: 'unknown' });
    }
    const r = raw as { server_version?: unknown; server_serie?: unknown; protocol_version?: unknown };
    return {
      serverVersion: String(r.server_version ?? ''),
      serverVersionInfo: info as Array<number | string>,
      serverSerie: String(r.server_serie ?? ''),
      protocolVersion: Number(r.protocol_version ?? 1),
      majorVersion: Number.parseInt(String(info[0]), 10),
    };
  }

  async authenticate(options?: OdooCallOptions): Promise<number> {
    const result = await this.call('common', 'authenticate', [this.#database, this.#login, this.#secret, {}], {
      service: 'common',
      model: undefined,
      method: 'authenticate',
      idempotent: true,
      options,
    });
    if (result === false) {
      this.#uid = undefined;
      throw this.error({
        kind: 'AUTHENTICATION',
        service: 'common',
        method: 'authenticate',
        detail: `login '${this.#login}' refused on database '${this.#database}' (${AUTHENTICATION_HINT})`,
        outcome: 'rolled-back',
      });
    }
    let uid: number;
    try {
      uid = coerceOdooId(result);
    } catch {
      throw this.error({
        kind: 'BAD_RESPONSE',
        service: 'common',
        method: 'authenticate',
        detail: 'the answer is neither a uid nor false',
        outcome: 'unknown',
      });
    }
    this.#uid = uid;
    return uid;
  }

  async executeKw<T = unknown>(
    model: string,
    method: string,
    args: readonly OdooInputValue[] = [],
    kwargs?: Readonly<Record<string, OdooInputValue>>,
    options?: OdooCallOptions,
  ): Promise<T> {
    // Convert first: a value that cannot be sent faithfully fails before any I/O (authentication included).
    const wireArgs = toOdooArgs(args);
    const wireKwargs = kwargs === undefined ? undefined : (toOdooValue(kwargs, 'kwargs') as Record<string, unknown>);
    const illegal = findXmlIllegalChar(wireArgs, 'args') ?? findXmlIllegalChar(wireKwargs, 'kwargs');
    if (illegal) throw this.unencodable({ service: 'object', model, method }, illegal);
    const uid = this.#uid ?? (await this.ensureUid(options));
    const params: unknown[] = [this.#database, uid, this.#secret, model, method, wireArgs];
    if (wireKwargs && Object.keys(wireKwargs).length > 0) params.push(wireKwargs);
    try {
      return (await this.call('object', 'execute_kw', params, {
        service: 'object',
        model,
        method,
        idempotent: options?.idempotent ?? IDEMPOTENT_METHODS.has(method),
        options,
      })) as T;
    } catch (error) {
      // A rotated key or a deleted user: forget the uid, the next call authenticates again.
      if (error instanceof OdooError && error.kind === 'AUTHENTICATION') this.#uid = undefined;
      throw error;
    }
  }

  private ensureUid(options: OdooCallOptions | undefined): Promise<number> {
    if (!this.#authenticating) {
      // Shared by concurrent first calls: one caller's abort signal must not cancel the others' authentication.
      const { timeoutMs, attempts } = options ?? {};
      this.#authenticating = this.authenticate({ timeoutMs, attempts }).finally(() => {
        this.#authenticating = undefined;
      });
    }
    return this.#authenticating;
  }

  private error(init: Omit<OdooErrorInit, 'secrets'>): OdooError {
    return createOdooError({ ...init, secrets: [this.#secret] });
  }

  private endpoint(service: string): { path: string; url: string } {
    const path = `${this.#basePath}/xmlrpc/2/${service}`;
    return { path, url: `${this.#origin}${path}` };
  }

  /** A value XML cannot carry: named by its path and code point, never shown (it may be the secret). */
  private unencodable(where: { service: string; model?: string; method: string }, illegal: XmlIllegalChar): OdooError {
    return this.error({
      ...where,
      kind: 'UNENCODABLE',
      detail: `${illegal.path} holds ${formatCodePoint(illegal.codePoint)} at index ${illegal.index}, a character XML 1.0 cannot carry; nothing was sent`,
      unencodable: illegal,
    });
  }

  /** The request body, written once for every attempt, before any I/O. */
  private body(xmlMethod: string, params: unknown[], ctx: CallContext): string {
    const names = PARAM_NAMES[xmlMethod] ?? [];
    const illegal = params.map((p, i) => findXmlIllegalChar(p, names[i] ?? `params[${i}]`)).find((found) => found !== null);
    if (illegal) throw this.unencodable(ctx, illegal);
    try {
      return serializeMethodCall(xmlMethod, params);
    } catch (error) {
      throw this.error({
        service: ctx.service,
        model: ctx.model,
        method: ctx.method,
        kind: 'FAULT',
        detail: `cannot serialize the call: ${(error as Error).message}`,
        outcome: 'not-sent',
      });
    }
  }

  /** One call with its retries. */
  private async call(service: 'common' | 'object', xmlMethod: string, params: unknown[], ctx: CallContext): Promise<unknown> {
    const maxAttempts = Math.max(1, Math.floor(ctx.options?.attempts ?? this.#attempts));
    const body = this.body(xmlMethod, params, ctx);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.callOnce(service, body, ctx, attempt);
      } catch (error) {
        if (!(error instanceof OdooError)) throw error;
        const safeToResend = ctx.idempotent || error.outcome === 'not-sent' || error.outcome === 'rolled-back';
        if (!error.retryable || !safeToResend || attempt >= maxAttempts) throw error;
        const delayMs = this.backoff(attempt);
        this.#options.onRetry?.({ model: ctx.model, method: ctx.method, attempt, delayMs, error });
        await this.sleep(delayMs, ctx, attempt);
      }
    }
  }

  /** Exponential backoff with "equal jitter": half the delay is fixed, half random, so waits never collapse to zero. */
  private backoff(attempt: number): number {
    const capped = Math.min(this.#maxDelayMs, this.#baseDelayMs * 2 ** (attempt - 1));
    const random = this.#options.random ?? Math.random;
    return Math.round(capped / 2 + random() * (capped / 2));
  }

  private sleep(ms: number, ctx: CallContext, attempt: number): Promise<void> {
    const signal = ctx.options?.signal;
    return new Promise((resolve, reject) => {
      const aborted = () =>
        this.error({
          kind: 'ABORTED',
          service: ctx.service,
          model: ctx.model,
          method: ctx.method,
          detail: 'aborted by the caller during a retry wait',
          attempts: attempt,
        });
      if (signal?.aborted) return reject(aborted());
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        reject(aborted());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  private callOnce(service: 'common' | 'object', body: string, ctx: CallContext, attempt: number): Promise<unknown> {
    const timeoutMs = ctx.options?.timeoutMs ?? this.#timeoutMs;
    const { path, url } = this.endpoint(service);
    return new Promise((resolve, reject) => {
      const timeoutSignal = AbortSignal.timeout(timeoutMs);
      const callerSignal = ctx.options?.signal;
      const signal = callerSignal ? AbortSignal.any([timeoutSignal, callerSignal]) : timeoutSignal;
      let settled = false;
      const settle = (outcome: () => void): void => {
        if (settled) return;
        settled = true;
        clearTimeout(backstop);
        outcome();
      };
      // If the library never calls back after the abort (it should), the call still ends.
      const backstop = setTimeout(() => settle(() => reject(this.timeoutError(ctx, url, timeoutMs, attempt))), timeoutMs + 1_000);
      const clientOptions: ClientOptions = {
        host: this.#host,
        port: this.#port,
        path,
        headers: { 'User-Agent': this.#options.userAgent ?? 'coop-ledger-odoo-gateway', Connection: 'close' },
        signal,
        agent: this.#options.agent ?? false,
        ...(this.#secure && this.#options.tls ? this.#options.tls : {}),
      };
      try {
        postMethodCall(this.#secure, clientOptions, body, (err: unknown, value: unknown) => {
          settle(() => {
            if (!err) return resolve(value);
            if (timeoutSignal.aborted) return reject(this.timeoutError(ctx, url, timeoutMs, attempt));
            if (callerSignal?.aborted) {
              return reject(
                this.error({
                  kind: 'ABORTED',
                  service: ctx.service,
                  model: ctx.model,
                  method: ctx.method,
                  url,
                  detail: 'aborted by the caller',
                  attempts: attempt,
                }),
              );
            }
            reject(this.transportError(err as TransportError, ctx, url, attempt));
          });
        });
      } catch (err) {
        settle(() => reject(this.transportError(err as TransportError, ctx, url, attempt)));
      }
    });
  }

  private timeoutError(ctx: CallContext, url: string, timeoutMs: number, attempt: number): OdooError {
    return this.error({
      kind: 'TIMEOUT',
      service: ctx.service,
      model: ctx.model,
      method: ctx.method,
      url,
      detail: `no complete answer within ${timeoutMs} ms (request aborted)`,
      attempts: attempt,
    });
  }

  /** Maps what the xmlrpc package reports (fault, Node network error, parse error with the response) to an OdooError. */
  private transportError(err: TransportError, ctx: CallContext, url: string, attempt: number): OdooError {
    const base = { service: ctx.service, model: ctx.model, method: ctx.method, url, attempts: attempt };
    const httpStatus = err?.res?.statusCode;
    if (err && (err.faultCode !== undefined || err.faultString !== undefined)) {
      const parsed = parseOdooFault(err.faultCode, err.faultString);
      const classified = classifyOdooFault(parsed, ctx.model, ctx.method);
      return this.error({
        ...base,
        ...classified,
        faultCode: parsed.faultCode,
        exceptionClass: parsed.exceptionClass,
        odooMessage: parsed.message,
        faultString: err.faultString,
        httpStatus,
        detail: classified.kind === 'AUTHENTICATION' ? AUTHENTICATION_HINT : undefined,
      });
    }
    const code = typeof err?.code === 'string' ? err.code : undefined;
    if (code && (NETWORK_CODES.has(code) || TLS_CODE.test(code) || (!err.res && /^E[A-Z]+$/.test(code)))) {
      const tls = TLS_CODE.test(code); // a failed TLS handshake: nothing was sent, and retrying will not fix it
      return this.error({
        ...base,
        kind: 'NETWORK',
        networkCode: code,
        detail: err.message,
        outcome: NOT_SENT_CODES.has(code) || tls ? 'not-sent' : 'unknown',
        retryable: tls ? false : undefined,
      });
    }
    if (httpStatus === undefined) {
      return this.error({ ...base, kind: 'NETWORK', detail: err?.message ?? String(err), outcome: 'unknown' });
    }
    const body = typeof err.body === 'string' ? err.body : '';
    if (httpStatus >= 500 && body.trim() === '') {
      return this.error({ ...base, kind: 'SERVER', httpStatus, detail: 'empty answer', outcome: 'unknown' });
    }
    const title = htmlTitle(body);
    const hint = httpStatus === 404 ? 'is the URL the Odoo base URL?' : undefined;
    return this.error({
      ...base,
      kind: 'BAD_RESPONSE',
      httpStatus,
      detail: [err.message, title ? `page title "${title}"` : undefined, hint].filter(Boolean).join('; '),
      outcome: 'unknown',
    });
  }
}
