/**
 * Reads the recorded XML-RPC exchanges with real Odoo servers (test/support/fake-odoo/transcripts: Odoo 16 with OCA
 * cooperator at the top, Odoo 18 in odoo18/; format in their README): header, then the request and response bodies
 * cut out by their byte counts. The exchanges in transcripts/constructed/ have the same format but were CONSTRUCTED,
 * not recorded ({@link readConstructedTranscripts}).
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

export const TRANSCRIPTS_DIR = path.resolve(__dirname, 'transcripts');

export interface OdooTranscript {
  /** e.g. `16/42-imd-create-duplicate`. */
  id: string;
  file: string;
  version: 16 | 18;
  /** `42`. */
  number: string;
  name: string;
  method: 'GET' | 'POST';
  path: string;
  status: number;
  statusText: string;
  /** Response headers in order (Date left out by the recorder). */
  headers: Array<[string, string]>;
  request: Buffer;
  response: Buffer;
  tracebackCut: boolean;
}

function header(text: string, label: string): string {
  const m = new RegExp(`^\\s*${label}: (.*)$`, 'm').exec(text);
  if (!m) throw new Error(`transcript header without "${label}"`);
  return m[1]!.trim();
}

function cut(buffer: Buffer, marker: RegExp, from: number): { body: Buffer; end: number } {
  const text = buffer.toString('latin1'); // byte offsets = character offsets
  marker.lastIndex = from;
  const m = marker.exec(text);
  if (!m) throw new Error(`marker ${marker} not found`);
  const start = m.index + m[0].length;
  const length = Number(m[1]);
  const body = buffer.subarray(start, start + length);
  let end = start + length;
  if (length === 0 || body[body.length - 1] !== 0x0a) end += 1; // the recorder added one \n
  return { body, end };
}

export function readOdooTranscript(file: string, version: 16 | 18): OdooTranscript {
  const buffer = readFileSync(file);
  const headerEnd = buffer.indexOf('-->');
  const head = buffer.subarray(0, headerEnd).toString('utf8');
  const request = cut(buffer, /<!-- REQUEST BODY: the next (\d+) bytes -->\n/g, headerEnd);
  const response = cut(buffer, /<!-- RESPONSE BODY: the next (\d+) bytes -->\n/g, request.end);
  const endpoint = /^\s*Endpoint: (GET|POST) (\S+)/m.exec(head);
  if (!endpoint) throw new Error(`${file}: no endpoint`);
  const status = /^HTTP\/1\.1 (\d{3}) (.*)$/.exec(header(head, 'HTTP status'));
  if (!status) throw new Error(`${file}: no status`);
  const headers: Array<[string, string]> = [];
  for (const part of header(head, 'Response headers').split('; ')) {
    const m = /^([A-Za-z-]+): (.*)$/.exec(part);
    if (m) headers.push([m[1]!, m[2]!]);
    else if (headers.length) headers[headers.length - 1]![1] += `; ${part}`;
  }
  const base = path.basename(file, '.xml');
  const number = base.slice(0, 2);
  return {
    id: `${version}/${base}`,
    file,
    version,
    number,
    name: base.slice(3),
    method: endpoint[1] as 'GET' | 'POST',
    path: endpoint[2]!,
    status: Number(status[1]),
    statusText: status[2]!,
    headers,
    request: request.body,
    response: response.body,
    tracebackCut: /traceback cut/.test(head),
  };
}

/** Every transcript of both versions, in recording order (Odoo 16 first). */
export function readOdooTranscripts(dir = TRANSCRIPTS_DIR): OdooTranscript[] {
  const list = (folder: string, version: 16 | 18) =>
    readdirSync(folder)
      .filter((f) => /^\d\d-.*\.xml$/.test(f))
      .sort()
      .map((f) => readOdooTranscript(path.join(folder, f), version));
  return [...list(dir, 16), ...list(path.join(dir, 'odoo18'), 18)];
}

/** The constructed (not recorded) Odoo 16 exchanges of transcripts/constructed/ (ids `16c/NN-name`). */
export function readConstructedTranscripts(dir = path.join(TRANSCRIPTS_DIR, 'constructed')): OdooTranscript[] {
  return readdirSync(dir)
    .filter((f) => /^\d\d-.*\.xml$/.test(f))
    .sort()
    .map((f) => ({ ...readOdooTranscript(path.join(dir, f), 16), id: `16c/${path.basename(f, '.xml')}` }));
}

export function transcriptHeader(t: OdooTranscript, name: string): string | undefined {
  return t.headers.find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
}
