/**
 * Mail settings read from the environment. Pure, and free of any import from @coop/core, so that core's loadConfig
 * can list these problems with its own (core importing mail, never the reverse).
 */
export interface MailConfig {
  /** `smtp://user:pass@host:587` or `smtps://…`; null: no SMTP server, mails are written to the log. */
  smtpUrl: string | null;
  /** Sender of every mail: `addr@host` or `Name <addr@host>`. */
  from: string;
  /** Base of the links in mails, without a trailing slash: `https://ledger.example.org`. */
  publicUrl: string;
}

export type MailConfigResult = { ok: true; config: MailConfig } | { ok: false; problems: string[] };

export const DEFAULT_MAIL_FROM = 'coop-ledger <no-reply@localhost>';
export const DEFAULT_PUBLIC_URL = 'http://localhost:3000';

// Deliberately simple: one local part, one domain, no spaces or brackets; the SMTP server has the last word.
const ADDRESS = /^[^\s@<>()",;:\\[\]]+@[^\s@<>()",;:\\[\]]+$/;

export function readMailConfig(env: NodeJS.ProcessEnv = process.env): MailConfigResult {
  const problems: string[] = [];
  const smtpUrl = env.SMTP_URL?.trim() || null;
  if (smtpUrl) {
    const problem = smtpUrlProblem(smtpUrl);
    if (problem) problems.push(problem);
  }
  const from = env.MAIL_FROM?.trim() || DEFAULT_MAIL_FROM;
  const fromProblem = mailFromProblem(from);
  if (fromProblem) problems.push(fromProblem);
  const rawPublicUrl = env.PUBLIC_URL?.trim() || DEFAULT_PUBLIC_URL;
  const publicUrl = normalizePublicUrl(rawPublicUrl);
  if (typeof publicUrl !== 'string') problems.push(publicUrl.problem);
  if (problems.length || typeof publicUrl !== 'string') return { ok: false, problems };
  return { ok: true, config: { smtpUrl, from, publicUrl } };
}

/** Every problem of the mail settings; empty when they are valid. */
export function mailConfigProblems(env: NodeJS.ProcessEnv = process.env): string[] {
  const result = readMailConfig(env);
  return result.ok ? [] : result.problems;
}

function smtpUrlProblem(raw: string): string | null {
  // Never echo the value: it usually holds the SMTP password, and these problems end up in logs.
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'SMTP_URL is not a valid URL (expected smtp://user:pass@host:587 or smtps://user:pass@host:465)';
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') return `SMTP_URL must start with smtp:// or smtps:// (got "${url.protocol}")`;
  if (!url.hostname) return 'SMTP_URL has no host (expected smtp://user:pass@host:587)';
  if (url.port !== '' && Number(url.port) === 0) return 'SMTP_URL has port 0';
  return null;
}

function mailFromProblem(from: string): string | null {
  const named = /^(.*?)\s*<([^<>]*)>$/.exec(from);
  const address = named ? named[2] : from;
  const name = named ? named[1] : '';
  // An unquoted comma or semicolon would make one sender read as two addresses.
  const nameOk = name === '' || /^"[^"\\\r\n]*"$/.test(name) || /^[^"<>,;:\r\n\\]+$/.test(name);
  if (ADDRESS.test(address) && nameOk) return null;
  return `MAIL_FROM must be an address or Name <address> (got "${from}")`;
}

/** The URL without its trailing slashes, or why it cannot prefix the paths of links. */
function normalizePublicUrl(raw: string): string | { problem: string } {
  let url: URL | null = null;
  try {
    url = new URL(raw);
  } catch {
    // reported below
  }
  // Credentials would be sent to every recipient: refused, and not repeated.
  if (url && (url.username || url.password)) return { problem: 'PUBLIC_URL must not hold a user name or password' };
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash) {
    return { problem: `PUBLIC_URL must be an http:// or https:// URL without query or fragment (got "${raw}")` };
  }
  return url.href.replace(/\/+$/, '');
}
