import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Actor, CooperativeContext, Permission } from '@coop/core';

/**
 * Who may call a route. Every route declares one (deny by default): the access guard refuses to serve a route without
 * it, and the application does not start with one (see access-rules.check.ts).
 */
export type AccessRule = { kind: 'public' } | { kind: 'authenticated' } | { kind: 'operator' } | { kind: 'cooperative'; permission: Permission };

export const ACCESS_RULE = 'coop-ledger:access-rule';

export const Access = {
  /** Anyone, no token: health, login, refresh, password reset, accepting an invitation. */
  public: () => SetMetadata(ACCESS_RULE, { kind: 'public' } satisfies AccessRule),
  /** Any signed-in user or API token, acting on themselves (`/api/me`, logout). */
  authenticated: () => SetMetadata(ACCESS_RULE, { kind: 'authenticated' } satisfies AccessRule),
  /** The platform's operators: cooperatives and their first admin. */
  operator: () => SetMetadata(ACCESS_RULE, { kind: 'operator' } satisfies AccessRule),
  /** A route under `/api/cooperatives/:cooperativeId`: a role there that has `permission` (PERMISSIONS in @coop/core). */
  cooperative: (permission: Permission) => SetMetadata(ACCESS_RULE, { kind: 'cooperative', permission } satisfies AccessRule),
};

/** What the access guard resolved for this request. */
export interface AccessRequest {
  actor?: Actor;
  cooperativeContext?: CooperativeContext;
}

/** The acting context of a cooperative route (the guard built it from the token and `:cooperativeId`). */
export const Ctx = createParamDecorator((_: unknown, ctx: ExecutionContext): CooperativeContext => {
  const context = ctx.switchToHttp().getRequest<AccessRequest>().cooperativeContext;
  if (!context) throw new Error('@Ctx() on a route without @Access.cooperative(...)');
  return context;
});

/** The signed-in actor of an authenticated route. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const actor = ctx.switchToHttp().getRequest<AccessRequest>().actor;
  if (!actor) throw new Error('@CurrentActor() on a public route');
  return actor;
});
