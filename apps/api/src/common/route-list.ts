import { RequestMethod, type INestApplication } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { ACCESS_RULE, type AccessRule } from './access.decorator';

export interface RouteInfo {
  method: string;
  /** `/api/cooperatives/:cooperativeId/members/:memberId` */
  path: string;
  rule: AccessRule | undefined;
  handler: string;
}

const join = (...parts: (string | string[] | undefined)[]) =>
  `/${parts
    .map((p) => (Array.isArray(p) ? p[0] : p) ?? '')
    .join('/')
    .split('/')
    .filter(Boolean)
    .join('/')}`;

/** Every route of the application, read from the controllers Nest registered: what the startup check and the role matrix walk. */
export function listRoutes(app: INestApplication): RouteInfo[] {
  const discovery = app.get(DiscoveryService);
  const scanner = new MetadataScanner();
  const routes: RouteInfo[] = [];
  for (const wrapper of discovery.getControllers()) {
    const type = wrapper.metatype as (new (...args: never[]) => unknown) | null;
    if (!type) continue;
    const base = Reflect.getMetadata(PATH_METADATA, type) as string | string[] | undefined;
    const classRule = Reflect.getMetadata(ACCESS_RULE, type) as AccessRule | undefined;
    for (const name of scanner.getAllMethodNames(type.prototype)) {
      const fn = (type.prototype as Record<string, unknown>)[name] as object;
      const method = Reflect.getMetadata(METHOD_METADATA, fn) as RequestMethod | undefined;
      if (method === undefined) continue;
      const rule = (Reflect.getMetadata(ACCESS_RULE, fn) as AccessRule | undefined) ?? classRule;
      routes.push({ method: RequestMethod[method], path: join(base, Reflect.getMetadata(PATH_METADATA, fn) as string), rule, handler: `${type.name}.${name}` });
    }
  }
  return routes;
}

/** Deny by default, checked at start: a route that says nobody may call it is a bug that must not ship. */
export function assertEveryRouteDeclaresAccess(app: INestApplication): void {
  const missing = listRoutes(app).filter((r) => !r.rule);
  if (missing.length) {
    throw new Error(`routes without an access rule (@Access…): ${missing.map((r) => `${r.method} ${r.path} (${r.handler})`).join(', ')}`);
  }
}
