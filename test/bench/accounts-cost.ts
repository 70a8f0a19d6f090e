import { Injectable, type CallHandler, type CanActivate, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { hash } from '@node-rs/argon2';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DEFAULT_AUTH_OPTIONS } from '@coop/auth';
import { createLogger } from '@coop/bootstrap';
import { systemContext } from '@coop/core';
import { LogMailer } from '@coop/mail';
import { configureApp, createApp, type AppOptions } from '../../apps/api/src/app-factory';
import { AppModule } from '../../apps/api/src/app.module';
import { AccessGuard, type GuardedRequest } from '../../apps/api/src/common/access.guard';
import { RequestScopeInterceptor } from '../../apps/api/src/common/request-scope.interceptor';
import { summarize, type LatencySummary } from './bench-stats';
import { closedLoop } from './closed-loop';
import { BENCH_OPERATOR, HttpClient } from './http-client';

/**
 * What accounts cost the ledger's writes: the same application, in this process, with its access guard (token check,
 * the actor's roles read per request), tenant scope (row-level security: each connection switches role) and audit
 * trail, and without them (a guard that hands every request a fixed admin context, no scope, no audit), measured in
 * alternating rounds so that both see the same machine and the same database.
 */

/** The bench's operator, admin of the loaded cooperative, with the service's default argon2id cost (for the login figure). */
export async function createBenchAdmin(databaseUrl: string, cooperativeId: string): Promise<void> {
  const passwordHash = await hash(BENCH_OPERATOR.password, {
    algorithm: 2, // argon2id
    memoryCost: DEFAULT_AUTH_OPTIONS.argon2MemoryKib,
    timeCost: DEFAULT_AUTH_OPTIONS.argon2Iterations,
    parallelism: 1,
  });
  const pg = new Client({ connectionString: databaseUrl });
  await pg.connect();
  try {
    const id = randomUUID();
    await pg.query(`INSERT INTO app_user (id, email, password_hash, is_operator) VALUES ($1, $2, $3, true)`, [id, BENCH_OPERATOR.email, passwordHash]);
    await pg.query(`INSERT INTO user_role (user_id, cooperative_id, role, granted_by) VALUES ($1, $2, 'admin', 'bench')`, [id, cooperativeId]);
  } finally {
    await pg.end();
  }
}

/** "Without accounts": every request acts as the cooperative's admin, with nothing looked up. */
@Injectable()
class FixedAdminGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<GuardedRequest>();
    const cooperativeId = req.params.cooperativeId;
    if (typeof cooperativeId === 'string') {
      req.cooperativeContext = systemContext(cooperativeId, 'bench');
      req.actor = req.cooperativeContext.actor;
    }
    return true;
  }
}

@Injectable()
class PassThrough implements NestInterceptor {
  intercept(_: ExecutionContext, next: CallHandler) {
    return next.handle();
  }
}

async function listen(app: NestExpressApplication): Promise<number> {
  await app.listen(0, '127.0.0.1');
  return (app.getHttpServer().address() as AddressInfo).port;
}

export interface AccountsCostResult {
  withAccounts: { rate: number; latency: LatencySummary; errors: number };
  withoutAccounts: { rate: number; latency: LatencySummary; errors: number };
  ratio: number;
}

export async function measureAccountsCost(o: {
  databaseUrl: string;
  cooperativeId: string;
  memberIds: string[];
  shareClassId: string;
  day: string;
  concurrency: number;
  roundMs: number;
  rounds: number;
  log: (line: string) => void;
}): Promise<AccountsCostResult> {
  const options: AppOptions = {
    databaseUrl: o.databaseUrl,
    poolSize: 20,
    runMigrations: false,
    logger: createLogger('text', ['fatal', 'error']),
    mailer: new LogMailer(createLogger('text', ['fatal', 'error'])),
    loginRateLimitPerMinute: 100_000,
  };
  const secured = (await createApp(options)) as NestExpressApplication;
  const bare = configureApp(
    (
      await Test.createTestingModule({ imports: [AppModule.register(options)] })
        .overrideProvider(AccessGuard)
        .useClass(FixedAdminGuard)
        .overrideProvider(RequestScopeInterceptor)
        .useClass(PassThrough)
        .compile()
    ).createNestApplication<NestExpressApplication>({ logger: options.logger }),
    {},
  );
  const securedHttp = new HttpClient(await listen(secured), o.concurrency);
  const bareHttp = new HttpClient(await listen(bare), o.concurrency);
  await securedHttp.signIn(BENCH_OPERATOR.email, BENCH_OPERATOR.password);
  const totals = { secured: { n: 0, ms: 0, lat: [] as number[], errors: 0 }, bare: { n: 0, ms: 0, lat: [] as number[], errors: 0 } };
  try {
    const run = async (which: 'secured' | 'bare', durationMs: number) => {
      const http = which === 'secured' ? securedHttp : bareHttp;
      return closedLoop({
        concurrency: o.concurrency,
        warmupMs: 1000,
        durationMs,
        describeError: (e) => (e as Error).message,
        operation: async () => {
          const memberId = o.memberIds[Math.floor(Math.random() * o.memberIds.length)];
          const res = await http.request('POST', `/api/cooperatives/${o.cooperativeId}/movements/subscriptions`, {
            memberId,
            shareClassId: o.shareClassId,
            shares: 1,
            paidAmount: '20.00',
            date: o.day,
          });
          if (res.status !== 201) throw new Error(`${res.status} ${res.body.slice(0, 200)}`);
        },
      });
    };
    // Both warmed up first (compiled code, caches), then in the order A B B A A B …, so that a drift of the machine or
    // of the database over the run weighs on both alike.
    for (const which of ['secured', 'bare'] as const) await run(which, o.roundMs);
    const order = Array.from({ length: o.rounds }, (_, r) => (r % 2 === 0 ? (['secured', 'bare'] as const) : (['bare', 'secured'] as const))).flat();
    for (const [i, which] of order.entries()) {
      const r = await run(which, o.roundMs);
      totals[which].n += r.completed;
      totals[which].ms += o.roundMs;
      totals[which].lat.push(...r.latenciesMs);
      totals[which].errors += r.failed;
      o.log(`round ${i + 1}/${order.length} ${which === 'secured' ? 'with accounts   ' : 'without accounts'}: ${Math.round(r.rate)}/s`);
    }
  } finally {
    securedHttp.close();
    bareHttp.close();
    await secured.close();
    await bare.close();
  }
  const view = (t: typeof totals.secured) => ({ rate: t.n / (t.ms / 1000), latency: summarize(t.lat), errors: t.errors });
  const withAccounts = view(totals.secured);
  const withoutAccounts = view(totals.bare);
  return { withAccounts, withoutAccounts, ratio: withAccounts.rate / withoutAccounts.rate };
}

/** Sequential logins (argon2id at the service's default cost): their latency. */
export async function measureLogins(http: HttpClient, n: number): Promise<LatencySummary> {
  const latencies: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const res = await http.request('POST', '/api/auth/login', BENCH_OPERATOR);
    if (res.status !== 200) throw new Error(`login: ${res.status} ${res.body.slice(0, 200)}`);
    latencies.push(performance.now() - t0);
  }
  return summarize(latencies);
}

/** Share certificates (PDF) of random members, sequentially, through the API. */
export async function measureCertificates(http: HttpClient, cooperativeId: string, memberIds: string[], n: number): Promise<LatencySummary> {
  const latencies: number[] = [];
  for (let i = 0; i < n; i++) {
    const memberId = memberIds[Math.floor(Math.random() * memberIds.length)];
    const t0 = performance.now();
    const res = await http.request('GET', `/api/cooperatives/${cooperativeId}/members/${memberId}/certificate`);
    if (res.status !== 200) throw new Error(`certificate: ${res.status} ${res.body.slice(0, 200)}`);
    latencies.push(performance.now() - t0);
  }
  return summarize(latencies);
}
