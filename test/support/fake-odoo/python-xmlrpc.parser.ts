/**
 * Reads XML-RPC bodies with the `xmlrpc` package's own Deserializer, and, for requests, first checks what Python's
 * `xmlrpc.client.loads` (expat) would reject, so that the fake answers malformed bodies the way Odoo does (transcripts
 * 80, 83, 84: HTTP 200 with fault 1 `ExpatError: no element found: line 1, column 83` or `ResponseError()`).
 * Requests of the usual shape (all the gateway's) are read by the gateway's own fast reader (libs/odoo/src/xmlrpc-reader.ts),
 * which gives the same result ~10× faster (libs/odoo/src/xmlrpc-reader.spec.ts checks it against the path above).
 */
import { PassThrough } from 'node:stream';
// The gateway's reader of the usual shape, shared with the fake (not part of the gateway's public API).
import Decimal from 'decimal.js';
import { XmlRpcDeserializer as DecimalDoubleDeserializer } from '../../../libs/odoo/src/xmlrpc-double';
import { readMethodCall } from '../../../libs/odoo/src/xmlrpc-reader';

interface XmlRpcDeserializer {
  deserializeMethodCall(stream: NodeJS.ReadableStream, cb: (err: Error | null | undefined, method?: string, params?: unknown[]) => void): void;
  deserializeMethodResponse(
    stream: NodeJS.ReadableStream,
    cb: (err: (Error & { faultCode?: number; faultString?: string }) | null | undefined, value?: unknown) => void,
  ): void;
}
/** The package's Deserializer, reading `<double>` as the gateway does (a Decimal). */
const Deserializer = DecimalDoubleDeserializer as unknown as new (encoding?: string) => XmlRpcDeserializer;

/** The request could not be read: Python's exception line, as the final line of Odoo's traceback. */
export class RequestParseError extends Error {
  constructor(readonly exceptionLine: string) {
    super(exceptionLine);
  }
}

export interface ParsedCall {
  methodName: string;
  params: unknown[];
}

function position(text: string, index: number): { line: number; column: number } {
  const before = text.slice(0, index);
  const line = before.split('\n').length;
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line, column: Buffer.byteLength(before.slice(lineStart), 'utf8') };
}

const TOKEN = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[[\s\S]*?\]\]>|<!DOCTYPE[^>]*>|<(\/?)([A-Za-z_][\w.:-]*)(?:\s[^>]*?)?(\/?)>/g;

/** What expat and xmlrpc.client's Unmarshaller would say of the body, or undefined when it reads as a method call. */
export function pythonRequestProblem(text: string): string | undefined {
  const stack: string[] = [];
  let root: string | undefined;
  let sawParams = false;
  let closedRoot = false;
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(text); m; m = TOKEN.exec(text)) {
    const name = m[2];
    if (!name) continue;
    if (closedRoot) {
      const { line, column } = position(text, m.index);
      return `xml.parsers.expat.ExpatError: junk after document element: line ${line}, column ${column}`;
    }
    if (m[1] === '/') {
      if (stack.pop() !== name) {
        const { line, column } = position(text, m.index);
        return `xml.parsers.expat.ExpatError: mismatched tag: line ${line}, column ${column + 2}`;
      }
      if (stack.length === 0) closedRoot = true;
      continue;
    }
    root ??= name;
    if (name === 'params') sawParams = true;
    if (m[3] === '/') {
      if (stack.length === 0) closedRoot = true;
    } else {
      stack.push(name);
    }
  }
  if (!root || stack.length > 0) {
    const { line, column } = position(text, text.length);
    return `xml.parsers.expat.ExpatError: no element found: line ${line}, column ${column}`;
  }
  // xmlrpc.client's Unmarshaller.close(): no <params> (or not a methodCall) leaves its type unset.
  if (root !== 'methodCall' || !sawParams) return 'xmlrpc.client.ResponseError: ResponseError()';
  return undefined;
}

function streamOf(body: string | Buffer): PassThrough {
  const stream = new PassThrough();
  stream.end(body);
  return stream;
}

/**
 * The values as Python's xmlrpc.client gives them to Odoo: a `<double>`, which the gateway's readers keep as an exact
 * Decimal, is a Python float on the server (`float(text)`), so the fake computes with it as Odoo does.
 */
export function asPythonValues(value: unknown): unknown {
  if (Decimal.isDecimal(value)) return Number(value.toString());
  if (Array.isArray(value)) return value.map(asPythonValues);
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asPythonValues(v)]));
  }
  return value;
}

/**
 * Parses a method call as Odoo would accept it; throws {@link RequestParseError} with Python's exception line otherwise.
 * A body of the usual shape is read by {@link readMethodCall} (fast; what it accepts is well-formed, a methodCall with
 * its params, so the pre-scan would find nothing to say); any other one by the pre-scan and the package's Deserializer,
 * as before.
 */
export function parseMethodCall(body: string | Buffer): Promise<ParsedCall> {
  const text = typeof body === 'string' ? body : body.toString('utf8');
  const call = readMethodCall(text);
  if (call) return Promise.resolve(call);
  const problem = pythonRequestProblem(text);
  if (problem) return Promise.reject(new RequestParseError(problem));
  return deserializeMethodCall(text);
}

/** The package's Deserializer on a body (the reference reading of {@link readMethodCall}). */
export function deserializeMethodCall(text: string): Promise<ParsedCall> {
  return new Promise((resolve, reject) => {
    new Deserializer().deserializeMethodCall(streamOf(text), (err, methodName, params) => {
      if (err || !methodName) reject(new RequestParseError('xmlrpc.client.ResponseError: ResponseError()'));
      else resolve({ methodName, params: params ?? [] });
    });
  });
}

export type ParsedResponse = { kind: 'fault'; faultCode: number; faultString: string } | { kind: 'value'; value: unknown };

/** Parses a method response (for tests): a fault or the value. Rejects when the body is not XML-RPC. */
export function parseMethodResponse(body: string | Buffer): Promise<ParsedResponse> {
  return new Promise((resolve, reject) => {
    new Deserializer().deserializeMethodResponse(streamOf(body), (err, value) => {
      if (err && (err.faultCode !== undefined || err.faultString !== undefined)) {
        resolve({ kind: 'fault', faultCode: Number(err.faultCode), faultString: String(err.faultString) });
      } else if (err) {
        reject(err);
      } else {
        resolve({ kind: 'value', value });
      }
    });
  });
}
