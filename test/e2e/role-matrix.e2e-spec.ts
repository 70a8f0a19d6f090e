import { Controller, Get, Module, type DynamicModule, type INestApplication, type Type } from '@nestjs/common';
import { MODULE_METADATA } from '@nestjs/common/constants';
import { DiscoveryModule, NestFactory } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import { COOPERATIVE_ROLES, PERMISSIONS, roleMay, type CooperativeRole, type Permission } from '@coop/core';
import type { Mailer } from '@coop/mail';
import { AppModule } from '../../apps/api/src/app.module';
import { Access } from '../../apps/api/src/common/access.decorator';
import { assertEveryRouteDeclaresAccess, listRoutes, type RouteInfo } from '../../apps/api/src/common/route-list';
import { expectError, ledgerSnapshot } from '../support/expect-error';
import { admitMember, createScic, subscribe, type ScicFixture } from '../support/fixtures';
import { startTestApp, type Http, type TestApp } from '../support/test-app';

/*
 * The role matrix: every route of the application × every kind of caller, the expected answer derived from the route's
 * access rule and the PERMISSIONS table (never written per route). Jest names its tests before any app runs, so the
 * routes are read at collection time by `listRoutes` over the controllers of the modules AppModule registers; the first
 * test proves that this list is exactly the one the running application's router serves (a new route is covered by the
 * matrix without a line here, and a route the walk missed fails that test).
 */

// ---------------------------------------------------------------------------------------------------------------- routes

/** The controllers of a module and of everything it imports (static module metadata and dynamic modules). */
function controllersOf(mod: unknown, seen = new Set<unknown>()): Type[] {
  if (!mod || seen.has(mod)) return [];
  seen.add(mod);
  const dynamic: Partial<DynamicModule> = typeof mod === 'function' ? { module: mod as Type } : (mod as Partial<DynamicModule>);
  if (!dynamic.module) return []; // a forwardRef or an async module: not walked, and the router check below would say so
  const controllers = [...((Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, dynamic.module) as Type[] | undefined) ?? []), ...(dynamic.controllers ?? [])];
  const imports = [...((Reflect.getMetadata(MODULE_METADATA.IMPORTS, dynamic.module) as unknown[] | undefined) ?? []), ...(dynamic.imports ?? [])];
  return [...controllers, ...imports.flatMap((m) => controllersOf(m, seen))];
}

/** What `listRoutes` reads of an application (its DiscoveryService), over the given controllers. */
function routesOfControllers(controllers: Type[]): RouteInfo[] {
  const wrappers = [...new Set(controllers)].map((metatype) => ({ metatype }));
  return listRoutes({ get: () => ({ getControllers: () => wrappers }) } as unknown as INestApplication);
}

const unusedMailer = {} as Mailer; // register() only stores it
const ROUTES = routesOfControllers(
  controllersOf(AppModule.register({ databaseUrl: 'postgres://unused@127.0.0.1/unused', poolSize: 1, runMigrations: false, mailer: unusedMailer })),
);
const key = (r: { method: string; path: string }) => `${r.method} ${r.path}`;

// ---------------------------------------------------------------------------------------------------------------- actors

type ActorName =
  | 'no token'
  | 'an invalid token'
  | "A's admin"
  | "A's accountant"
  | "A's member (own record)"
  | "A's member on another member"
  | "B's admin"
  | 'an operator without role in A';

interface ActorSpec {
  name: ActorName;
  token: 'none' | 'invalid' | 'user';
  operator: boolean;
  /** The role in cooperative A, the one every URL names. */
  roleInA: CooperativeRole | null;
  /** `:memberId` is another member's (m2) rather than the member's own (m1): only for routes with `:memberId`. */
  otherMember?: true;
}

const ACTORS: ActorSpec[] = [
  { name: 'no token', token: 'none', operator: false, roleInA: null },
  { name: 'an invalid token', token: 'invalid', operator: false, roleInA: null },
  { name: "A's admin", token: 'user', operator: true, roleInA: 'admin' }, // the test operator, first admin of A (and of B)
  { name: "A's accountant", token: 'user', operator: false, roleInA: 'accountant' },
  { name: "A's member (own record)", token: 'user', operator: false, roleInA: 'member' },
  { name: "A's member on another member", token: 'user', operator: false, roleInA: 'member', otherMember: true },
  { name: "B's admin", token: 'user', operator: false, roleInA: null },
  { name: 'an operator without role in A', token: 'user', operator: true, roleInA: null },
];

// ---------------------------------------------------------------------------------------------------------------- expectations

type Outcome =
  /** Past the access gate: any answer but 401, 403, a 404 COOPERATIVE_NOT_FOUND (or MEMBER_NOT_FOUND for a member on their own record), or a 5xx. */
  | { kind: 'allowed' }
  /** A public route: the gate lets anyone through, the handler may still refuse a bad body (400, 401 on a bad token in the body). */
  | { kind: 'public' }
  | { kind: 'refused'; status: number; code: string }
  | { kind: 'no rule' };

const describeOutcome = (o: Outcome) => (o.kind === 'refused' ? `${o.status} ${o.code}` : o.kind === 'public' ? 'not 403 (public)' : o.kind);

/**
 * PERMISSIONS as reviewed. The matrix derives its expectations from this copy and a test below holds it equal to the
 * table in @coop/core: derived from the live table alone, the matrix would follow any change of it (a role given a right
 * by mistake would pass); this way a change of the access rules takes a deliberate change here too, and the matrix
 * names every route it opens or closes.
 */
const REVIEWED_PERMISSIONS: Record<string, readonly CooperativeRole[]> = {
  'cooperative.read': ['admin', 'accountant', 'member'],
  'cooperative.configure': ['admin'],
  'members.list': ['admin', 'accountant'],
  'member.read': ['admin', 'accountant', 'member'],
  'members.write': ['admin'],
  'movements.read': ['admin', 'accountant'],
  'movements.write': ['admin'],
  'capital.read': ['admin', 'accountant'],
  'register.read': ['admin', 'accountant'],
  'certificate.read': ['admin', 'member'],
  'own-member.read': ['admin', 'accountant', 'member'],
  'own-member.write': ['admin', 'accountant', 'member'],
  'odoo.read': ['admin', 'accountant'],
  'odoo.sync': ['admin', 'accountant'],
  'odoo.link': ['admin', 'accountant'],
  'odoo.configure': ['admin'],
  'accounts.manage': ['admin'],
  'audit.read': ['admin'],
  'personal-data.manage': ['admin'],
};
const reviewedMay = (role: CooperativeRole, permission: Permission) => (REVIEWED_PERMISSIONS[permission] ?? []).includes(role);

/** The answer the access rules promise, from the route's rule and the (reviewed) PERMISSIONS table only. */
function expected(route: RouteInfo, actor: ActorSpec): Outcome {
  const rule = route.rule;
  if (!rule) return { kind: 'no rule' };
  if (rule.kind === 'public') return { kind: 'public' };
  if (actor.token === 'none') return { kind: 'refused', status: 401, code: 'AUTHENTICATION_REQUIRED' };
  if (actor.token === 'invalid') return { kind: 'refused', status: 401, code: 'TOKEN_INVALID' };
  if (rule.kind === 'authenticated') return { kind: 'allowed' };
  if (rule.kind === 'operator') return actor.operator ? { kind: 'allowed' } : { kind: 'refused', status: 403, code: 'FORBIDDEN' };
  // A cooperative where the actor has no role does not exist for them, whatever the permission (writes included).
  if (!actor.roleInA) return { kind: 'refused', status: 404, code: 'COOPERATIVE_NOT_FOUND' };
  if (!reviewedMay(actor.roleInA, rule.permission)) return { kind: 'refused', status: 403, code: 'FORBIDDEN' };
  if (actor.otherMember && actor.roleInA === 'member') return { kind: 'refused', status: 404, code: 'MEMBER_NOT_FOUND' };
  return { kind: 'allowed' };
}

// ---------------------------------------------------------------------------------------------------------------- requests

/** The fixture the URLs are built from (filled in beforeAll). */
interface World {
  a: ScicFixture;
  b: ScicFixture;
  m1: string;
  m2: string;
  bMember: string;
  /** m1's subscription in A. */
  movementId: string;
  bMovementId: string;
}

/** A value for each path parameter; a new parameter name fails its cases until it is given one here. */
const PARAMS: Record<string, (w: World, actor: ActorSpec) => string> = {
  cooperativeId: (w) => w.a.cooperativeId,
  memberId: (w, actor) => (actor.otherMember ? w.m2 : w.m1),
  // A real movement of A: a reversal with `{}` fails validation, so it stays unreversed for the cases after it.
  movementId: (w) => w.movementId,
  // Ids of nothing: a 404 there is an answer from behind the gate, and a DELETE of them cannot remove anything.
  requestId: () => randomUUID(),
  runId: () => randomUUID(),
  tokenId: () => randomUUID(),
  userId: () => randomUUID(),
  invitationId: () => randomUUID(),
  reference: () => 'CERT-0000-UNKNOWN',
};

/**
 * Routes that need more than "substitute the params, send `{}`", by `METHOD path`. A key that names no route fails the
 * matrix (the table cannot go stale silently).
 */
const SPECIAL: Record<string, { freshSession?: true; why: string }> = {
  'POST /api/auth/logout': {
    freshSession: true,
    why: 'ends the session of the token it is sent with: the actor signs in anew for it, so that their token stays valid for the other cases',
  },
};

const WRITES = new Set(['POST', 'PUT', 'PATCH']);

interface Case {
  name: string;
  route: RouteInfo;
  actor: ActorSpec;
  outcome: Outcome;
}

const CASES: Case[] = ROUTES.flatMap((route) =>
  ACTORS.filter((actor) => !actor.otherMember || route.path.includes(':memberId')).map((actor) => {
    const outcome = expected(route, actor);
    return { name: `${key(route)} as ${actor.name} → ${describeOutcome(outcome)}`, route, actor, outcome };
  }),
);

interface Answer {
  status: number;
  body: unknown;
}

const codeOf = (body: unknown): string | undefined =>
  body && typeof body === 'object' && typeof (body as { code?: unknown }).code === 'string' ? (body as { code: string }).code : undefined;

function assertOutcome(answer: Answer, outcome: Outcome, actor: ActorSpec, url: string): void {
  const { status, body } = answer;
  const code = codeOf(body);
  const seen = `${status} ${JSON.stringify(body)?.slice(0, 400)} (${url})`;
  switch (outcome.kind) {
    case 'no rule':
      throw new Error(`this route declares no access rule (@Access…): nobody may call it, and the matrix cannot say who should`);
    case 'refused':
      expect({ status, code, seen }).toEqual({ status: outcome.status, code: outcome.code, seen: expect.any(String) });
      return;
    case 'public':
      if (status === 403 || status >= 500) throw new Error(`a public route answered ${seen}`);
      return;
    case 'allowed': {
      const refusedByAccess =
        status === 401 ||
        status === 403 ||
        code === 'COOPERATIVE_NOT_FOUND' ||
        // a member bound to m1 asks for m1 (or their own space): their own record must never be "not found"
        (actor.roleInA === 'member' && !actor.otherMember && code === 'MEMBER_NOT_FOUND');
      if (refusedByAccess || status >= 500) throw new Error(`expected to pass the access gate, got ${seen}`);
      return;
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------- the tests

describe('role matrix: every route × every kind of caller', () => {
  let t: TestApp;
  let w: World;
  const users = new Map<ActorName, { http: Http; email: string; password: string }>();

  beforeAll(async () => {
    t = await startTestApp();
    const a = await createScic(t.http);
    const m1 = await admitMember(t.http, a);
    const m2 = await admitMember(t.http, a);
    const movement = await subscribe(t.http, a, m1, 2, '200.00');
    await subscribe(t.http, a, m2, 1, '100.00');
    const b = await createScic(t.http);
    const bMember = await admitMember(t.http, b);
    const bMovement = await subscribe(t.http, b, bMember, 1, '100.00');
    w = { a, b, m1, m2, bMember, movementId: movement.id, bMovementId: bMovement.id };

    const member = await t.user({ role: 'member', cooperativeId: a.cooperativeId, memberId: m1 });
    users.set("A's admin", t.operator);
    users.set("A's accountant", await t.user({ role: 'accountant', cooperativeId: a.cooperativeId }));
    users.set("A's member (own record)", member);
    users.set("A's member on another member", member);
    users.set("B's admin", await t.user({ role: 'admin', cooperativeId: b.cooperativeId }));
    users.set('an operator without role in A', await t.user({ operator: true }));
  });
  afterAll(() => t?.close());

  /** The caller's requests for one case: none, a token that does not verify, or the actor's (a fresh session if asked). */
  async function httpFor(c: Case): Promise<Http> {
    if (c.actor.token === 'none') return t.anonymous;
    if (c.actor.token === 'invalid') return t.as('not-a-valid-token.' + 'x'.repeat(40));
    const user = users.get(c.actor.name);
    if (!user) throw new Error(`no user for ${c.actor.name}`);
    if (SPECIAL[key(c.route)]?.freshSession) return t.as((await t.login(user.email, user.password)).accessToken);
    return user.http;
  }

  function urlFor(c: Case): string {
    return c.route.path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
      const value = PARAMS[name];
      if (!value) throw new Error(`no value for the path parameter :${name} of ${key(c.route)}: add one to PARAMS`);
      return encodeURIComponent(value(w, c.actor));
    });
  }

  describe('the routes', () => {
    it('are exactly those the running application serves, each with an access rule, and there are many', () => {
      const served = listRoutes(t.app);
      expect(ROUTES.map(key).sort()).toEqual(served.map(key).sort());
      expect(served.filter((r) => !r.rule).map(key)).toEqual([]);
      expect(served.length).toBeGreaterThan(60);
      expect(new Set(served.map(key)).size).toBe(served.length);
    });

    it('the access table is the reviewed one (a change of PERMISSIONS is a change of this test too)', () => {
      expect(PERMISSIONS).toEqual(REVIEWED_PERMISSIONS);
      const permissions = Object.keys(PERMISSIONS) as Permission[];
      const differences = permissions.flatMap((p) =>
        COOPERATIVE_ROLES.filter((role) => roleMay(role, p) !== reviewedMay(role, p)).map((role) => `${role} ${p}`),
      );
      expect(differences).toEqual([]);
    });

    it('every permission of the table guards at least one route, and every route under a cooperative names one', () => {
      const used = new Set(ROUTES.flatMap((r) => (r.rule?.kind === 'cooperative' ? [r.rule.permission] : [])));
      expect([...used].sort()).toEqual((Object.keys(PERMISSIONS) as Permission[]).sort());
      const underCooperative = ROUTES.filter((r) => r.path.includes(':cooperativeId'));
      expect(underCooperative.filter((r) => r.rule?.kind !== 'cooperative').map(key)).toEqual([]);
      for (const role of COOPERATIVE_ROLES) expect(ACTORS.some((a) => a.roleInA === role)).toBe(true);
    });

    it('the special-handling table names only real routes', () => {
      expect(Object.keys(SPECIAL).filter((k) => !ROUTES.some((r) => key(r) === k))).toEqual([]);
    });

    it('the startup check refuses an application with a route that declares no access rule, and names it', async () => {
      @Controller('api/naked')
      class NakedController {
        @Get('forgotten')
        forgotten() {
          return 'anyone?';
        }

        @Get('declared')
        @Access.public()
        declared() {
          return 'fine';
        }
      }
      @Module({ imports: [DiscoveryModule], controllers: [NakedController] })
      class NakedModule {}

      const app = await NestFactory.create(NakedModule, { logger: false });
      try {
        expect(listRoutes(app).map((r) => [key(r), r.rule?.kind ?? null])).toEqual([
          ['GET /api/naked/forgotten', null],
          ['GET /api/naked/declared', 'public'],
        ]);
        expect(() => assertEveryRouteDeclaresAccess(app)).toThrow('GET /api/naked/forgotten (NakedController.forgotten)');
        expect(() => assertEveryRouteDeclaresAccess(app)).not.toThrow(/declared/);
      } finally {
        await app.close();
      }
    });
  });

  describe('access', () => {
    it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
      const http = await httpFor(c);
      const url = urlFor(c);
      const method = c.route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
      const req = http[method](url);
      // `{}`: a validation error (400/422) still proves the request passed the gate, which runs before validation
      const res = await (WRITES.has(c.route.method) ? req.send({}) : req);
      assertOutcome({ status: res.status, body: res.body }, c.outcome, c.actor, url);
    });
  });

  describe('bodies cannot smuggle in ids of another cooperative', () => {
    const transfer = (from: string, to: string) =>
      t.http.post(`/api/cooperatives/${w.a.cooperativeId}/movements/transfers`).send({
        fromMemberId: from,
        toMemberId: to,
        shareClassId: w.a.classA,
        shares: 1,
        date: '2024-03-01',
        approvalReference: 'CA-2024-03',
        approvalDate: '2024-03-01',
      });
    const bHoldings = async () => (await t.http.get(`/api/cooperatives/${w.b.cooperativeId}/members/${w.bMember}/holdings`)).body;

    it.each([
      ['to a member of B', () => [w.m1, w.bMember]],
      ['from a member of B', () => [w.bMember, w.m1]],
    ])('a transfer in A %s: 404/422, nothing written in A nor in B', async (_, ids) => {
      const [from, to] = ids();
      const beforeA = await ledgerSnapshot(t.http, w.a.cooperativeId, [w.m1, w.m2]);
      const beforeB = await ledgerSnapshot(t.http, w.b.cooperativeId, [w.bMember]);
      const res = await transfer(from, to);
      expect({ status: [404, 422].includes(res.status), code: ['TRANSFEREE_NOT_MEMBER', 'MEMBER_NOT_FOUND'].includes(res.body.code), body: res.body }).toEqual({
        status: true,
        code: true,
        body: expect.anything(),
      });
      expect(await ledgerSnapshot(t.http, w.a.cooperativeId, [w.m1, w.m2])).toEqual(beforeA);
      expect(await ledgerSnapshot(t.http, w.b.cooperativeId, [w.bMember])).toEqual(beforeB);
      expect(await bHoldings()).toEqual(beforeB.holdings[w.bMember]);
    });

    it("a reversal of B's movement through A's URL: 404, B's journal unchanged", async () => {
      const beforeB = await ledgerSnapshot(t.http, w.b.cooperativeId, [w.bMember]);
      const res = await t.http
        .post(`/api/cooperatives/${w.a.cooperativeId}/movements/${w.bMovementId}/reversal`)
        .send({ date: '2024-03-01', reason: 'erreur de saisie' });
      expect(res.status).toBe(404);
      expect(await ledgerSnapshot(t.http, w.b.cooperativeId, [w.bMember])).toEqual(beforeB);
      const movement = await t.http.get(`/api/cooperatives/${w.a.cooperativeId}/movements/${w.bMovementId}`);
      expect(movement.status).toBe(404);
    });

    it("an invitation in A bound to B's member: 404 MEMBER_NOT_FOUND, no invitation made", async () => {
      const invitations = `/api/cooperatives/${w.a.cooperativeId}/invitations`;
      const before = (await t.http.get(invitations)).body;
      const res = await t.http.post(invitations).send({ role: 'member', memberId: w.bMember });
      expectError(res, 404, 'MEMBER_NOT_FOUND', 'memberId');
      expect((await t.http.get(invitations)).body).toEqual(before);
    });
  });
});
