import type { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { UsersService } from '@coop/auth';
import { createLogger } from '@coop/bootstrap';
import type { CooperativeRole } from '@coop/core';
import { SmtpMailer } from '@coop/mail';
import { createApp, type AppOptions } from '../../apps/api/src/app-factory';
import { startSmtpSink, type SmtpSink } from './smtp-sink';

type Agent = ReturnType<typeof request>;
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** Requests that carry a bearer token (or none: `anonymous`). */
export type Http = Pick<Agent, Method>;

function withToken(agent: Agent, token: string): Http {
  const auth = `Bearer ${token}`;
  return {
    get: (url: string) => agent.get(url).set('authorization', auth),
    post: (url: string) => agent.post(url).set('authorization', auth),
    put: (url: string) => agent.put(url).set('authorization', auth),
    patch: (url: string) => agent.patch(url).set('authorization', auth),
    delete: (url: string) => agent.delete(url).set('authorization', auth),
  } as Http;
}

export interface TestUser {
  id: string;
  email: string;
  password: string;
  token: string;
  http: Http;
}

export interface TestApp {
  app: INestApplication;
  /** Signed in as the test operator, who is the first admin of every cooperative it creates. */
  http: Http;
  /** No token. */
  anonymous: Agent;
  operator: TestUser;
  /** The real SMTP server (loopback) the application sends its mails to. */
  mail: SmtpSink;
  /** A person with an account (and, given `role`, a role in a cooperative), signed in through the API. */
  user(opts?: { role?: CooperativeRole; cooperativeId?: string; memberId?: string | null; operator?: boolean; email?: string }): Promise<TestUser>;
  /** Signs in through POST /api/auth/login and returns the tokens. */
  login(email: string, password: string): Promise<{ accessToken: string; refreshToken: string }>;
  as(token: string): Http;
  close(): Promise<void>;
}

let userCounter = 0;

/**
 * The real application (same pipes, guard, filters and modules as main.ts) on the test database, over real HTTP, with
 * its mail going to a real SMTP server on loopback. Passwords are hashed with argon2id at a low cost (the login cost
 * is measured by `npm run bench:ledger`, not here).
 */
export async function startTestApp(
  options: Partial<Pick<AppOptions, 'odoo' | 'auth' | 'loginRateLimitPerMinute' | 'personalDataRetentionDays'>> = {},
): Promise<TestApp> {
  const url = process.env.COOP_TEST_DATABASE_URL;
  if (!url) throw new Error('COOP_TEST_DATABASE_URL is not set: run the e2e tests through jest (global setup)');
  const mail = await startSmtpSink();
  const mailer = new SmtpMailer(mail.url, 'coop-ledger tests <noreply@tests.example.coop>');
  const app = await createApp({
    databaseUrl: url,
    poolSize: 20,
    runMigrations: false,
    logger: createLogger('json', ['fatal', 'error']),
    mailer,
    loginRateLimitPerMinute: 100_000,
    ...options,
    auth: { argon2MemoryKib: 8192, argon2Iterations: 1, accessTokenTtlSeconds: 3600, publicUrl: 'https://ledger.example.coop', ...options.auth },
  });
  await app.listen(0, '127.0.0.1');
  const anonymous = request(app.getHttpServer());
  const users = app.get(UsersService);

  const login = async (email: string, password: string) => {
    const res = await anonymous.post('/api/auth/login').send({ email, password });
    if (res.status !== 200) throw new Error(`login of ${email}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { accessToken: string; refreshToken: string };
  };
  const user: TestApp['user'] = async (opts = {}) => {
    const email = opts.email ?? `user${++userCounter}.${process.pid}@tests.example.coop`;
    const password = `pw-${randomBytes(12).toString('hex')}`;
    const id = await users.ensureUser({ email, password, operator: opts.operator });
    if (opts.role && opts.cooperativeId) {
      await users.grantRole({ userId: id, cooperativeId: opts.cooperativeId, role: opts.role, memberId: opts.memberId ?? null, grantedBy: 'test setup' });
    }
    const { accessToken } = await login(email, password);
    return { id, email, password, token: accessToken, http: withToken(anonymous, accessToken) };
  };
  const close = async () => {
    await app.close();
    mailer.close();
    await mail.close();
  };
  const operator = await user({ operator: true }).catch(async (e: unknown) => {
    await close(); // a failed start must not leave a server that keeps jest from exiting
    throw e;
  });
  return {
    app,
    http: operator.http,
    anonymous,
    operator,
    mail,
    user,
    login,
    as: (token) => withToken(anonymous, token),
    close,
  };
}
