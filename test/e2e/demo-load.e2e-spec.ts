import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createLogger } from '@coop/bootstrap';
import {
  DEMO_ACCOUNTS,
  buildScenario,
  DEMO_NAME,
  DEMO_OPERATOR,
  demoContext,
  DemoApi,
  identityKey,
  loadDemo,
  loadDemoAtFirstStart,
  readRecord,
  stepKind,
  type DemoLoadProgress,
} from '@coop/demo';
import { CooperativesService } from '@coop/ledger';
import { apiRequestBodies } from '../../apps/api/src/request-bodies';
import { createDemoContext } from '../../apps/demo/src/demo.module';
import { createScratchDatabase, type ScratchDatabase } from '../support/scratch-database';

const scenario = buildScenario();
const MOVEMENTS = scenario.events.filter((e) => stepKind(e) === 'movements').length;
/** A fixed date after the history, so that the comparison holds whatever day the test runs. */
const AFTER_HISTORY = '2026-01-31';

/** A process on a database of its own: the demo's context (database and ledger), as `seed:demo` has it. */
async function processOn(db: ScratchDatabase): Promise<INestApplicationContext> {
  return createDemoContext({ url: db.url, poolSize: 5, runMigrations: false }, createLogger('json', ['fatal']));
}

/** A load that stops with the error a crash would leave it with, once `stop` says so. */
const interruptedWhen = (stop: (p: DemoLoadProgress) => boolean) => (p: DemoLoadProgress) => {
  if (stop(p)) throw new Error(`interrupted after ${p.steps} steps, ${p.movements} movements`);
};

async function demoCooperative(app: INestApplicationContext): Promise<string[]> {
  return (await app.get(CooperativesService).list(DEMO_OPERATOR, 100)).items.filter((c) => c.name === DEMO_NAME).map((c) => c.id);
}

/**
 * Everything the API shows of the demo cooperative, with what differs between two loads (ids, times) replaced by what
 * it stands for: members by who they are, movements by their rank in the journal, classes by code.
 */
async function snapshot(app: INestApplicationContext, cooperativeId: string) {
  const api = new DemoApi(app, apiRequestBodies());
  const r = await readRecord(api, cooperativeId);
  const names = new Map<string, string>([...r.categories, ...r.colleges, ...r.shareClasses].map((x) => [x.id, 'code' in x ? x.code : x.name]));
  const person = new Map(r.members.map((m) => [m.id, identityKey(m, m.appliedOn)]));
  const rank = new Map(r.movements.map((m) => [m.id, m.number]));
  return {
    setup: {
      categories: r.categories.map(({ name, kind, description }) => ({ name, kind, description })),
      colleges: r.colleges.map(({ name, weight, position }) => ({ name, weight, position })),
      shareClasses: r.shareClasses.map(({ id: _, createdAt: __, ...s }) => ({ ...s, eligibleCategoryIds: undefined })),
    },
    members: r.members
      .map(({ id: _, createdAt: __, updatedAt: ___, categoryId, collegeId, ...m }) => ({
        ...m,
        category: names.get(categoryId),
        college: names.get(collegeId ?? ''),
      }))
      .sort((a, b) => identityKey(a, a.appliedOn).localeCompare(identityKey(b, b.appliedOn))),
    movements: r.movements.map(({ id: _, recordedAt: __, memberId, counterpartyMemberId, shareClassId, reversesMovementId, ...m }) => ({
      ...m,
      member: person.get(memberId),
      counterparty: counterpartyMemberId && person.get(counterpartyMemberId),
      shareClass: names.get(shareClassId),
      reverses: reversesMovementId && rank.get(reversesMovementId),
    })),
    lossStatements: (await api.lossStatements.list(demoContext(cooperativeId))).map(({ fiscalYearEnd, losses, statutoryReserves, reference }) => ({
      fiscalYearEnd,
      losses,
      statutoryReserves,
      reference,
    })),
    capital: await api.capital.capital(demoContext(cooperativeId), AFTER_HISTORY),
    compliance: await api.capital.compliance(demoContext(cooperativeId), AFTER_HISTORY),
  };
}

/**
 * The demo of the first start is all or nothing: a load stopped at any step (here by a failing hook after a given step,
 * as a crash or Ctrl-C would stop it) is completed by the next start, equal to a load made in one go.
 */
describe('loading the demo cooperative', () => {
  const dbs: ScratchDatabase[] = [];
  const apps: INestApplicationContext[] = [];
  /** The demo loaded in one go, by the first test: what an interrupted and completed load must equal. */
  let reference: Awaited<ReturnType<typeof snapshot>>;

  async function open(label: string) {
    const db = await createScratchDatabase(label);
    dbs.push(db);
    const app = await processOn(db);
    apps.push(app);
    return { db, app };
  }

  afterAll(async () => {
    for (const app of apps) await app.close();
    for (const db of dbs) await db.drop();
  });

  it('a first start loads it whole into an empty database, one process at a time; the next start finds it complete', async () => {
    const { db, app } = await open('demo_whole');
    const other = await processOn(db); // a second process starting at the same moment
    apps.push(other);
    const outcomes = await Promise.all([app, other].map((a) => loadDemo(a, apiRequestBodies(), { out: () => undefined, besideOtherCooperatives: false })));
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(['complete', 'loaded']);
    const [id] = await demoCooperative(app);
    expect(await demoCooperative(app)).toEqual([id]);

    reference = await snapshot(app, id);
    expect(reference.members).toHaveLength(scenario.people.length);
    expect(reference.movements).toHaveLength(MOVEMENTS);
    expect(reference.movements.map((m) => m.number)).toEqual(Array.from({ length: MOVEMENTS }, (_, i) => i + 1));
    expect(reference.compliance.compliant).toBe(true);

    // What people add to the demo afterwards is theirs: the next starts find it complete and load nothing; they print
    // the demo accounts again (one per role, the member bound to member no. 1).
    await new DemoApi(app, apiRequestBodies()).createCategory(id, { name: 'Bénévoles', kind: 'VOLUNTEER' });
    const lines: string[] = [];
    await loadDemoAtFirstStart(app, apiRequestBodies(), (line) => lines.push(line));
    expect(lines).toEqual([
      'demo accounts (demo database only; the passwords are public):',
      ...DEMO_ACCOUNTS.map((a) => expect.stringContaining(`${a.email} / ${a.password}`)),
    ]);
    const roles = await app.get(DataSource).query(
      `SELECT u.email, r.role, m.member_number FROM user_role r JOIN app_user u ON u.id = r.user_id LEFT JOIN member m ON m.id = r.member_id
          WHERE r.cooperative_id = $1 ORDER BY u.email`,
      [id],
    );
    expect(roles).toEqual([
      { email: 'accountant@demo.coop', role: 'accountant', member_number: null },
      { email: 'admin@demo.coop', role: 'admin', member_number: null },
      { email: 'member@demo.coop', role: 'member', member_number: 1 },
    ]);
    lines.length = 0;
    expect(await loadDemo(app, apiRequestBodies(), { out: (line) => lines.push(line), besideOtherCooperatives: true })).toEqual({
      outcome: 'complete',
      cooperativeId: id,
    });
    expect((await snapshot(app, id)).movements).toHaveLength(MOVEMENTS);
  }, 180_000);

  it('a load stopped in its set-up, then again after 193 movements, is completed by the next start: the same demo as in one go', async () => {
    const { app } = await open('demo_resumed');
    const body = apiRequestBodies();
    await expect(
      loadDemo(app, body, { out: () => undefined, besideOtherCooperatives: false, afterStep: interruptedWhen((p) => p.steps === 4) }),
    ).rejects.toThrow('interrupted after 4 steps');
    const [id] = await demoCooperative(app);
    const inSetUp = await readRecord(new DemoApi(app, body), id);
    expect([inSetUp.categories.length, inSetUp.colleges.length, inSetUp.shareClasses.length, inSetUp.members.length]).toEqual([3, 0, 0, 0]);

    const lines: string[] = [];
    const out = (line: string) => lines.push(line);
    await expect(loadDemo(app, body, { out, besideOtherCooperatives: false, afterStep: interruptedWhen((p) => p.movements === 193) })).rejects.toThrow(
      'interrupted after',
    );
    expect(lines[0]).toBe(`taking up the demo cooperative ${id} where its load stopped: after 4 of ${9 + scenario.events.length} steps`);
    const half = await readRecord(new DemoApi(app, body), id);
    expect(half.movements).toHaveLength(193);
    expect(half.members.length).toBeGreaterThan(0);
    expect(half.members.length).toBeLessThan(scenario.people.length);

    lines.length = 0;
    await loadDemoAtFirstStart(app, body, out);
    expect(lines[0]).toMatch(new RegExp(`^taking up the demo cooperative ${id} where its load stopped: after \\d+ of ${9 + scenario.events.length} steps$`));
    expect(lines).toContain(`the demo cooperative ${id} is loaded`);
    expect(await demoCooperative(app)).toEqual([id]);
    expect(await snapshot(app, id)).toEqual(reference);
  }, 180_000);

  it("leaves alone a database with other cooperatives, and a cooperative named like the demo whose data is not the demo's", async () => {
    const { app } = await open('demo_elsewhere');
    const cooperatives = app.get(CooperativesService);
    const body = apiRequestBodies();
    const ours = await cooperatives.create(await body('createCooperative', { name: 'Notre SCOP', legalKind: 'SCOP' }));
    const lines: string[] = [];
    await loadDemoAtFirstStart(app, body, (line) => lines.push(line));
    expect(lines).toEqual([]);
    expect((await cooperatives.list(DEMO_OPERATOR, 100)).items.map((c) => c.id)).toEqual([ours.id]);

    const lookalike = await cooperatives.create(await body('createCooperative', { name: DEMO_NAME, legalKind: 'SCIC_SAS', settings: { usesColleges: true } }));
    await new DemoApi(app, body).createCategory(lookalike.id, { name: 'Fondateurs', kind: 'OTHER' });
    const result = await loadDemo(app, body, { out: (line) => lines.push(line), besideOtherCooperatives: true });
    expect(result).toEqual({
      outcome: 'skipped',
      reason: `the cooperative ${lookalike.id} named "${DEMO_NAME}" is not the demo's: its category "Fondateurs" is not one of the demo's`,
    });
    expect(lines).toEqual([]);
    expect(await readRecord(new DemoApi(app, body), lookalike.id)).toMatchObject({ categories: [{ name: 'Fondateurs' }], members: [], movements: [] });
  });
});
