import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError } from '@coop/core';
import { runInTenant } from '@coop/database';
import type { CooperativeView } from '@coop/ledger';
import type { DemoEvent } from '../scenario/demo-events';
import { DEMO_CATEGORIES, DEMO_COLLEGES, DEMO_COOPERATIVE, DEMO_NAME, DEMO_SHARE_CLASSES } from '../scenario/demo-setup';
import { buildScenario, type DemoScenario } from '../scenario/scenario';
import { ensureDemoAccounts } from './demo-accounts';
import { DEMO_OPERATOR, demoContext, DemoApi, type RequestBodyCheck } from './demo-api';
import { demoProgress, stepKind } from './demo-progress';
import { countsOf, everyPage, isMismatch, readRecord, resumePoint, setupIds, type DemoSetupIds, type ResumePoint } from './demo-record';
import { DemoReplay, type DemoSetup } from './demo-replay';
import { formatEuros } from './demo-summary';

export interface DemoLoadProgress {
  /** Steps recorded so far, the set-up's included (the cooperative, each category, the colleges, each share class). */
  steps: number;
  /** Movements in the demo's journal. */
  movements: number;
}

export interface DemoLoadOptions {
  /** Progress lines: the set-up, one line per year, where an interrupted load is taken up. */
  out: (line: string) => void;
  /** Load even when the database holds other cooperatives (`seed:demo`); a first start loads only into an empty one. */
  besideOtherCooperatives: boolean;
  /** Called once each step is recorded; a test makes the load fail there to interrupt it. */
  afterStep?: (progress: DemoLoadProgress) => void | Promise<void>;
  /** The default is the demo's (fixed seed). */
  scenario?: DemoScenario;
}

export type DemoLoadResult =
  /** `takenUpAfter`: the steps an interrupted load had recorded (0: a new cooperative). */
  | { outcome: 'loaded'; cooperativeId: string; takenUpAfter: number }
  | { outcome: 'complete'; cooperativeId: string }
  /** A first start on a database that holds cooperatives and no demo: someone's data, not a newcomer's. */
  | { outcome: 'not-empty' }
  /** Something named like the demo that is not an interrupted demo, left as it is. */
  | { outcome: 'skipped'; reason: string };

/** Keyed like the application's other advisory locks (the Odoo sync's, the redemption queue's): a name hashed. */
const DEMO_LOCK = 'coop-ledger:demo-load';

/**
 * Loads the demo cooperative, all of it, or completes it when an earlier load was interrupted.
 *
 * Why it resumes rather than starting over: a load is 1 462 steps through the ledger's services, each its own
 * transaction, and the journal is append-only (the database refuses to delete a movement), so a half demo cannot be
 * removed, and one transaction around the whole load would need services that take part in a caller's transaction.
 * Instead the state is the marker: the steps are made in a fixed order, one after the other, so what an interruption
 * leaves is always the scenario's first steps. Reading what the cooperative holds tells how many (demoProgress), each
 * of those steps is matched with its record (resumePoint: the same members, the same movements in the journal's
 * order), and the load goes on from the next step. Whatever stopped it, the next load ends with the whole demo, equal
 * to one made in one go. A cooperative with the demo's name whose data is not such a prefix is left alone.
 *
 * One load at a time per database (a session advisory lock): two processes starting together on a fresh database
 * would both load the demo.
 */
export async function loadDemo(app: INestApplicationContext, check: RequestBodyCheck, options: DemoLoadOptions): Promise<DemoLoadResult> {
  const scenario = options.scenario ?? buildScenario();
  return withDemoLock(app.get(DataSource), async () => {
    const api = new DemoApi(app, check);
    const cooperatives = await everyPage((cursor) => api.cooperatives.list(DEMO_OPERATOR, 500, cursor));
    const named = cooperatives.filter((c) => c.name === DEMO_NAME);
    if (named.length > 1) return { outcome: 'skipped', reason: `${named.length} cooperatives are named "${DEMO_NAME}"` };
    if (!named.length && cooperatives.length && !options.besideOtherCooperatives) return { outcome: 'not-empty' };
    // Each cooperative's load in its tenant scope (row-level security): the demo reaches no other cooperative's rows.
    return named.length ? runInTenant(named[0].id, () => takeUp(api, scenario, named[0], options)) : loadNew(api, scenario, options);
  });
}

/**
 * The first start (SEED_DEMO): the demo into an empty database, or the rest of it when the first start was
 * interrupted while loading it. Any other database is left as it is.
 */
export async function loadDemoAtFirstStart(app: INestApplicationContext, check: RequestBodyCheck, log: (line: string) => void): Promise<void> {
  const result = await loadDemo(app, check, { out: log, besideOtherCooperatives: false });
  if (result.outcome === 'loaded') log(`the demo cooperative ${result.cooperativeId} is loaded`);
  if (result.outcome === 'skipped') log(`demo not loaded: ${result.reason}`);
  if (result.outcome === 'loaded' || result.outcome === 'complete') for (const line of await ensureDemoAccounts(app, result.cooperativeId)) log(line);
}

async function withDemoLock<T>(db: DataSource, work: () => Promise<T>): Promise<T> {
  const session = db.createQueryRunner();
  await session.connect();
  try {
    await session.query('SELECT pg_advisory_lock(hashtext($1))', [DEMO_LOCK]);
    return await work();
  } finally {
    // Closing the session releases the lock too (a stop or a crash mid-load): the unlock is only for a pooled connection.
    await session.query('SELECT pg_advisory_unlock(hashtext($1))', [DEMO_LOCK]).catch(() => undefined);
    await session.release().catch(() => undefined);
  }
}

/** Where a load starts: the cooperative, the set-up found, the steps already recorded and what later steps refer to. */
interface LoadPlan {
  cooperativeId: string;
  ids: DemoSetupIds;
  done: number;
  from: ResumePoint;
  steps: StepCounter;
  /** The steps an interrupted load had recorded; 0 for a new cooperative. */
  takenUpAfter: number;
}

async function loadNew(api: DemoApi, scenario: DemoScenario, options: DemoLoadOptions): Promise<DemoLoadResult> {
  options.out(`loading the demo cooperative "${DEMO_NAME}" (SEED_DEMO=false to skip it at start)`);
  const coop = await api.createCooperative(DEMO_COOPERATIVE);
  const steps = new StepCounter(0, 0, options.afterStep);
  await steps.recorded(false);
  const ids: DemoSetupIds = { categories: {}, colleges: {}, shareClasses: {} };
  const from: ResumePoint = { memberIds: new Map(), movementIds: new Map() };
  return runInTenant(coop.id, () => run(api, scenario, { cooperativeId: coop.id, ids, done: 0, from, steps, takenUpAfter: 0 }, options));
}

async function takeUp(api: DemoApi, scenario: DemoScenario, coop: CooperativeView, options: DemoLoadOptions): Promise<DemoLoadResult> {
  const notTheDemo = (reason: string): DemoLoadResult => ({
    outcome: 'skipped',
    reason: `the cooperative ${coop.id} named "${DEMO_NAME}" is not the demo's: ${reason}`,
  });
  if (coop.legalKind !== DEMO_COOPERATIVE.legalKind) return notTheDemo(`it is a ${coop.legalKind}`);
  const record = await readRecord(api, coop.id);
  const progress = demoProgress(scenario.events, countsOf(record));
  // Every step is there: whatever people added since (members, categories…) is theirs, and nothing is to be done.
  if (!isMismatch(progress) && progress.done === scenario.events.length) return { outcome: 'complete', cooperativeId: coop.id };
  if (isMismatch(progress)) return notTheDemo(progress.mismatch);
  const ids = setupIds(record);
  if (isMismatch(ids)) return notTheDemo(ids.mismatch);
  const setupSteps = Object.keys(ids.categories).length + (record.colleges.length ? 1 : 0) + Object.keys(ids.shareClasses).length;
  const allSetupSteps = DEMO_CATEGORIES.length + 1 + DEMO_SHARE_CLASSES.length;
  if (setupSteps < allSetupSteps && progress.done > 0) return notTheDemo('it has members but not the whole set-up');
  const from = resumePoint(scenario, record, progress.done);
  if (isMismatch(from)) return notTheDemo(from.mismatch);
  const takenUpAfter = 1 + setupSteps + progress.done;
  options.out(`taking up the demo cooperative ${coop.id} where its load stopped: after ${takenUpAfter} of ${1 + allSetupSteps + scenario.events.length} steps`);
  const steps = new StepCounter(takenUpAfter, record.movements.length, options.afterStep);
  return run(api, scenario, { cooperativeId: coop.id, ids, done: progress.done, from, steps, takenUpAfter }, options);
}

/** Counts the steps as they are recorded and tells `afterStep`. */
class StepCounter {
  constructor(
    private steps: number,
    private movements: number,
    private readonly afterStep?: (progress: DemoLoadProgress) => void | Promise<void>,
  ) {}

  async recorded(movement: boolean): Promise<void> {
    this.steps++;
    if (movement) this.movements++;
    await this.afterStep?.({ steps: this.steps, movements: this.movements });
  }
}

/** The set-up's missing parts, in the demo's order, then the scenario's steps from the first one not recorded, in date order. */
async function run(api: DemoApi, scenario: DemoScenario, plan: LoadPlan, options: DemoLoadOptions): Promise<DemoLoadResult> {
  const { cooperativeId, done, steps } = plan;
  const setup = await completeSetup(api, cooperativeId, plan.ids, steps);
  if (!plan.takenUpAfter) {
    options.out(
      `created the cooperative ${cooperativeId}: ${DEMO_CATEGORIES.length} categories, ${DEMO_COLLEGES.length} colleges, ${DEMO_SHARE_CLASSES.length} ` +
        `share classes`,
    );
  }
  const replay = new DemoReplay(api, cooperativeId, scenario, setup, plan.from);
  const events = scenario.events;
  let year = events[done]?.date.slice(0, 4);
  let tally = newTally();
  for (let i = done; i < events.length; i++) {
    const event = events[i];
    if (event.date.slice(0, 4) !== year) {
      options.out(await yearLine(api, cooperativeId, year, tally));
      year = event.date.slice(0, 4);
      tally = newTally();
    }
    try {
      await replay.apply(event);
    } catch (e) {
      const what = e instanceof DomainError ? `${e.code}: ${e.message}` : String(e);
      throw new Error(`step ${i + 1} of ${events.length} (${replay.describe(event)}) failed: ${what}`, { cause: e });
    }
    count(tally, event);
    await steps.recorded(stepKind(event) === 'movements');
  }
  if (done < events.length) options.out(await yearLine(api, cooperativeId, year, tally));
  return { outcome: 'loaded', cooperativeId, takenUpAfter: plan.takenUpAfter };
}

async function completeSetup(api: DemoApi, cooperativeId: string, ids: DemoSetupIds, steps: StepCounter): Promise<DemoSetup> {
  const categories = { ...ids.categories };
  for (const { key, name, kind, description } of DEMO_CATEGORIES) {
    if (categories[key]) continue;
    categories[key] = (await api.createCategory(cooperativeId, { name, kind, description })).id;
    await steps.recorded(false);
  }
  const colleges = { ...ids.colleges };
  if (!Object.keys(colleges).length) {
    const created = await api.replaceColleges(cooperativeId, { colleges: DEMO_COLLEGES.map(({ name, weight }) => ({ name, weight })) });
    for (const { key, name } of DEMO_COLLEGES) colleges[key] = created.find((c) => c.name === name)!.id;
    await steps.recorded(false);
  }
  const shareClasses = { ...ids.shareClasses };
  for (const { code, name, nominalValue, minPerMember, eligible } of DEMO_SHARE_CLASSES) {
    if (shareClasses[code]) continue;
    shareClasses[code] = (
      await api.createShareClass(cooperativeId, { code, name, nominalValue, minPerMember, eligibleCategoryIds: eligible.map((k) => categories[k]!) })
    ).id;
    await steps.recorded(false);
  }
  return { categories, colleges, shareClasses } as DemoSetup;
}

interface Tally {
  applications: number;
  admissions: number;
  exits: number;
  movements: number;
}

const newTally = (): Tally => ({ applications: 0, admissions: 0, exits: 0, movements: 0 });

function count(t: Tally, e: DemoEvent): void {
  if (e.type === 'application') t.applications++;
  else if (e.type === 'admission') t.admissions++;
  else if (e.type === 'exit') t.exits++;
  else if (e.type !== 'loss-statement') t.movements++;
}

async function yearLine(api: DemoApi, cooperativeId: string, year: string | undefined, t: Tally): Promise<string> {
  const capital = await api.capital.capital(demoContext(cooperativeId));
  const cols = [
    `${t.admissions} admissions`.padEnd(15),
    `${t.exits} exits`.padEnd(9),
    `${t.movements} movements`.padEnd(14),
    `capital ${formatEuros(capital.subscribed)} (paid ${formatEuros(capital.paid)})`,
  ];
  return `${year}  ${cols.join(' ')}`;
}
