import * as pg from 'pg';
import { currentTenant, TENANT_ROLE } from './tenant-scope';

type ConnectCallback = (err: Error | undefined, client: pg.PoolClient | undefined, release: (err?: Error | boolean) => void) => void;

/**
 * Each checkout sets the connection's whole tenancy before its holder runs anything: the restricted role and the
 * cooperative of the scope the checkout was asked from, or the service's own role and no cooperative. Set on every
 * checkout (never left to a release that might not happen), so a pooled connection cannot carry one request's
 * cooperative into another's.
 */
const ENTER = `SELECT set_config('role', '${TENANT_ROLE}', false), set_config('app.cooperative_id', $1, false)`;
const LEAVE = `SELECT set_config('role', 'none', false), set_config('app.cooperative_id', '', false)`;

class TenantPool extends pg.Pool {
  override connect(): Promise<pg.PoolClient>;
  override connect(callback: ConnectCallback): void;
  override connect(callback?: ConnectCallback): Promise<pg.PoolClient> | void {
    const tenant = currentTenant(); // read now: the caller's scope, not the one of whoever frees a connection later
    const checkedOut = super.connect().then(async (client) => {
      try {
        await (tenant ? client.query(ENTER, [tenant]) : client.query(LEAVE));
        return client;
      } catch (e) {
        client.release(e as Error);
        throw e;
      }
    });
    if (!callback) return checkedOut;
    checkedOut.then(
      (client) => callback(undefined, client, (err) => client.release(err)),
      (e: Error) => callback(e, undefined, () => undefined),
    );
  }
}

/** The `pg` module TypeORM is given (its `driver` option): the real one, with the tenant-aware pool. */
export const tenantAwarePg = { ...pg, Pool: TenantPool };
