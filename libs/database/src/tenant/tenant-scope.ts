import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The cooperative whose rows the current request (or system task) may see. Every database connection checked out of the
 * pool inside `runInTenant` runs as the restricted role `coop_ledger_tenant` with `app.cooperative_id` set, so that
 * PostgreSQL's row-level security hides every other cooperative's rows, even from a query that forgets its filter.
 * Outside (migrations, logins, the worker's listing of cooperatives, creating a cooperative) the connection keeps the
 * service's own role.
 */
const scope = new AsyncLocalStorage<string>();

/** The role the row-level security policies apply to (migration 1765100000000-accounts-and-tenancy). */
export const TENANT_ROLE = 'coop_ledger_tenant';

export function runInTenant<T>(cooperativeId: string, work: () => T): T {
  return scope.run(cooperativeId, work);
}

/** Work of the service itself (whatever scope it was started from): the service's connections. */
export function runOutsideTenant<T>(work: () => T): T {
  return scope.exit(work);
}

export function currentTenant(): string | undefined {
  return scope.getStore();
}
