import * as http from 'node:http';

/** The account the benchmarks act as (operator, and first admin of the cooperatives it creates). Bench databases only. */
export const BENCH_OPERATOR = { email: 'bench-operator@bench.example.coop', password: 'bench-operator-password' };

export interface HttpResponse {
  status: number;
  body: string;
}

export interface StreamedResponse {
  status: number;
  bytes: number;
  /** '\n' count: one per CSV record (records end with \r\n; no field holds a line break in the bench's data). */
  lines: number;
  /** The first bytes, for an error message. */
  head: string;
}

/** A keep-alive HTTP/1.1 client on loopback: at most `maxSockets` connections, reused between requests. */
export class HttpClient {
  private readonly agent: http.Agent;
  /** Sent as `Authorization: Bearer …` with every request once set (see signIn). */
  bearer: string | null = null;

  constructor(
    private readonly port: number,
    maxSockets: number,
  ) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  }

  request(method: string, path: string, body?: unknown, timeoutMs = 60_000): Promise<HttpResponse> {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port: this.port,
          method,
          path,
          agent: this.agent,
          headers: { ...this.auth(), ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}) },
          timeout: timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer within ${timeoutMs} ms`)));
      req.on('error', reject);
      req.end(payload);
    });
  }

  private auth(): Record<string, string> {
    return this.bearer ? { authorization: `Bearer ${this.bearer}` } : {};
  }

  /** Signs in through the API; later requests carry the access token. */
  async signIn(email: string, password: string): Promise<void> {
    this.bearer = null;
    this.bearer = (await this.json<{ accessToken: string }>('POST', '/api/auth/login', { email, password }, 200)).accessToken;
  }

  /** Sends, expects `expected`, returns the parsed JSON body; throws with the answer otherwise. */
  async json<T = Record<string, unknown>>(method: string, path: string, body: unknown, expected: number): Promise<T> {
    const res = await this.request(method, path, body);
    if (res.status !== expected) throw new Error(`${method} ${path.replace(/\?.*/, '')}: expected ${expected}, got ${res.status}: ${res.body.slice(0, 300)}`);
    return JSON.parse(res.body) as T;
  }

  /** Reads a (large) answer as it streams in, counting bytes and lines, without keeping it. */
  stream(path: string, timeoutMs = 600_000): Promise<StreamedResponse> {
    return new Promise((resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port: this.port, method: 'GET', path, agent: this.agent, headers: this.auth(), timeout: timeoutMs },
        (res) => {
          let bytes = 0;
          let lines = 0;
          let head = '';
          res.on('data', (c: Buffer) => {
            if (head.length < 500) head += c.subarray(0, 500).toString('utf8');
            bytes += c.length;
            for (let i = c.indexOf(10); i !== -1; i = c.indexOf(10, i + 1)) lines++;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, lines, head }));
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`GET ${path}: no answer within ${timeoutMs} ms`)));
      req.on('error', reject);
      req.end();
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
