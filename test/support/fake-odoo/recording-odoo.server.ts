/**
 * An HTTP server that answers a recorded Odoo response (status, headers, body bytes) to whatever it receives, and
 * keeps what it received: to replay the transcripts against the gateway over real HTTP.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { OdooTranscript } from './odoo-transcript.reader';

export interface ReceivedRequest {
  method: string;
  path: string;
  body: Buffer;
}

export class RecordingOdooServer {
  private transcript: OdooTranscript | undefined;
  readonly received: ReceivedRequest[] = [];

  private constructor(private readonly server: Server) {}

  static start(): Promise<RecordingOdooServer> {
    const instance: RecordingOdooServer = new RecordingOdooServer(createServer((req, res) => instance.handle(req, res)));
    return new Promise((resolve) => instance.server.listen(0, '127.0.0.1', () => resolve(instance)));
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
  }

  /** Every following request is answered with this transcript's response. */
  answer(transcript: OdooTranscript): void {
    this.transcript = transcript;
    this.received.length = 0;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      this.received.push({ method: req.method ?? '', path: req.url ?? '', body: Buffer.concat(chunks) });
      const t = this.transcript;
      if (!t) {
        res.writeHead(500).end();
        return;
      }
      const headers: Record<string, string> = {};
      for (const [k, v] of t.headers) if (k !== 'Content-Length' && k !== 'Connection') headers[k] = v;
      headers['Content-Length'] = String(t.response.length);
      headers.Connection = 'close';
      res.writeHead(t.status, t.statusText, headers);
      res.end(t.response);
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}
