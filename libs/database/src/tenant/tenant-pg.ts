import * as pg from 'pg';
import { currentTenant, TENANT_ROLE } from './tenant-scope';

type ConnectCallback = (err: Error | undefined, client: pg.PoolClient | undefined, release: (err?: Error | boolean) => void) => void;
type ScopedClient = pg.PoolClient & { coopTenant?: string };

/** The first checkout of a tenant connection switches its role; a failure destroys the connection (never a tenant connection with the service's rights). */
const FIRST_USE = `SELECT set_config('role', '${TENANT_ROLE}', false), set_config('app.cooperative_id', $1, false)`;
const NEXT_USE = `SELECT set_config('app.cooperative_id', $1, false)`;

/**
 * Two sets of connections behind the one pool TypeORM sees: the service's own (its login role, never switched) and the
 * tenants' (switched once, at their first use, to the restricted role `coop_ledger_tenant`). A checkout inside a tenant scope
 * takes a tenant connection and sets its `app.cooperative_id` before its holder runs anything (skipped when it already
 * holds that cooperative); any other checkout takes a service connection. A connection never changes role, so that
 * PostgreSQL keeps its cached plans (a plan made under row-level security belongs to the role it was made for, and
 * switching roles on one connection would make every trigger re-plan), and a tenant connection always carries the
 * cooperative of its current holder, never a previous one's.
 */
class TenantPool extends pg.Pool {
  private readonly tenants: pg.Pool;

  constructor(options?: pg.PoolConfig) {
    super(options);
    this.tenants = new pg.Pool(options);
    this.tenants.on('error', (e) => this.emit('error', e));
  }

  override connect(): Promise<pg.PoolClient>;
  override connect(callback: ConnectCallback): void;
  override connect(callback?: ConnectCallback): Promise<pg.PoolClient> | void {
    const tenant = currentTenant(); // read now: the caller's scope, not the one of whoever frees a connection later
    const checkedOut = tenant ? this.tenantConnection(tenant) : super.connect();
    if (!callback) return checkedOut;
    checkedOut.then(
      (client) => callback(undefined, client, (err) => client.release(err)),
      (e: Error) => callback(e, undefined, () => undefined),
    );
  }

  private async tenantConnection(tenant: string): Promise<pg.PoolClient> {
    const client: ScopedClient = await this.tenants.connect();
    if (client.coopTenant === tenant) return client;
    try {
      await client.query(client.coopTenant === undefined ? FIRST_USE : NEXT_USE, [tenant]);
      client.coopTenant = tenant;
      return client;
    } catch (e) {
      client.release(e as Error);
      throw e;
    }
  }

  /** Both sets of connections; TypeORM passes a callback, others await. */
  override end(): Promise<void>;
  override end(callback: () => void): void;
  override end(callback?: () => void): Promise<void> | void {
    const ended = Promise.all([super.end(), this.tenants.end()]).then(() => undefined);
    if (!callback) return ended;
    ended.then(callback, callback);
  }
}

/** The `pg` module TypeORM is given (its `driver` option): the real one, with the tenant-aware pool. */
export const tenantAwarePg = { ...pg, Pool: TenantPool };
