/**
 * The Odoo sync benchmark: `npm run bench:odoo`.
 *
 * Method
 * - PostgreSQL: an embedded one in a temporary folder on a free loopback port, or a fresh database on the server of
 *   BENCH_DATABASE_URL (loopback only), dropped at the end; schema from the migrations (bench-database.ts).
 * - The API: the application of main.ts (createApp: same modules, pipes, filters), in this process, listening on
 *   127.0.0.1 only, with an ODOO_SECRET_KEY (the connection's secret is stored encrypted, as in production).
 * - Odoo: the fake Odoo of the tests (test/support/fake-odoo, version 16, contacts only), real XML-RPC over HTTP on
 *   127.0.0.1, running in this process; one fake per cooperative. Its counters (every XML-RPC call, per model.method,
 *   and HTTP requests) are reset before each run and read after it: the call figures are what Odoo received.
 * - Each sync run is a child process of its own (test/bench/odoo-sync-child.ts) doing what the worker does: the same
 *   application context (createWorkerContext: no HTTP, pool of 5), the production gateway factory, `OdooSyncService.run`. Wall time and CPU time
 *   are measured around `run()` in that process (the Nest start is reported apart); the run itself reports the time at
 *   least one Odoo call was in flight and the rest ("outside Odoo": the ledger's own work that the pipelining did not
 *   hide behind Odoo's). The memory figure is that process's peak RSS, VmHWM from /proc/self/status at the end.
 * What the figures mean for a real Odoo: the fake answers a 500-partner `load` in a fraction of the time a real Odoo 16
 * takes (1.4 s, engineering notes), so the figures that carry over are the calls (what Odoo is asked) and the time the
 * sync spends outside Odoo calls per 500 members, to keep under 70 ms (5 % of that 1.4 s).
 * 1. Cooperative A (a SCIC made through the API: 4 categories, 3 colleges) gets BENCH_ODOO_MEMBERS (10 000) admitted
 *    members by one set-based INSERT (member numbers from the cooperative's counter under the ledger lock; the member
 *    table's trigger writes each one's outbox event), then its Odoo connection (PUT …/odoo/connection), which queues a
 *    FIRST_SYNC event per member.
 * 2. First sync of A, batches of 500: calls per 500 members (target: at most 1 load per 500, plus a fixed handful per
 *    run), time outside Odoo calls per 500 members (target < 70 ms), the sync process's CPU per 500 members, wall time,
 *    peak memory (target < 300 MB). Checked: one partner per member in the fake (by ref), one external id each, every
 *    member SYNCED, no pending event.
 * 3. The "one member per call" baseline, for comparison only: cooperative B, the same kind of members, as many
 *    (BENCH_ODOO_BASELINE_MEMBERS lowers it), its own fresh fake Odoo, `run` with batchSize 1.
 * 4. Re-sync of A with no change: target 0 load, 0 write, 0 create.
 * 5. 100 members of A changed through the API (PATCH …/members/:id, city and email), spread over the numbers; re-sync:
 *    target exactly 100 rows in one load call, 0 create, no new partner; those 100 partners carry the new values.
 * 6. Every member of A changed (one SQL UPDATE; the trigger queues each): re-sync of 10 000 updates, the same targets
 *    as the first sync (calls per 500, time outside Odoo per 500), no new partner.
 * Prints a summary table (figure, target, PASS/FAIL) and saves it in .bench/. Exit code 0 even when a target is missed;
 * 1 only when the benchmark itself fails (a run fails, data does not check, a process does not start).
 *
 * Other knobs: BENCH_ODOO_RUN_TIMEOUT_SECONDS (900: a run taking longer is killed, the bench fails),
 * BENCH_SYNC_NODE_ARGS (node options of the sync processes, e.g. "--cpu-prof --cpu-prof-dir=.bench" to profile them).
 */
import { existsSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FakeOdooServer } from '../support/fake-odoo';
import type { INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { createLogger } from '@coop/bootstrap';
import { createApp } from '../../apps/api/src/app-factory';
import { createBenchDatabase, type BenchDatabase } from './bench-database';
import { cleanupRegistry, count, finishBench, megabytes, perSecond, seconds, type Figure } from './bench-stats';
import { BENCH_OPERATOR, HttpClient } from './http-client';
import { UsersService } from '@coop/auth';
import { LogMailer } from '@coop/mail';
import { changeEveryMember, createCooperativeThroughApi, insertAdmittedMembers, memberCheck, spreadMembers, type BenchCooperative } from './odoo-members';
import { killSyncProcesses, runSyncProcess, type SyncProcessReport } from './odoo-sync-process';

const env = (name: string, fallback: number) => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer (got "${raw}")`);
  return value;
};

const MEMBERS = env('BENCH_ODOO_MEMBERS', 10_000);
const BASELINE_MEMBERS = Math.min(env('BENCH_ODOO_BASELINE_MEMBERS', MEMBERS), MEMBERS);
const CHANGED = Math.min(100, MEMBERS);
const BATCH = 500;
/** Calls a run makes besides its loads, whatever the number of members (authenticate, version, modules, tags…). */
const FIXED_CALLS = 12;
const OUTSIDE_ODOO_TARGET_MS = 70;
const MEMORY_TARGET_KB = 300 * 1024;
const RUN_TIMEOUT_MS = env('BENCH_ODOO_RUN_TIMEOUT_SECONDS', 900) * 1000;
const SECRET_KEY = 'coop-ledger odoo bench secret key (not a real one)';
const ODOO_LOGIN = { login: 'admin', secret: 'admin' };

const ROOT = path.resolve(__dirname, '..', '..', '..');
const started = Date.now();
const log = (m: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${m}`);
const heading = (m: string) => console.log(`\n=== ${m}`);

/** What must be undone, last first, whatever happens (also on Ctrl-C). */
const { push: cleanup, cleanUp } = cleanupRegistry('the sync process, the fake Odoo servers, the API and the database');

const figures: Figure[] = [];
const results: Record<string, unknown> = {};

/** Calls the fake received, per model.method, as "res.partner.create 20, ir.model.data.create 20, …". */
function callBreakdown(fake: FakeOdooServer): string {
  return [...fake.calls.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
}

function callsOf(fake: FakeOdooServer) {
  return {
    total: fake.totalCalls,
    httpRequests: fake.httpRequests,
    partnerCreate: fake.callCount('res.partner', 'create'),
    partnerWrite: fake.callCount('res.partner', 'write'),
    partnerLoad: fake.callCount('res.partner', 'load'),
    xidCreate: fake.callCount('ir.model.data', 'create'),
    byMethod: Object.fromEntries(fake.calls),
  };
}

function progressPrinter(label: string) {
  let lastPhase = '';
  let lastPrinted = -1;
  let lastAt = 0;
  return (p: { phase: string; done: number; total: number; calls: number }) => {
    const now = Date.now();
    if (p.phase !== lastPhase || (p.phase === 'syncing' && p.done !== lastPrinted && (now - lastAt > 2000 || p.done === p.total))) {
      log(`  ${label}: ${p.phase} ${count(p.done)}/${count(p.total)}, ${p.calls} calls so far`);
      lastPhase = p.phase;
      lastPrinted = p.done;
      lastAt = now;
    }
  };
}

function describeRun(r: SyncProcessReport): string {
  const s = r.stats;
  return (
    `${r.status} in ${seconds(r.wallMs)} (process pid ${r.pid}, Nest start ${seconds(r.bootMs)} not counted): pending ${count(s.pending)}, ` +
    `created ${count(s.created)}, updated ${count(s.updated)}, recreated ${s.recreated}, unchanged ${s.unchanged}, skipped ${s.skipped}, failed ${s.failed}; ` +
    `engine's own call count ${s.calls}; memory: RSS ${megabytes(r.atReady.rssKb)} after start, ${megabytes(r.atEnd.rssKb)} at the end, ` +
    `peak (VmHWM) ${megabytes(r.atEnd.hwmKb)}, sampled peak ${megabytes(r.sampledPeakRssKb)}, heap ${megabytes(r.atEnd.heapUsedKb)}`
  );
}

/** Where the run's wall time went: inside gateway calls (per model.method), and the rest (database, mapping). */
function timeSplit(r: SyncProcessReport & { fakeCpuMs: number }): string {
  const entries = Object.entries(r.odoo).sort((a, b) => b[1].ms - a[1].ms);
  const parts = entries.slice(0, 6).map(([k, v]) => `${k} ${v.calls}× ${seconds(v.ms)}`);
  return (
    `Odoo calls in flight ${seconds(r.stats.odooMs)} of ${seconds(r.wallMs)} (${parts.join(', ')}${entries.length > 6 ? ', …' : ''}); outside them ` +
    `${seconds(r.stats.outsideOdooMs)}; ` +
    `the sync process's CPU ${seconds(r.cpuMs)}; the fake Odoo's own CPU meanwhile ${seconds(r.fakeCpuMs)}`
  );
}

/** The figures of a run of `members` members against its targets: calls per 500, time outside Odoo per 500. */
function runFigures(step: string, r: SyncProcessReport, calls: ReturnType<typeof callsOf>, members: number): Figure[] {
  const per500 = members / BATCH;
  const batches = Math.ceil(per500);
  const outsidePer500 = r.stats.outsideOdooMs / per500;
  return [
    {
      step,
      figure: `calls for ${count(members)} members (load calls)`,
      value:
        `${calls.total} (${calls.partnerLoad} loads, ${calls.partnerCreate} creates, ${calls.partnerWrite} writes): ` +
        `${(calls.total / per500).toFixed(2)} per 500, loads ${(calls.partnerLoad / per500).toFixed(2)} per 500`,
      target: `loads <= 1 per 500; all <= ${batches} + ${FIXED_CALLS}`,
      pass: calls.partnerLoad <= batches && calls.total <= batches + FIXED_CALLS && calls.partnerCreate === 0 && calls.partnerWrite === 0,
    },
    {
      step,
      figure: 'time outside Odoo calls, per 500 members',
      value: `${outsidePer500.toFixed(1)} ms (${seconds(r.stats.outsideOdooMs)} of ${seconds(r.wallMs)})`,
      target: `< ${OUTSIDE_ODOO_TARGET_MS} ms`,
      pass: outsidePer500 < OUTSIDE_ODOO_TARGET_MS,
    },
    { step, figure: 'sync process CPU per 500 members', value: `${(r.cpuMs / per500).toFixed(1)} ms`, target: '', pass: null },
    {
      step,
      figure: 'wall time / rate (against the fake)',
      value: `${seconds(r.wallMs)}, ${perSecond(members / (r.wallMs / 1000))} members`,
      target: '',
      pass: null,
    },
  ];
}

function expectRun(r: SyncProcessReport, label: string): void {
  if (r.status !== 'SUCCEEDED') throw new Error(`${label}: the run ended ${r.status}: ${r.error ?? ''} (stats ${JSON.stringify(r.stats)})`);
}

async function main(): Promise<void> {
  for (const f of ['dist/test/bench/odoo-sync-child.js']) {
    if (!existsSync(path.join(ROOT, f))) throw new Error(`${f} is missing: run \`npm run build\` first`);
  }
  console.log(
    `coop-ledger Odoo sync benchmark — ${os.cpus().length} CPU(s) (${os.cpus()[0]?.model ?? '?'}), ${megabytes(os.totalmem() / 1024)} RAM, Node ` +
      `${process.version}`,
  );
  console.log(
    `${count(MEMBERS)} members (batches of ${BATCH}); baseline "one call per member" (batchSize 1) on ${count(BASELINE_MEMBERS)} members; re-sync ` +
      `with ${CHANGED} changed members`,
  );

  // ── 1. Setup ─────────────────────────────────────────────────────────────────────────────────────────────────────
  heading('1. Setup');
  const db: BenchDatabase = await createBenchDatabase(log);
  cleanup('database', () => db.dispose());
  console.log(`database: ${db.description}`);
  results.database = db.description;

  const app: INestApplication = await createApp({
    databaseUrl: db.url,
    poolSize: 8,
    runMigrations: false,
    logger: createLogger('text', ['fatal', 'error', 'warn']),
    odoo: { env: { ODOO_SECRET_KEY: SECRET_KEY } },
    mailer: new LogMailer(createLogger('text', ['fatal', 'error'])),
  });
  cleanup('API', () => app.close());
  await app.listen(0, '127.0.0.1');
  const port = (app.getHttpServer().address() as AddressInfo).port;
  log(`API (createApp, in this process) on http://127.0.0.1:${port}`);
  const http = new HttpClient(port, 8);
  cleanup('http agent', async () => http.close());
  await app.get(UsersService).ensureUser({ email: BENCH_OPERATOR.email, password: BENCH_OPERATOR.password, operator: true });
  await http.signIn(BENCH_OPERATOR.email, BENCH_OPERATOR.password);

  const fakeA = await FakeOdooServer.start({ version: 16 });
  cleanup('fake Odoo A', () => fakeA.close());
  const fakeB = await FakeOdooServer.start({ version: 16 });
  cleanup('fake Odoo B', () => fakeB.close());
  cleanup('sync processes', async () => killSyncProcesses()); // first to go, if the bench stops early
  log(`fake Odoo 16 A on ${fakeA.url} (cooperative A), B on ${fakeB.url} (baseline cooperative B), in this process (pid ${process.pid})`);
  const partnersBefore = { a: fakeA.recordCount('res.partner'), b: fakeB.recordCount('res.partner') };

  /** A cooperative through the API, `n` members by SQL, then its Odoo connection; checked. */
  async function prepare(label: string, fake: FakeOdooServer, n: number): Promise<BenchCooperative> {
    const coop = await createCooperativeThroughApi(http, `SCIC bench Odoo ${label}`);
    const inserted = await insertAdmittedMembers(db.url, coop, n);
    log(
      `cooperative ${label} ${coop.cooperativeId}: ${count(n)} admitted members inserted in ${seconds(inserted.ms)} (numbers ` +
        `${inserted.firstNumber}..${inserted.lastNumber})`,
    );
    const connection = await http.json<{ secret: string }>(
      'PUT',
      `/api/cooperatives/${coop.cooperativeId}/odoo/connection`,
      { url: fake.url, database: fake.database, ...ODOO_LOGIN },
      200,
    );
    const check = await memberCheck(db.url, coop.cooperativeId);
    log(
      `  ${label}: ${count(check.admitted)} admitted, numbers 1..${check.highestNumber} (${count(check.distinctNumbers)} distinct), ` +
        `last_member_number ${check.lastMemberNumber}; ` +
        `outbox: ${count(check.pendingEvents)} pending events for ${count(check.pendingMembers)} members; secret ${connection.secret}`,
    );
    if (check.admitted !== n || check.highestNumber !== n || check.distinctNumbers !== n || check.lastMemberNumber !== n) {
      throw new Error(`cooperative ${label}: the members do not check: ${JSON.stringify(check)}`);
    }
    if (check.pendingMembers !== n || check.pendingEvents !== 2 * n)
      throw new Error(`cooperative ${label}: expected ${n} members with 2 events each (CREATED, FIRST_SYNC) pending: ${JSON.stringify(check)}`);
    const api = await http.json<{ items: { memberNumber: number; status: string }[] }>(
      'GET',
      `/api/cooperatives/${coop.cooperativeId}/members?limit=1`,
      undefined,
      200,
    );
    if (api.items[0]?.memberNumber !== 1 || api.items[0]?.status !== 'ADMITTED')
      throw new Error(`cooperative ${label}: the API does not show member 1 as admitted`);
    return coop;
  }

  const coopA = await prepare('A', fakeA, MEMBERS);
  const coopB = await prepare('B', fakeB, BASELINE_MEMBERS);

  /** One run in a child process; `fakeCpuMs`: this process's CPU time meanwhile, i.e. the fake Odoo's work. */
  const sync = async (coop: BenchCooperative, label: string, batchSize?: number) => {
    const cpu = process.cpuUsage();
    const report = await runSyncProcess({
      root: ROOT,
      databaseUrl: db.url,
      secretKey: SECRET_KEY,
      cooperativeId: coop.cooperativeId,
      batchSize,
      timeoutMs: RUN_TIMEOUT_MS,
      onProgress: progressPrinter(label),
    });
    const used = process.cpuUsage(cpu);
    return { ...report, fakeCpuMs: (used.user + used.system) / 1000 };
  };

  /** What Odoo holds for a cooperative: partners by ref, external ids, and the sync states the API reports. */
  async function checkMirror(label: string, coop: BenchCooperative, fake: FakeOdooServer, n: number, partnersBeforeSync: number): Promise<void> {
    const refs = new Set(fake.find('res.partner', (p) => typeof p.ref === 'string').map((p) => p.ref as string));
    const partners = fake.recordCount('res.partner') - partnersBeforeSync;
    const xids = fake.find('ir.model.data', (r) => r.module === 'coop_ledger' && r.model === 'res.partner').length;
    const states = await http.json<Record<string, number>>('GET', `/api/cooperatives/${coop.cooperativeId}/odoo/sync-states`, undefined, 200);
    const check = await memberCheck(db.url, coop.cooperativeId);
    let missing = 0;
    for (let i = 1; i <= n; i++) if (!refs.has(String(i))) missing++;
    log(
      `  ${label} in Odoo: ${count(partners)} new partners, ${missing} member numbers without a partner, ${count(xids)} external ids; sync states ` +
        `${JSON.stringify(states)}; ${check.pendingEvents} pending events`,
    );
    if (partners !== n || missing !== 0 || xids !== n || states.SYNCED !== n || Object.keys(states).length !== 1 || check.pendingEvents !== 0) {
      throw new Error(`cooperative ${label}: Odoo does not mirror the ledger after the first sync`);
    }
  }

  // ── 2. First sync of A ───────────────────────────────────────────────────────────────────────────────────────────
  heading(`2. First sync of ${count(MEMBERS)} members (batches of ${BATCH}), in a process of its own`);
  fakeA.resetCounters();
  const first = await sync(coopA, 'A first sync');
  const firstCalls = callsOf(fakeA);
  log(describeRun(first));
  log(timeSplit(first));
  log(`Odoo received ${firstCalls.total} XML-RPC calls (${firstCalls.httpRequests} HTTP requests): ${callBreakdown(fakeA)}`);
  expectRun(first, 'first sync');
  if (first.stats.created !== MEMBERS) throw new Error(`first sync: ${first.stats.created} created instead of ${MEMBERS}`);
  await checkMirror('A', coopA, fakeA, MEMBERS, partnersBefore.a);
  figures.push(...runFigures('2 first sync (creates)', first, firstCalls, MEMBERS));
  figures.push({
    step: '2 first sync (creates)',
    figure: 'sync process peak RSS (VmHWM)',
    value: `${megabytes(first.atEnd.hwmKb)} (RSS ${megabytes(first.atReady.rssKb)} after start; sampled peak ${megabytes(first.sampledPeakRssKb)})`,
    target: '< 300 MB',
    pass: first.atEnd.hwmKb < MEMORY_TARGET_KB,
  });
  results.firstSync = { report: first, calls: firstCalls };

  // ── 3. Baseline: one member per call ─────────────────────────────────────────────────────────────────────────────
  heading(`3. For comparison: batchSize 1 on ${count(BASELINE_MEMBERS)} members of cooperative B, its own fresh fake Odoo`);
  fakeB.resetCounters();
  const base = await sync(coopB, 'B one per call', 1);
  const baseCalls = callsOf(fakeB);
  log(describeRun(base));
  log(timeSplit(base));
  log(`Odoo received ${baseCalls.total} XML-RPC calls (${baseCalls.httpRequests} HTTP requests): ${callBreakdown(fakeB)}`);
  expectRun(base, 'baseline');
  if (base.stats.created !== BASELINE_MEMBERS) throw new Error(`baseline: ${base.stats.created} created instead of ${BASELINE_MEMBERS}`);
  await checkMirror('B', coopB, fakeB, BASELINE_MEMBERS, partnersBefore.b);
  const baseRate = BASELINE_MEMBERS / (base.wallMs / 1000);
  const firstRate = MEMBERS / (first.wallMs / 1000);
  figures.push({
    step: '3 one per call',
    figure: `batchSize 1 on ${count(BASELINE_MEMBERS)} members`,
    value:
      `${baseCalls.total} calls (${baseCalls.partnerLoad} loads), ${seconds(base.wallMs)}, ${perSecond(baseRate)} members; batched ` +
      `${(firstRate / baseRate).toFixed(1)}× faster against the fake`,
    target: '',
    pass: null,
  });
  results.baseline = { report: base, calls: baseCalls, membersPerSecond: baseRate, members: BASELINE_MEMBERS };

  // ── 4. Re-sync, nothing changed ──────────────────────────────────────────────────────────────────────────────────
  heading('4. Re-sync of A with no change');
  fakeA.resetCounters();
  const idle = await sync(coopA, 'A idle re-sync');
  const idleCalls = callsOf(fakeA);
  log(describeRun(idle));
  log(`Odoo received ${idleCalls.total} XML-RPC calls: ${callBreakdown(fakeA)}`);
  expectRun(idle, 'idle re-sync');
  figures.push({
    step: '4 idle re-sync',
    figure: 'res.partner loads (writes, creates)',
    value: `${idleCalls.partnerLoad} (${idleCalls.partnerWrite}, ${idleCalls.partnerCreate}); ${idleCalls.total} calls in all, ${seconds(idle.wallMs)}`,
    target: '0 (0, 0)',
    pass: idleCalls.partnerLoad === 0 && idleCalls.partnerWrite === 0 && idleCalls.partnerCreate === 0,
  });
  results.idleResync = { report: idle, calls: idleCalls };

  // ── 5. Re-sync after 100 changes ─────────────────────────────────────────────────────────────────────────────────
  heading(`5. ${CHANGED} members of A changed through the API (PATCH city and email), then re-sync`);
  const changed = await spreadMembers(db.url, coopA.cooperativeId, CHANGED);
  const patchStarted = performance.now();
  const newValues = new Map(changed.map((m) => [String(m.number), { city: `Villeurbanne ${m.number}`, email: `changed.${m.number}@example.org` }]));
  for (let i = 0; i < changed.length; i += 8) {
    await Promise.all(
      changed.slice(i, i + 8).map((m) => http.json('PATCH', `/api/cooperatives/${coopA.cooperativeId}/members/${m.id}`, newValues.get(String(m.number)), 200)),
    );
  }
  const afterPatch = await memberCheck(db.url, coopA.cooperativeId);
  log(
    `${CHANGED} PATCH requests in ${seconds(performance.now() - patchStarted)}; outbox: ${afterPatch.pendingEvents} pending events for ` +
      `${afterPatch.pendingMembers} members`,
  );
  if (afterPatch.pendingMembers !== CHANGED) throw new Error(`expected ${CHANGED} members with pending changes, found ${afterPatch.pendingMembers}`);
  const partnersBeforeResync = fakeA.recordCount('res.partner');
  fakeA.resetCounters();
  const resync = await sync(coopA, 'A re-sync');
  const resyncCalls = callsOf(fakeA);
  log(describeRun(resync));
  log(timeSplit(resync));
  log(`Odoo received ${resyncCalls.total} XML-RPC calls: ${callBreakdown(fakeA)}`);
  expectRun(resync, 're-sync');
  const loadedRows = fakeA.log
    .filter((e) => e.model === 'res.partner' && e.odooMethod === 'load')
    .reduce((n, e) => n + ((e.args?.[1] as unknown[] | undefined)?.length ?? 0), 0);
  let carrying = 0;
  for (const p of fakeA.find('res.partner', (r) => typeof r.ref === 'string' && newValues.has(r.ref as string))) {
    const want = newValues.get(p.ref as string)!;
    if (p.city === want.city && p.email === want.email) carrying++;
  }
  log(
    `  ${carrying}/${CHANGED} changed partners carry the new city and email in Odoo; ${loadedRows} rows loaded; partners ${partnersBeforeResync} → ` +
      `${fakeA.recordCount('res.partner')}`,
  );
  figures.push({
    step: `5 re-sync of ${CHANGED} changes`,
    figure: 'calls writing partners, rows sent',
    value:
      `${resyncCalls.partnerLoad} load (${loadedRows} rows), ${resyncCalls.partnerWrite} writes, ${resyncCalls.partnerCreate} creates; ` +
      `${resyncCalls.total} calls in all`,
    target: `1 load of ${CHANGED} rows, 0 writes, 0 creates`,
    pass: resyncCalls.partnerLoad === 1 && loadedRows === CHANGED && resyncCalls.partnerWrite === 0 && resyncCalls.partnerCreate === 0,
  });
  figures.push({
    step: `5 re-sync of ${CHANGED} changes`,
    figure: 'changed partners updated in Odoo',
    value: `${carrying}/${CHANGED} (partners ${partnersBeforeResync} → ${fakeA.recordCount('res.partner')})`,
    target: `${CHANGED}/${CHANGED}, no new partner`,
    pass: carrying === CHANGED && fakeA.recordCount('res.partner') === partnersBeforeResync,
  });
  results.resync = { report: resync, calls: resyncCalls, carrying };

  // ── 6. Re-sync after every member changed ────────────────────────────────────────────────────────────────────────
  heading(`6. Every member of A changed (one SQL UPDATE of the city), then re-sync of ${count(MEMBERS)} updates`);
  const all = await changeEveryMember(db.url, coopA.cooperativeId);
  if (all !== MEMBERS) throw new Error(`changed ${all} members instead of ${MEMBERS}`);
  fakeA.resetCounters();
  const updates = await sync(coopA, 'A updates');
  const updateCalls = callsOf(fakeA);
  log(describeRun(updates));
  log(timeSplit(updates));
  log(`Odoo received ${updateCalls.total} XML-RPC calls: ${callBreakdown(fakeA)}`);
  expectRun(updates, 'updates');
  if (updates.stats.updated !== MEMBERS) throw new Error(`updates: ${updates.stats.updated} updated instead of ${MEMBERS}`);
  if (fakeA.recordCount('res.partner') !== partnersBeforeResync) throw new Error('updates: new partners appeared');
  const changedCities = fakeA.find('res.partner', (r) => typeof r.city === 'string' && (r.city as string).endsWith(' (changed)')).length;
  if (changedCities !== MEMBERS) throw new Error(`updates: ${changedCities} partners carry the new city instead of ${MEMBERS}`);
  figures.push(...runFigures(`6 re-sync of ${count(MEMBERS)} updates`, updates, updateCalls, MEMBERS));
  results.updates = { report: updates, calls: updateCalls };
}

finishBench(main(), { name: 'odoo', root: ROOT, started, figures, cleanUp, results: () => ({ results, members: MEMBERS, baselineMembers: BASELINE_MEMBERS }) });
