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
 *   application (createApp, pool of 5), the production gateway factory, `OdooSyncService.run`. Wall time is measured
 *   around `run()` in that process (the Nest start is reported apart); the memory figure is that process's peak RSS,
 *   VmHWM from its /proc/self/status at the end of the run (cross-checked by sampling its VmRSS every 50 ms from here).
 * 1. Cooperative A (a SCIC made through the API: 4 categories, 3 colleges) gets BENCH_ODOO_MEMBERS (10 000) admitted
 *    members by one set-based INSERT (member numbers from the cooperative's counter under the ledger lock; the member
 *    table's trigger writes each one's outbox event), then its Odoo connection (PUT …/odoo/connection), which queues a
 *    FIRST_SYNC event per member.
 * 2. First sync of A, batches of 500 (the default): calls in all and per 500 members (target ≤ 3 per 500, i.e. ≤ 60
 *    for 10 000), wall time, members/s, the worker's peak memory (target < 300 MB). Checked: one partner per member in
 *    the fake (by ref), one external id each, every member SYNCED, no pending event.
 * 3. The "one call per member" baseline: cooperative B, the same kind of members (same generator),
 *    as many (BENCH_ODOO_BASELINE_MEMBERS lowers it; about 20 s for 10 000 here), its own fresh fake Odoo, `run` with
 *    batchSize 1 (one res.partner create and one ir.model.data create per member). Compared by rate, members/s:
 *    target A ≥ 20 × B.
 *    The fake Odoo's own CPU time during each run (this process's process.cpuUsage(): meanwhile it only serves the
 *    fakes, the API being idle) is reported per member: a batched run's wall time cannot go below it (the calls are
 *    sequential), which bounds the speed-up this fake allows.
 * 4. Re-sync of A with no change: target 0 res.partner write (and 0 create).
 * 5. 100 members of A changed through the API (PATCH …/members/:id, city and email), spread over the numbers; re-sync:
 *    target exactly 100 res.partner writes, 0 res.partner create, 0 ir.model.data create; checked in the fake that those
 *    100 partners carry the new values and that there are still as many partners.
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
import { createApp, createLogger } from '../../apps/api/src/app-factory';
import { createBenchDatabase, type BenchDatabase } from './bench-database';
import { cleanupRegistry, count, finishBench, megabytes, perSecond, seconds, table, type Figure } from './bench-stats';
import { HttpClient } from './http-client';
import { createCooperativeThroughApi, insertAdmittedMembers, memberCheck, spreadMembers, type BenchCooperative } from './odoo-members';
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
const MAX_CALLS_PER_BATCH = 3;
const SPEEDUP_TARGET = 20;
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
    `created ${count(s.created)}, updated ${count(s.updated)}, adopted ${s.adopted}, unchanged ${s.unchanged}, skipped ${s.skipped}, failed ${s.failed}; ` +
    `engine's own call count ${s.calls}; memory: RSS ${megabytes(r.atReady.rssKb)} after start, ${megabytes(r.atEnd.rssKb)} at the end, ` +
    `peak (VmHWM) ${megabytes(r.atEnd.hwmKb)}, sampled peak ${megabytes(r.sampledPeakRssKb)}, heap ${megabytes(r.atEnd.heapUsedKb)}`
  );
}

/** Where the run's wall time went: inside gateway calls (per model.method), and the rest (database, mapping). */
function timeSplit(r: SyncProcessReport & { fakeCpuMs: number }): string {
  const entries = Object.entries(r.odoo).sort((a, b) => b[1].ms - a[1].ms);
  const inOdoo = entries.reduce((sum, [, v]) => sum + v.ms, 0);
  const parts = entries.slice(0, 6).map(([k, v]) => `${k} ${v.calls}× ${seconds(v.ms)}`);
  return `time in Odoo calls ${seconds(inOdoo)} of ${seconds(r.wallMs)} (${parts.join(', ')}${entries.length > 6 ? ', …' : ''}); outside them (database, mapping) ${seconds(r.wallMs - inOdoo)}; the fake Odoo's own CPU meanwhile ${seconds(r.fakeCpuMs)}`;
}

function expectRun(r: SyncProcessReport, label: string): void {
  if (r.status !== 'SUCCEEDED') throw new Error(`${label}: the run ended ${r.status}: ${r.error ?? ''} (stats ${JSON.stringify(r.stats)})`);
}

async function main(): Promise<void> {
  for (const f of ['dist/test/bench/odoo-sync-child.js']) {
    if (!existsSync(path.join(ROOT, f))) throw new Error(`${f} is missing: run \`npm run build\` first`);
  }
  console.log(`coop-ledger Odoo sync benchmark — ${os.cpus().length} CPU(s) (${os.cpus()[0]?.model ?? '?'}), ${megabytes(os.totalmem() / 1024)} RAM, Node ${process.version}`);
  console.log(
    `${count(MEMBERS)} members (batches of ${BATCH}); baseline "one call per member" (batchSize 1) on ${count(BASELINE_MEMBERS)} members; re-sync with ${CHANGED} changed members`,
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
  });
  cleanup('API', () => app.close());
  await app.listen(0, '127.0.0.1');
  const port = (app.getHttpServer().address() as AddressInfo).port;
  log(`API (createApp, in this process) on http://127.0.0.1:${port}`);
  const http = new HttpClient(port, 8);
  cleanup('http agent', async () => http.close());

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
    log(`cooperative ${label} ${coop.cooperativeId}: ${count(n)} admitted members inserted in ${seconds(inserted.ms)} (numbers ${inserted.firstNumber}..${inserted.lastNumber})`);
    const connection = await http.json<{ secret: string }>(
      'PUT',
      `/api/cooperatives/${coop.cooperativeId}/odoo/connection`,
      { url: fake.url, database: fake.database, ...ODOO_LOGIN },
      200,
    );
    const check = await memberCheck(db.url, coop.cooperativeId);
    log(
      `  ${label}: ${count(check.admitted)} admitted, numbers 1..${check.highestNumber} (${count(check.distinctNumbers)} distinct), last_member_number ${check.lastMemberNumber}; ` +
        `outbox: ${count(check.pendingEvents)} pending events for ${count(check.pendingMembers)} members; secret ${connection.secret}`,
    );
    if (check.admitted !== n || check.highestNumber !== n || check.distinctNumbers !== n || check.lastMemberNumber !== n) {
      throw new Error(`cooperative ${label}: the members do not check: ${JSON.stringify(check)}`);
    }
    if (check.pendingMembers !== n || check.pendingEvents !== 2 * n) throw new Error(`cooperative ${label}: expected ${n} members with 2 events each (CREATED, FIRST_SYNC) pending: ${JSON.stringify(check)}`);
    const api = await http.json<{ items: { memberNumber: number; status: string }[] }>('GET', `/api/cooperatives/${coop.cooperativeId}/members?limit=1`, undefined, 200);
    if (api.items[0]?.memberNumber !== 1 || api.items[0]?.status !== 'ADMITTED') throw new Error(`cooperative ${label}: the API does not show member 1 as admitted`);
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
    log(`  ${label} in Odoo: ${count(partners)} new partners, ${missing} member numbers without a partner, ${count(xids)} external ids; sync states ${JSON.stringify(states)}; ${check.pendingEvents} pending events`);
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
  const batches = MEMBERS / BATCH;
  const callsPer500 = firstCalls.total / batches;
  const firstRate = MEMBERS / (first.wallMs / 1000);
  const maxCalls = Math.ceil(batches * MAX_CALLS_PER_BATCH);
  figures.push({
    step: '2 first sync',
    figure: `XML-RPC calls for ${count(MEMBERS)} members`,
    value: `${firstCalls.total} (engine counted ${first.stats.calls}; ${firstCalls.partnerCreate} partner creates, ${firstCalls.xidCreate} external-id creates)`,
    target: `<= ${maxCalls}`,
    pass: firstCalls.total <= maxCalls,
  });
  figures.push({ step: '2 first sync', figure: 'calls per 500 members', value: callsPer500.toFixed(2), target: `<= ${MAX_CALLS_PER_BATCH}`, pass: callsPer500 <= MAX_CALLS_PER_BATCH });
  figures.push({ step: '2 first sync', figure: 'wall time / rate', value: `${seconds(first.wallMs)}, ${perSecond(firstRate)} members`, target: '', pass: null });
  figures.push({
    step: '2 first sync',
    figure: 'sync process peak RSS (VmHWM)',
    value: `${megabytes(first.atEnd.hwmKb)} (RSS ${megabytes(first.atReady.rssKb)} after start; sampled peak ${megabytes(first.sampledPeakRssKb)})`,
    target: '< 300 MB',
    pass: first.atEnd.hwmKb < MEMORY_TARGET_KB,
  });
  results.firstSync = { report: first, calls: firstCalls, callsPer500, membersPerSecond: firstRate };

  // ── 3. Baseline: one member per call ─────────────────────────────────────────────────────────────────────────────
  heading(`3. Baseline: batchSize 1 on ${count(BASELINE_MEMBERS)} members of cooperative B, its own fresh fake Odoo`);
  if (BASELINE_MEMBERS < MEMBERS) {
    console.log(`(measured on ${count(BASELINE_MEMBERS)} members, not ${count(MEMBERS)} (BENCH_ODOO_BASELINE_MEMBERS); the two are compared by rate, members/s)`);
  }
  fakeB.resetCounters();
  const base = await sync(coopB, 'B baseline', 1);
  const baseCalls = callsOf(fakeB);
  log(describeRun(base));
  log(timeSplit(base));
  log(`Odoo received ${baseCalls.total} XML-RPC calls (${baseCalls.httpRequests} HTTP requests): ${callBreakdown(fakeB)}`);
  expectRun(base, 'baseline');
  if (base.stats.created !== BASELINE_MEMBERS) throw new Error(`baseline: ${base.stats.created} created instead of ${BASELINE_MEMBERS}`);
  await checkMirror('B', coopB, fakeB, BASELINE_MEMBERS, partnersBefore.b);
  const baseRate = BASELINE_MEMBERS / (base.wallMs / 1000);
  const speedup = firstRate / baseRate;
  const msPerMember = { batched: first.wallMs / MEMBERS, baseline: base.wallMs / BASELINE_MEMBERS, fakeBatched: first.fakeCpuMs / MEMBERS, fakeBaseline: base.fakeCpuMs / BASELINE_MEMBERS };
  const ceiling = msPerMember.baseline / msPerMember.fakeBatched;
  console.log(
    table(
      ['first sync', 'members', 'batch', 'calls', 'calls/member', 'wall time', 'members/s', 'ms/member', 'fake Odoo CPU ms/member', 'peak RSS'],
      [
        ['A batched', count(MEMBERS), String(BATCH), String(firstCalls.total), (firstCalls.total / MEMBERS).toFixed(4), seconds(first.wallMs), perSecond(firstRate),
          msPerMember.batched.toFixed(3), msPerMember.fakeBatched.toFixed(3), megabytes(first.atEnd.hwmKb)],
        ['B one per call', count(BASELINE_MEMBERS), '1', String(baseCalls.total), (baseCalls.total / BASELINE_MEMBERS).toFixed(4), seconds(base.wallMs), perSecond(baseRate),
          msPerMember.baseline.toFixed(3), msPerMember.fakeBaseline.toFixed(3), megabytes(base.atEnd.hwmKb)],
      ],
    ),
  );
  figures.push({
    step: '3 baseline',
    figure: `batchSize 1 on ${count(BASELINE_MEMBERS)} members`,
    value: `${baseCalls.total} calls (${baseCalls.partnerCreate} partner creates, ${baseCalls.xidCreate} external-id creates), ${seconds(base.wallMs)}, ${perSecond(baseRate)} members`,
    target: '',
    pass: null,
  });
  log(
    `the fake Odoo spends ${msPerMember.fakeBatched.toFixed(3)} ms of CPU per member in batches (parsing the XML of the creates, mostly), which a batched run cannot go below: ` +
      `against ${msPerMember.baseline.toFixed(3)} ms per member one per call, no batched run can be more than ${ceiling.toFixed(1)}× faster with this fake`,
  );
  figures.push({ step: '3 baseline', figure: 'batched rate / one-per-call rate', value: `${speedup.toFixed(1)}×`, target: `>= ${SPEEDUP_TARGET}×`, pass: speedup >= SPEEDUP_TARGET });
  figures.push({
    step: '3 baseline',
    figure: "ceiling set by the fake's CPU per member",
    value: `${ceiling.toFixed(1)}× (fake CPU ${msPerMember.fakeBatched.toFixed(3)} ms/member batched, ${msPerMember.fakeBaseline.toFixed(3)} one per call)`,
    target: '',
    pass: null,
  });
  results.baseline = { report: base, calls: baseCalls, membersPerSecond: baseRate, members: BASELINE_MEMBERS, speedup, msPerMember, ceiling };

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
    figure: 'res.partner writes (creates)',
    value: `${idleCalls.partnerWrite} (${idleCalls.partnerCreate}); ${idleCalls.total} calls in all, ${seconds(idle.wallMs)}`,
    target: '0 (0)',
    pass: idleCalls.partnerWrite === 0 && idleCalls.partnerCreate === 0,
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
  log(`${CHANGED} PATCH requests in ${seconds(performance.now() - patchStarted)} (members numbered ${changed[0].number}…${changed[changed.length - 1].number}); outbox: ${afterPatch.pendingEvents} pending events for ${afterPatch.pendingMembers} members`);
  if (afterPatch.pendingMembers !== CHANGED) throw new Error(`expected ${CHANGED} members with pending changes, found ${afterPatch.pendingMembers}`);
  const partnersBeforeResync = fakeA.recordCount('res.partner');
  fakeA.resetCounters();
  const resync = await sync(coopA, 'A re-sync');
  const resyncCalls = callsOf(fakeA);
  log(describeRun(resync));
  log(timeSplit(resync));
  log(`Odoo received ${resyncCalls.total} XML-RPC calls: ${callBreakdown(fakeA)}`);
  expectRun(resync, 're-sync');
  const written = new Set(fakeA.log.filter((e) => e.model === 'res.partner' && e.odooMethod === 'write').map((e) => (e.args?.[0] as number[] | undefined)?.join(',')));
  let carrying = 0;
  for (const p of fakeA.find('res.partner', (r) => typeof r.ref === 'string' && newValues.has(r.ref as string))) {
    const want = newValues.get(p.ref as string)!;
    if (p.city === want.city && p.email === want.email) carrying++;
  }
  log(`  ${carrying}/${CHANGED} changed partners carry the new city and email in Odoo; ${written.size} distinct partners written; partners ${partnersBeforeResync} → ${fakeA.recordCount('res.partner')}`);
  const exact = resyncCalls.partnerWrite === CHANGED && resyncCalls.partnerCreate === 0 && resyncCalls.xidCreate === 0;
  figures.push({
    step: '5 re-sync',
    figure: `res.partner writes after ${CHANGED} changes`,
    value: `${resyncCalls.partnerWrite} writes, ${resyncCalls.partnerCreate} creates, ${resyncCalls.xidCreate} external-id creates`,
    target: `${CHANGED} writes, 0 creates`,
    pass: exact,
  });
  figures.push({
    step: '5 re-sync',
    figure: 'changed partners updated in Odoo',
    value: `${carrying}/${CHANGED} (${written.size} distinct partners written, partners ${partnersBeforeResync} → ${fakeA.recordCount('res.partner')})`,
    target: `${CHANGED}/${CHANGED}, no new partner`,
    pass: carrying === CHANGED && written.size === CHANGED && fakeA.recordCount('res.partner') === partnersBeforeResync,
  });
  figures.push({ step: '5 re-sync', figure: 'calls / wall time', value: `${resyncCalls.total} calls, ${seconds(resync.wallMs)}`, target: '', pass: null });
  results.resync = { report: resync, calls: resyncCalls, carrying };

}

finishBench(main(), { name: 'odoo', root: ROOT, started, figures, cleanUp, results: () => ({ results, members: MEMBERS, baselineMembers: BASELINE_MEMBERS }) });
