import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';

/** One message as the sink received it: the envelope, the source, and the parts a test reads, decoded. */
export interface ReceivedMail {
  /** Envelope sender (MAIL FROM); '' for the null sender. */
  from: string;
  /** Envelope recipients (RCPT TO). */
  to: string[];
  /** What the client authenticated with (any is accepted), or null. */
  auth: { username: string; password: string } | null;
  /** The message as sent on the wire (after SMTP dot-unstuffing), CRLF line ends. */
  raw: string;
  /** Headers by lower-case name, each value unfolded and with its encoded words decoded. */
  headers: Record<string, string[]>;
  subject: string;
  /** First text/plain part, decoded, with \n line ends; null when there is none. */
  text: string | null;
  /** First text/html part, decoded, with \n line ends; null when there is none. */
  html: string | null;
}

export interface SmtpSink {
  /** smtp://127.0.0.1:<port>, for SMTP_URL. */
  url: string;
  port: number;
  /** Every mail received since the start or the last clear(), in order of arrival. */
  mails: ReceivedMail[];
  /** The first mail, already received or still to come, that matches; rejects after timeoutMs (default 10 s). */
  waitForMail(predicate: (mail: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  clear(): void;
  /** Stops listening; pending waits reject. */
  close(): Promise<void>;
}

/**
 * A real SMTP server on loopback for tests: plain text (no STARTTLS, nothing leaves the machine), any or no
 * authentication accepted, every message kept and decoded. Decoding covers what nodemailer writes: folded headers,
 * RFC 2047 encoded words, nested multiparts, quoted-printable, base64 and 7/8 bit bodies.
 */
export async function startSmtpSink(): Promise<SmtpSink> {
  const mails: ReceivedMail[] = [];
  const waiters = new Set<{ accept: (mail: ReceivedMail) => boolean; fail: (error: Error) => void }>();

  const server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    // A client left connected must not hold close() for the default 30 s.
    closeTimeout: 1_000,
    onAuth(auth, _session, callback) {
      callback(null, { user: { username: auth.username ?? '', password: auth.password ?? '' } });
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', (error) => callback(error));
      stream.on('end', () => {
        let mail: ReceivedMail;
        try {
          mail = decodeMessage(Buffer.concat(chunks), session);
        } catch (error) {
          // Refused with the reason: the sending test fails and says why the sink could not read the message.
          callback(new Error(`smtp-sink could not decode the message: ${(error as Error).message}`));
          return;
        }
        mails.push(mail);
        for (const waiter of [...waiters]) if (waiter.accept(mail)) waiters.delete(waiter);
        callback();
      });
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.server.address() as AddressInfo).port;

  const waitForMail = (predicate: (mail: ReceivedMail) => boolean, timeoutMs = 10_000): Promise<ReceivedMail> =>
    new Promise<ReceivedMail>((resolve, reject) => {
      const already = mails.find(predicate);
      if (already) return resolve(already);
      const waiter = {
        accept: (mail: ReceivedMail): boolean => {
          let matches: boolean;
          try {
            matches = predicate(mail);
          } catch (error) {
            waiter.fail(error as Error);
            return true;
          }
          if (matches) {
            clearTimeout(timer);
            resolve(mail);
          }
          return matches;
        },
        fail: (error: Error): void => {
          clearTimeout(timer);
          reject(error);
        },
      };
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        const seen = mails.map((mail) => `${mail.to.join(', ')}: "${mail.subject}"`).join('; ') || 'none';
        reject(new Error(`smtp-sink: no matching mail within ${timeoutMs} ms (mails received: ${seen})`));
      }, timeoutMs);
      waiters.add(waiter);
    });

  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    mails,
    waitForMail,
    clear: () => {
      mails.length = 0;
    },
    close: () => {
      for (const waiter of waiters) waiter.fail(new Error('smtp-sink closed while a test was waiting for a mail'));
      waiters.clear();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

interface Entity {
  headers: Record<string, string[]>;
  /** The body as bytes, one char per byte (latin1), line ends \n. */
  body: string;
}

function decodeMessage(source: Buffer, session: SMTPServerSession): ReceivedMail {
  const envelope = session.envelope;
  const message = parseEntity(source.toString('latin1'));
  const parts = { text: null as string | null, html: null as string | null };
  collectTextParts(message, parts);
  return {
    from: envelope.mailFrom ? envelope.mailFrom.address : '',
    to: envelope.rcptTo.map((rcpt) => rcpt.address),
    auth: (session.user as ReceivedMail['auth'] | undefined) ?? null,
    raw: source.toString('utf8'),
    headers: message.headers,
    subject: message.headers.subject?.[0] ?? '',
    text: parts.text,
    html: parts.html,
  };
}

/** Splits headers from body and decodes the headers; works on a latin1 string so that every byte survives. */
function parseEntity(source: string): Entity {
  const normalized = source.replace(/\r\n/g, '\n');
  const end = normalized.indexOf('\n\n');
  const head = end === -1 ? normalized : normalized.slice(0, end);
  const body = end === -1 ? '' : normalized.slice(end + 2);
  const headers: Record<string, string[]> = {};
  // Unfolding (RFC 5322 2.2.3): a line break followed by white space continues the header.
  for (const line of head.replace(/\n(?=[ \t])/g, '').split('\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    // Raw 8-bit header bytes (SMTPUTF8) are UTF-8; encoded words are ASCII and decoded next.
    const value = decodeEncodedWords(Buffer.from(line.slice(colon + 1).trim(), 'latin1').toString('utf8'));
    (headers[name] ??= []).push(value);
  }
  return { headers, body };
}

function collectTextParts(entity: Entity, found: { text: string | null; html: string | null }): void {
  const contentType = parseParameterized(entity.headers['content-type']?.[0] ?? 'text/plain; charset=us-ascii');
  const disposition = parseParameterized(entity.headers['content-disposition']?.[0] ?? 'inline');
  if (contentType.value.startsWith('multipart/')) {
    const boundary = contentType.params.boundary;
    if (!boundary) throw new Error(`${contentType.value} without a boundary`);
    for (const part of splitMultipart(entity.body, boundary)) collectTextParts(parseEntity(part), found);
    return;
  }
  if (disposition.value === 'attachment') return;
  if (contentType.value !== 'text/plain' && contentType.value !== 'text/html') return;
  const bytes = decodeTransferEncoding(entity.body, entity.headers['content-transfer-encoding']?.[0] ?? '7bit');
  const text = decodeCharset(bytes, contentType.params.charset ?? 'us-ascii').replace(/\r\n/g, '\n');
  if (contentType.value === 'text/plain') found.text ??= text;
  else found.html ??= text;
}

/** `type/subtype; name=value; name="quoted value"` → the lower-cased value and its parameters (names lower-cased). */
function parseParameterized(header: string): { value: string; params: Record<string, string> } {
  const semicolon = header.indexOf(';');
  const value = (semicolon === -1 ? header : header.slice(0, semicolon)).trim().toLowerCase();
  const params: Record<string, string> = {};
  if (semicolon !== -1) {
    for (const match of header.slice(semicolon).matchAll(/;\s*([^=\s;]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]*))/g)) {
      params[match[1].toLowerCase()] = match[2] !== undefined ? match[2].replace(/\\(.)/g, '$1') : match[3];
    }
  }
  return { value, params };
}

/** The bodies between the boundary lines (RFC 2046 5.1.1); the line break before a boundary belongs to the boundary. */
function splitMultipart(body: string, boundary: string): string[] {
  const delimiter = `--${boundary}`;
  const parts: string[] = [];
  let current: string[] | null = null;
  for (const line of body.split('\n')) {
    const bare = line.replace(/[ \t]+$/, ''); // transport padding
    if (bare === `${delimiter}--`) {
      if (current) parts.push(current.join('\n'));
      return parts;
    }
    if (bare === delimiter) {
      if (current) parts.push(current.join('\n'));
      current = [];
    } else if (current) {
      current.push(line);
    }
  }
  throw new Error(`multipart body without its closing boundary ${delimiter}--`);
}

function decodeTransferEncoding(body: string, encoding: string): Buffer {
  switch (encoding.trim().toLowerCase()) {
    case 'base64':
      return Buffer.from(body.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
    case 'quoted-printable':
      // Trailing white space is the transport's (RFC 2045 6.7 rule 3); "=" at a line end is a soft break.
      return hexEscapesToBytes(body.replace(/[ \t]+$/gm, '').replace(/=\n/g, ''), false);
    case '7bit':
    case '8bit':
    case 'binary':
      return Buffer.from(body, 'latin1');
    default:
      throw new Error(`unknown Content-Transfer-Encoding ${encoding}`);
  }
}

/** `=XX` escapes to bytes, other characters as their own byte; in RFC 2047 Q words, "_" is a space. */
function hexEscapesToBytes(encoded: string, qWord: boolean): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < encoded.length; i++) {
    const c = encoded[i];
    if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(encoded.slice(i + 1, i + 3))) {
      bytes.push(parseInt(encoded.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (c === '_' && qWord) {
      bytes.push(0x20);
    } else {
      bytes.push(encoded.charCodeAt(i) & 0xff);
    }
  }
  return Buffer.from(bytes);
}

/** Fatal on malformed input: a test sink must show an encoding bug, not hide it behind U+FFFD. */
function decodeCharset(bytes: Buffer, charset: string): string {
  const label = charset.trim().toLowerCase();
  return new TextDecoder(label === 'us-ascii' || label === 'ascii' ? 'utf-8' : label, { fatal: true }).decode(bytes);
}

/**
 * RFC 2047 encoded words (=?charset?Q?…?= and =?charset?B?…?=). White space between two adjacent words is dropped,
 * and their bytes are joined before decoding, since an encoder may split a character's bytes across two words.
 */
function decodeEncodedWords(value: string): string {
  const word = /=\?([^?\s]+)\?([QqBb])\?([^?\s]*)\?=/g;
  let out = '';
  let last = 0;
  let charset: string | null = null;
  let pending: Buffer[] = [];
  const flush = (): void => {
    if (charset !== null) out += decodeCharset(Buffer.concat(pending), charset);
    charset = null;
    pending = [];
  };
  for (const match of value.matchAll(word)) {
    const between = value.slice(last, match.index);
    if (charset === null || /\S/.test(between)) {
      flush();
      out += between;
    }
    const wordCharset = match[1].split('*')[0].toLowerCase(); // RFC 2231 language suffix
    if (charset !== null && charset !== wordCharset) flush();
    charset = wordCharset;
    pending.push(match[2].toUpperCase() === 'B' ? Buffer.from(match[3], 'base64') : hexEscapesToBytes(match[3], true));
    last = match.index + match[0].length;
  }
  flush();
  return out + value.slice(last);
}
