/**
 * The ledger benchmark (issue #2): `npm run bench:ledger`.
 *
 * 1. loads a SCIC SAS with 100 000 admitted members and 1 000 000 movements (set-based SQL), verifies it, analyzes it;
 * 2. starts the real service (`node dist/apps/api/src/main.js`) on a free loopback port;
 * 3. movement writes through the HTTP API with 16 clients, next to what the database alone allows for a gapless
 *    register (counter row + insert) and for bare inserts, with 16 connections each;
 * 4. full admissions through the API (create, admit, subscribe) with 16 clients;
 * 5. GET /capital and /compliance latencies, also right after a movement;
 * 6. the register exports (members, movements) as CSV: time, line count, the service's memory;
 * 7. finding a member, GET /members?q= (member-search.ts);
 * 8. signing in (argon2id) and share certificates (PDF).
 * Every request is signed in (the bench's admin); 3b compares movement writes with and without accounts, in alternating
 * rounds of the same application in this process (accounts-cost.ts).
 * Prints a summary table (figure, target, PASS/FAIL). Exit code 0 even when a target is missed; non-zero only when the
 * benchmark itself fails (the loaded ledger does not verify, the service does not start, …).
 *
 * BENCH_DATABASE_URL=postgres://… runs on that server (a fresh database, dropped at the end); otherwise on an embedded
 * PostgreSQL in a temporary folder. Sizes and durations can be lowered for a quick try: BENCH_MEMBERS, BENCH_MOVEMENTS,
 * BENCH_WRITE_SECONDS, BENCH_ADMISSION_SECONDS, BENCH_BASELINE_SECONDS.
 */
import { existsSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { addMonths, today } from '@coop/core';
import { createBenchDatabase, freePort, type BenchDatabase } from './bench-database';
import { cleanupRegistry, count, describeLatency, finishBench, megabytes, ms, perSecond, seconds, summarize, table, type Figure } from './bench-stats';
import { closedLoop, fixedCount, type ClosedLoopResult } from './closed-loop';
import { measureAccountsCost, measureCertificates, measureLogins, createBenchAdmin } from './accounts-cost';
import { BENCH_OPERATOR, HttpClient } from './http-client';
import { analyze, loadLedger, verifyLedger } from './ledger-loader';
import { measureMemberSearch } from './member-search';
import { createBaselineTables, dropBaselineTables, runBaseline } from './pg-baseline';
import { ServiceProcess, processMemory, type ProcessMemory } from './service-process';

const env = (name: string, fallback: number) => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number (got "${raw}")`);
  return value;
};

const MEMBERS = env('BENCH_MEMBERS', 100_000);
const MOVEMENTS = env('BENCH_MOVEMENTS', 1_000_000);
const CONCURRENCY = 16;
const WRITE_MS = env('BENCH_WRITE_SECONDS', 20) * 1000;
const ADMISSION_MS = env('BENCH_ADMISSION_SECONDS', 15) * 1000;
const BASELINE_MS = env('BENCH_BASELINE_SECONDS', 10) * 1000;
const WARMUP_MS = 3000;
const READS = 200;
const ACCOUNTS_ROUNDS = env('BENCH_ACCOUNTS_ROUNDS', 3);
const ACCOUNTS_ROUND_MS = env('BENCH_ACCOUNTS_ROUND_SECONDS', 8) * 1000;
const LOGINS = 50;
const CERTIFICATES = 200;
/** GET /capital, each right after a movement */
const AFTER_WRITE_READS = 100;

const ROOT = path.resolve(__dirname, '..', '..', '..');
const started = Date.now();
const log = (m: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${m}`);
const heading = (m: string) => console.log(`\n=== ${m}`);

/** What must be undone, last first, whatever happens (also on Ctrl-C). */
const { push: cleanup, cleanUp } = cleanupRegistry('the service and the database');

const figures: Figure[] = [];
const results: Record<string, unknown> = {};

function httpErrors(r: ClosedLoopResult): string {
  return r.failed === 0 ? '0' : `${r.failed} (e.g. ${r.errors[0]})`;
}

async function main(): Promise<void> {
  if (!existsSync(path.join(ROOT, 'dist/apps/api/src/main.js'))) throw new Error('dist/apps/api/src/main.js is missing: run `npm run build` first');
  const day = today();
  const historyEnd = addDays(day, -1);
  const historyStart = addMonths(historyEnd, -12 * 10);
  console.log(
    `coop-ledger benchmark — ${os.cpus().length} CPU(s) (${os.cpus()[0]?.model ?? '?'}), ${megabytes(os.totalmem() / 1024)} RAM, Node ${process.version}`,
  );
  console.log(
    `ledger: ${count(MEMBERS)} members, ${count(MOVEMENTS)} movements from ${historyStart} to ${historyEnd}; writes dated ${day}; ${CONCURRENCY} clients`,
  );

  // ── 1. Load ──────────────────────────────────────────────────────────────────────────────────────────────────────
  heading('1. Load');
  const db: BenchDatabase = await createBenchDatabase(log);
  cleanup('database', () => db.dispose());
  console.log(`database: ${db.description}`);
  results.database = db.description;
  await printServerSettings(db.url);

  log(`loading ${count(MEMBERS)} members and ${count(MOVEMENTS)} movements (set-based SQL, triggers bypassed in the loading session)`);
  const loaded = await loadLedger(db.url, { members: MEMBERS, movements: MOVEMENTS, start: historyStart, end: historyEnd, seed: 20_251_125, log });
  log(
    `loaded in ${seconds(loaded.loadMs)}; movements by kind: ${Object.entries(loaded.generated.byKind)
      .map(([k, v]) => `${k} ${count(v)}`)
      .join(', ')}; ${count(loaded.generated.partlyPaidSubscriptions)} partly paid subscriptions`,
  );
  figures.push({
    step: '1 load',
    figure: `load ${count(MEMBERS)} members + ${count(MOVEMENTS)} movements`,
    value: seconds(loaded.loadMs),
    target: '< 120 s',
    pass: loaded.loadMs < 120_000,
  });
  results.load = { ms: Math.round(loaded.loadMs), phasesMs: loaded.phasesMs, byKind: loaded.generated.byKind };

  const verifyStarted = performance.now();
  const checks = await verifyLedger(db.url, loaded.cooperativeId, { members: MEMBERS, movements: MOVEMENTS });
  console.log(
    table(
      ['verification', 'result', 'detail'],
      checks.map((c) => [c.name, c.ok ? 'OK' : 'WRONG', c.detail]),
    ),
  );
  const verifyMs = performance.now() - verifyStarted;
  figures.push({
    step: '1 load',
    figure: 'journal, holdings and ledger_state verified',
    value: `${checks.filter((c) => c.ok).length}/${checks.length} checks (${seconds(verifyMs)})`,
    target: 'all',
    pass: checks.every((c) => c.ok),
  });
  if (!checks.every((c) => c.ok)) throw new Error('the loaded ledger does not verify: the benchmark would measure a wrong database');
  const analyzeStarted = performance.now();
  await analyze(db.url);
  log(`VACUUM ANALYZE + CHECKPOINT in ${seconds(performance.now() - analyzeStarted)}`);

  const pg = new Client({ connectionString: db.url, application_name: 'coop-ledger-bench' });
  await pg.connect();
  cleanup('bench connection', () => pg.end());
  const memberIds: string[] = (await pg.query('SELECT id FROM member WHERE cooperative_id = $1 ORDER BY member_number', [loaded.cooperativeId])).rows.map(
    (r) => r.id,
  );
  const unpaid: { id: string; cents: number }[] = (
    await pg.query(
      'SELECT member_id, ((subscribed - paid) * 100)::bigint AS cents FROM holding WHERE cooperative_id = $1 AND share_class_id = $2 AND subscribed - ' +
        'paid >= 1',
      [loaded.cooperativeId, loaded.classA],
    )
  ).rows.map((r) => ({ id: r.member_id, cents: Number(r.cents) }));

  // ── 2. The service ───────────────────────────────────────────────────────────────────────────────────────────────
  heading('2. Service');
  const port = await freePort();
  const serviceStarted = performance.now();
  const service = await ServiceProcess.start({ root: ROOT, databaseUrl: db.url, port });
  cleanup('service', () => service.stop());
  log(
    `service pid ${service.pid} healthy on http://127.0.0.1:${port} in ${seconds(performance.now() - serviceStarted)} (LOG_LEVEL=warn, MIGRATIONS_RUN=false)`,
  );
  const memoryAtStart = processMemory(service.pid);
  const http = new HttpClient(port, CONCURRENCY);
  cleanup('http agent', async () => http.close());
  await createBenchAdmin(db.url, loaded.cooperativeId);
  await http.signIn(BENCH_OPERATOR.email, BENCH_OPERATOR.password);
  log(`signed in as ${BENCH_OPERATOR.email}, admin of the loaded cooperative: every request below carries its access token`);
  const base = `/api/cooperatives/${loaded.cooperativeId}`;

  // ── 3. Movement writes ───────────────────────────────────────────────────────────────────────────────────────────
  heading(`3. Movement writes: ${CONCURRENCY} clients, ${WARMUP_MS / 1000} s warm-up + ${WRITE_MS / 1000} s`);
  let subscriptions = 0;
  let payments = 0;
  const writes = await closedLoop({
    concurrency: CONCURRENCY,
    warmupMs: WARMUP_MS,
    durationMs: WRITE_MS,
    describeError: (e) => (e as Error).message,
    operation: async () => {
      // a third are payments of 1.00 on a partly paid class A holding (reserved here, so that concurrent ones never overpay),
      // the rest subscriptions of one class B share, fully paid
      if (Math.random() < 1 / 3 && unpaid.length) {
        const i = Math.floor(Math.random() * unpaid.length);
        const h = unpaid[i];
        h.cents -= 100;
        if (h.cents < 100) unpaid.splice(i, 1);
        payments++;
        await expectStatus(
          http,
          'POST',
          `${base}/movements/payments`,
          { memberId: h.id, shareClassId: loaded.classA, amount: '1.00', date: day, reference: 'bench' },
          201,
        );
      } else {
        subscriptions++;
        const memberId = memberIds[Math.floor(Math.random() * memberIds.length)];
        await expectStatus(
          http,
          'POST',
          `${base}/movements/subscriptions`,
          { memberId, shareClassId: loaded.classB, shares: 1, paidAmount: '20.00', date: day },
          201,
        );
      }
    },
  });
  const writeLatency = summarize(writes.latenciesMs);
  log(
    `API: ${perSecond(writes.rate)} movements (${count(writes.completed)} in the window; ${count(subscriptions)} subscriptions, ${count(payments)} ` +
      `payments sent in all), ${describeLatency(writeLatency)}, errors: ${httpErrors(writes)}`,
  );

  await createBaselineTables(db.url, loaded.cooperativeId);
  cleanup('baseline tables', () => dropBaselineTables(db.url));
  const baselineOptions = { cooperativeId: loaded.cooperativeId, memberIds, concurrency: CONCURRENCY, warmupMs: 2000, durationMs: BASELINE_MS };
  const counter = await runBaseline(db.url, 'counter', baselineOptions);
  const counterLatency = summarize(counter.latenciesMs);
  log(`(a) counter row + insert: ${perSecond(counter.rate)}, ${describeLatency(counterLatency)}, errors: ${httpErrors(counter)}`);
  const insert = await runBaseline(db.url, 'insert', baselineOptions);
  const insertLatency = summarize(insert.latenciesMs);
  log(`(b) bare insert: ${perSecond(insert.rate)}, ${describeLatency(insertLatency)}, errors: ${httpErrors(insert)}`);
  const [{ gapless }] = (await pg.query(`SELECT count(*) = max(number) AND min(number) = 1 AS gapless FROM bench_journal WHERE number IS NOT NULL`)).rows;
  if (!gapless) throw new Error('baseline (a) left gaps in its numbering');
  const ratio = writes.rate / counter.rate;
  console.log(
    table(
      ['16 concurrent writers', 'rate', 'p50', 'p95', 'p99', 'errors'],
      [
        [
          'API movement (HTTP, rules, triggers)',
          perSecond(writes.rate),
          ms(writeLatency.p50),
          ms(writeLatency.p95),
          ms(writeLatency.p99),
          String(writes.failed),
        ],
        [
          '(a) BEGIN; UPDATE counter RETURNING; INSERT; COMMIT',
          perSecond(counter.rate),
          ms(counterLatency.p50),
          ms(counterLatency.p95),
          ms(counterLatency.p99),
          String(counter.failed),
        ],
        ['(b) INSERT (autocommit)', perSecond(insert.rate), ms(insertLatency.p50), ms(insertLatency.p95), ms(insertLatency.p99), String(insert.failed)],
      ],
    ),
  );
  log(`API rate = ${(ratio * 100).toFixed(1)} % of (a), ${((writes.rate / insert.rate) * 100).toFixed(1)} % of (b)`);
  figures.push({
    step: '3 writes',
    figure: 'API movements/s (16 clients)',
    value: `${perSecond(writes.rate)} (p50 ${ms(writeLatency.p50)}, p95 ${ms(writeLatency.p95)})`,
    target: '',
    pass: null,
  });
  figures.push({ step: '3 writes', figure: '(a) counter row + insert /s', value: perSecond(counter.rate), target: '', pass: null });
  figures.push({ step: '3 writes', figure: '(b) bare insert /s', value: perSecond(insert.rate), target: '', pass: null });
  figures.push({ step: '3 writes', figure: 'API rate / (a)', value: `${(ratio * 100).toFixed(1)} %`, target: '>= 50 %', pass: ratio >= 0.5 });
  figures.push({ step: '3 writes', figure: 'API write errors (non-201)', value: httpErrors(writes), target: '0', pass: writes.failed === 0 });
  results.writes = {
    api: { rate: writes.rate, ...writeLatency, errors: writes.failed, firstErrors: writes.errors },
    counter: { rate: counter.rate, ...counterLatency, errors: counter.failed },
    insert: { rate: insert.rate, ...insertLatency, errors: insert.failed },
  };

  // ── 3b. What accounts cost ───────────────────────────────────────────────────────────────────────────────────────
  heading(`3b. Movement writes with and without accounts (guard, row-level security, audit), in this process, ${ACCOUNTS_ROUNDS} rounds each`);
  const cost = await measureAccountsCost({
    databaseUrl: db.url,
    cooperativeId: loaded.cooperativeId,
    memberIds,
    shareClassId: loaded.classB,
    day,
    concurrency: CONCURRENCY,
    roundMs: ACCOUNTS_ROUND_MS,
    rounds: ACCOUNTS_ROUNDS,
    log,
  });
  console.log(
    table(
      ['variant', 'movements/s', 'p50', 'p95', 'errors'],
      [
        [
          'with accounts + RLS + audit',
          perSecond(cost.withAccounts.rate),
          ms(cost.withAccounts.latency.p50),
          ms(cost.withAccounts.latency.p95),
          String(cost.withAccounts.errors),
        ],
        [
          'without',
          perSecond(cost.withoutAccounts.rate),
          ms(cost.withoutAccounts.latency.p50),
          ms(cost.withoutAccounts.latency.p95),
          String(cost.withoutAccounts.errors),
        ],
      ],
    ),
  );
  results.accounts_cost = cost;
  figures.push({
    step: '3b accounts',
    figure: 'writes with accounts / without',
    value: `${(cost.ratio * 100).toFixed(1)} % (${perSecond(cost.withAccounts.rate)} vs ${perSecond(cost.withoutAccounts.rate)})`,
    target: '>= 80 %',
    pass: cost.ratio >= 0.8,
  });

  // ── 4. Admissions ────────────────────────────────────────────────────────────────────────────────────────────────
  heading(`4. Admissions: create → admit → subscribe, ${CONCURRENCY} clients, 2 s warm-up + ${ADMISSION_MS / 1000} s`);
  let candidate = 0;
  const admissions = await closedLoop({
    concurrency: CONCURRENCY,
    warmupMs: 2000,
    durationMs: ADMISSION_MS,
    describeError: (e) => (e as Error).message,
    operation: async () => {
      const n = ++candidate;
      const member = await http.json<{ id: string }>(
        'POST',
        `${base}/members`,
        {
          personType: 'NATURAL',
          firstName: 'Candidate',
          lastName: `Bench ${n}`,
          email: `candidate.${n}@example.org`,
          categoryId: loaded.categories.BENEFICIARY,
          collegeId: loaded.colleges[1],
          appliedOn: day,
        },
        201,
      );
      await expectStatus(http, 'POST', `${base}/members/${member.id}/admission`, { decisionRef: `CA-${day}`, decisionDate: day, effectiveDate: day }, 201);
      // two class A shares, the statutory quarter paid at once, the balance due by default
      await expectStatus(
        http,
        'POST',
        `${base}/movements/subscriptions`,
        { memberId: member.id, shareClassId: loaded.classA, shares: 2, paidAmount: '50.00', date: day },
        201,
      );
    },
  });
  const admissionLatency = summarize(admissions.latenciesMs);
  log(
    `${perSecond(admissions.rate)} members admitted (${count(admissions.completed)} in the window, 3 requests each), per member ` +
      `${describeLatency(admissionLatency)}, errors: ${httpErrors(admissions)}`,
  );
  figures.push({
    step: '4 admissions',
    figure: 'members/s (create+admit+subscribe)',
    value: `${perSecond(admissions.rate)} (p95 ${ms(admissionLatency.p95)})`,
    target: '>= 100/s',
    pass: admissions.rate >= 100,
  });
  figures.push({ step: '4 admissions', figure: 'admission errors', value: httpErrors(admissions), target: '0', pass: admissions.failed === 0 });
  results.admissions = { rate: admissions.rate, ...admissionLatency, errors: admissions.failed, firstErrors: admissions.errors };

  // ── 5. Capital and compliance ────────────────────────────────────────────────────────────────────────────────────
  heading(`5. GET /capital and /compliance: ${READS} sequential, then ${READS} with 4 clients, each`);
  const [{ admitted }] = (
    await pg.query(`SELECT count(*)::int AS admitted FROM member WHERE cooperative_id = $1 AND status = 'ADMITTED'`, [loaded.cooperativeId])
  ).rows;
  const capital = await http.json<{ members: number; subscribed: string; overdue: string }>('GET', `${base}/capital`, undefined, 200);
  const compliance = await http.json<{ compliant: boolean; warnings: string[]; errors: string[] }>('GET', `${base}/compliance`, undefined, 200);
  log(
    `capital: ${capital.subscribed} subscribed, ${capital.overdue} overdue, ${count(capital.members)} members; compliance: ` +
      `${compliance.compliant ? 'compliant' : 'NOT compliant'} ` +
      `(warnings: ${compliance.warnings.join(', ') || 'none'}; errors: ${compliance.errors.join(', ') || 'none'})`,
  );
  if (capital.members !== admitted) throw new Error(`GET /capital counts ${capital.members} members, the database ${admitted}`);
  const reads: [string, string][] = [
    ['capital', `${base}/capital`],
    ['compliance', `${base}/compliance`],
  ];
  const readRows: string[][] = [];
  for (const [name, url] of reads) {
    for (let i = 0; i < 10; i++) await expectStatus(http, 'GET', url, undefined, 200); // warm-up
    for (const concurrency of [1, 4]) {
      const latencies = await fixedCount(READS, concurrency, () => expectStatus(http, 'GET', url, undefined, 200));
      const s = summarize(latencies);
      readRows.push([`GET /${name}`, String(concurrency), ms(s.p50), ms(s.p95), ms(s.max)]);
      results[`${name}_c${concurrency}`] = s;
      figures.push({
        step: '5 reads',
        figure: `GET /${name} ${concurrency === 1 ? 'sequential' : `${concurrency} clients`}`,
        value: `p50 ${ms(s.p50)}, p95 ${ms(s.p95)}, max ${ms(s.max)}`,
        target: concurrency === 1 ? 'p95 < 20 ms' : '',
        pass: concurrency === 1 ? s.p95 < 20 : null,
      });
    }
  }
  // The same right after a movement (what an admin screen does after recording one): nothing an earlier request read
  // can serve it. Every other movement is a payment, which changes what is unpaid and so the overdue amount.
  const afterWrite: number[] = [];
  for (let i = 0; i < AFTER_WRITE_READS; i++) {
    if (i % 2 === 0 && unpaid.length) {
      const h = unpaid.splice(Math.floor(Math.random() * unpaid.length), 1)[0];
      await expectStatus(
        http,
        'POST',
        `${base}/movements/payments`,
        { memberId: h.id, shareClassId: loaded.classA, amount: '1.00', date: day, reference: 'bench' },
        201,
      );
    } else {
      const memberId = memberIds[Math.floor(Math.random() * memberIds.length)];
      await expectStatus(
        http,
        'POST',
        `${base}/movements/subscriptions`,
        { memberId, shareClassId: loaded.classB, shares: 1, paidAmount: '20.00', date: day },
        201,
      );
    }
    const t0 = performance.now();
    await expectStatus(http, 'GET', `${base}/capital`, undefined, 200);
    afterWrite.push(performance.now() - t0);
  }
  const afterWriteSummary = summarize(afterWrite);
  readRows.push(['GET /capital right after a movement', '1', ms(afterWriteSummary.p50), ms(afterWriteSummary.p95), ms(afterWriteSummary.max)]);
  results.capital_after_write = afterWriteSummary;
  figures.push({
    step: '5 reads',
    figure: `GET /capital right after a movement (${AFTER_WRITE_READS}, half after a payment)`,
    value: `p50 ${ms(afterWriteSummary.p50)}, p95 ${ms(afterWriteSummary.p95)}, max ${ms(afterWriteSummary.max)}`,
    target: 'p95 < 20 ms',
    pass: afterWriteSummary.p95 < 20,
  });
  console.log(table(['request', 'clients', 'p50', 'p95', 'max'], readRows));

  // ── 6. Register exports ──────────────────────────────────────────────────────────────────────────────────────────
  heading('6. Register exports (CSV)');
  const [{ members: expectedMembers, movements: expectedMovements }] = (
    await pg.query(
      `SELECT (SELECT count(*)::int FROM member WHERE cooperative_id = $1 AND admission_effective_date <= $2) AS members,
              (SELECT count(*)::int FROM movement WHERE cooperative_id = $1 AND effective_date <= $2) AS movements`,
      [loaded.cooperativeId, day],
    )
  ).rows;
  const before = processMemory(service.pid);
  log(
    `service memory before the exports: RSS ${megabytes(before.rssKb)}, peak so far ${megabytes(before.hwmKb)} (at start: RSS ` +
      `${megabytes(memoryAtStart.rssKb)})`,
  );
  const exportRows: string[][] = [];
  let exportPeakRss = 0;
  for (const [name, url, expected, target] of [
    ['members', `${base}/register/members?format=csv`, expectedMembers as number, 5000],
    ['movements', `${base}/register?format=csv`, expectedMovements as number, null],
  ] as const) {
    const sampler = sampleMemory(service.pid);
    const t0 = performance.now();
    const res = await http.stream(url);
    const took = performance.now() - t0;
    const peak = sampler.stop();
    exportPeakRss = Math.max(exportPeakRss, peak);
    if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${res.head}`);
    const records = res.lines - 1; // the header
    const linesOk = records === expected;
    log(
      `${name}: ${count(records)} records (${megabytes(res.bytes / 1024)}) in ${seconds(took)} — ${perSecond(records / (took / 1000))} rows; service ` +
        `RSS peak during it ${megabytes(peak)}`,
    );
    exportRows.push([name, count(records), count(expected), megabytes(res.bytes / 1024), seconds(took), megabytes(peak)]);
    figures.push({
      step: '6 exports',
      figure: `${name} register CSV`,
      value: `${seconds(took)} (${count(records)} rows)`,
      target: target ? `< ${target / 1000} s` : '',
      pass: target ? took < target : null,
    });
    figures.push({
      step: '6 exports',
      figure: `${name} register line count`,
      value: `${count(records)} / ${count(expected)}`,
      target: '= database',
      pass: linesOk,
    });
    results[`export_${name}`] = { ms: took, records, expected, bytes: res.bytes, peakRssKb: peak };
  }
  const after = processMemory(service.pid);
  console.log(table(['export', 'records', 'expected', 'size', 'time', 'service RSS peak'], exportRows));
  log(`service memory after the exports: RSS ${megabytes(after.rssKb)}, peak (VmHWM, whole run) ${megabytes(after.hwmKb)}`);
  figures.push({
    step: '6 exports',
    figure: 'service peak memory (VmHWM)',
    value: `${megabytes(after.hwmKb)} (RSS ${megabytes(before.rssKb)} before, ${megabytes(after.rssKb)} after)`,
    target: '< 300 MB',
    pass: after.hwmKb < 300 * 1024,
  });
  results.memory = { atStart: memoryAtStart, before, after, exportPeakRssKb: exportPeakRss } satisfies Record<string, ProcessMemory | number>;

  // ── 7. Member search ─────────────────────────────────────────────────────────────────────────────────────────────
  heading('7. Finding a member: GET /members?q=, sequential');
  const memberSearch = await measureMemberSearch(http, pg, loaded.cooperativeId);
  figures.push(...memberSearch.figures);
  results.member_search = memberSearch.results;

  // ── 8. Sign-in and certificates ──────────────────────────────────────────────────────────────────────────────────
  heading(`8. Sign-in (argon2id, the service's default cost) and share certificates (PDF), ${LOGINS} and ${CERTIFICATES} sequential`);
  const logins = await measureLogins(http, LOGINS);
  await http.signIn(BENCH_OPERATOR.email, BENCH_OPERATOR.password);
  const certificates = await measureCertificates(http, loaded.cooperativeId, memberIds, CERTIFICATES);
  results.logins = logins;
  results.certificates = certificates;
  log(`login ${describeLatency(logins)}; certificate ${describeLatency(certificates)}`);
  figures.push({
    step: '8 accounts',
    figure: 'POST /api/auth/login',
    value: `p50 ${ms(logins.p50)}, p95 ${ms(logins.p95)}`,
    target: 'p95 50-100 ms',
    pass: logins.p95 >= 50 && logins.p95 <= 100,
  });
  figures.push({
    step: '8 accounts',
    figure: 'GET …/members/:id/certificate (PDF)',
    value: `p50 ${ms(certificates.p50)}, p95 ${ms(certificates.p95)}`,
    target: 'p95 < 50 ms',
    pass: certificates.p95 < 50,
  });

  if (!service.isRunning()) throw new Error(`the service stopped during the benchmark:\n${service.recentOutput()}`);
  const warnings = service.recentOutput();
  if (warnings) console.log(`\nthe service printed (LOG_LEVEL=warn):\n${warnings}`);
}

async function expectStatus(http: HttpClient, method: string, url: string, body: unknown, expected: number): Promise<void> {
  const res = await http.request(method, url, body);
  if (res.status !== expected) throw new Error(`${method} ${url.replace(/^\/api\/cooperatives\/[^/]+/, '…')}: ${res.status} ${res.body.slice(0, 200)}`);
}

/** Samples the process's RSS every 50 ms; returns the highest seen (kB). */
function sampleMemory(pid: number): { stop: () => number } {
  let peak = processMemory(pid).rssKb;
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, processMemory(pid).rssKb);
    } catch {
      /* the process is gone: the export will fail and say so */
    }
  }, 50);
  return {
    stop: () => {
      clearInterval(timer);
      return Math.max(peak, processMemory(pid).rssKb);
    },
  };
}

async function printServerSettings(url: string): Promise<void> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query(
      `SELECT name, setting, unit FROM pg_settings
       WHERE name IN ('shared_buffers', 'synchronous_commit', 'fsync', 'max_connections', 'wal_level', 'max_wal_size') ORDER BY name`,
    );
    console.log(`server settings: ${rows.map((r) => `${r.name}=${r.setting}${r.unit ? ` ${r.unit}` : ''}`).join(', ')}`);
  } finally {
    await c.end();
  }
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

finishBench(main(), { name: 'ledger', root: ROOT, started, figures, cleanUp, results: () => ({ results, members: MEMBERS, movements: MOVEMENTS }) });
