/**
 * Odoo's two XML-RPC services as the fake runs them, in Odoo's order of checks:
 * - `common`: `version`, `authenticate(db, login, password, user_agent_env)` (false on bad credentials, a fault on an
 *   unknown database), `login(db, login, password)`; anything else `Exception: Method not found: x`.
 * - `object`: `execute_kw(db, uid, password, model, method, args, kwargs?)` and `execute(…, *args)`: database, then
 *   user (unknown uid → MissingError fault 2, wrong password → AccessDenied fault 3), private method (fault 4), model
 *   (`Object x doesn't exist`, fault 2), method (AttributeError), access rights (AccessError fault 4), then the method
 *   itself in a transaction.
 */
import type { FakeOdooDatabase, FakeOdooEnv } from './fake-odoo.database';
import { accessError, type AccessOperation, missingRecord, OdooFault, pyRepr } from './fake-odoo.faults';
import { idsOf, METHODS, NONE, type Param } from './fake-odoo.methods';
import type { PyValue } from './python-xmlrpc.marshaller';

export interface FakeOdooUser {
  uid: number;
  login: string;
  /** No password: the user cannot log in with one (like `__system__`, uid 1). */
  password?: string;
  /** API keys work wherever the password does (authenticate and execute_kw). */
  apiKeys?: string[];
  active?: boolean;
  /** Model → allowed operations. Undefined: every right (an administrator). */
  rights?: Readonly<Record<string, readonly AccessOperation[]>>;
}

export interface RpcState {
  version: 16 | 18;
  database: string;
  serverVersion: string;
  users: Map<number, FakeOdooUser>;
  db: FakeOdooDatabase;
}

export interface ObjectCall {
  uid: number;
  model: string;
  method: string;
  args: unknown[];
  kwargs: Record<string, unknown>;
}

function pyTypeName(value: unknown): string {
  if (value === null || value === undefined) return 'NoneType';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'string') return 'str';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'boolean') return 'bool';
  return 'dict';
}

function quoteList(names: string[]): string {
  const q = names.map((n) => `'${n}'`);
  return q.length <= 1 ? q.join('') : `${q.slice(0, -1).join(', ')} and ${q[q.length - 1]}`;
}

/** Python's argument binding, with its TypeError wordings. */
function bind(qualname: string, params: Param[], args: unknown[], kwargs: Record<string, unknown>, varKwargs = false): Record<string, unknown> {
  const required = params.filter((p) => !('default' in p)).length;
  if (args.length > params.length) {
    const range = required === params.length ? `${params.length + 1}` : `from ${required + 1} to ${params.length + 1}`;
    throw OdooFault.python(`TypeError: ${qualname}() takes ${range} positional argument${params.length === 0 ? '' : 's'} but ${args.length + 1} were given`);
  }
  const out: Record<string, unknown> = {};
  params.forEach((p, i) => {
    if (i < args.length) out[p.name] = args[i];
  });
  for (const [key, value] of Object.entries(kwargs)) {
    const known = params.some((p) => p.name === key);
    if (!known && !varKwargs) throw OdooFault.python(`TypeError: ${qualname}() got an unexpected keyword argument '${key}'`);
    if (key in out) throw OdooFault.python(`TypeError: ${qualname}() got multiple values for argument '${key}'`);
    out[key] = value;
  }
  const missing = params.filter((p) => !('default' in p) && !(p.name in out)).map((p) => p.name);
  if (missing.length) {
    throw OdooFault.python(
      `TypeError: ${qualname}() missing ${missing.length} required positional argument${missing.length > 1 ? 's' : ''}: ${quoteList(missing)}`,
    );
  }
  for (const p of params) if (!(p.name in out)) out[p.name] = p.default === NONE ? null : p.default;
  return out;
}

export class FakeOdooRpc {
  constructor(private readonly state: RpcState) {}

  private checkDatabase(db: unknown): void {
    if (db !== this.state.database) {
      throw OdooFault.python(
        `psycopg2.OperationalError: connection to server at "127.0.0.1", port 5432 failed: FATAL:  database ${JSON.stringify(String(db))} does not exist`,
      );
    }
  }

  private credentialsMatch(user: FakeOdooUser, secret: unknown): boolean {
    if (typeof secret !== 'string' || secret === '') return false;
    return (user.password !== undefined && user.password === secret) || (user.apiKeys ?? []).includes(secret);
  }

  private userByLogin(login: unknown): FakeOdooUser | undefined {
    return [...this.state.users.values()].find((u) => u.login === login && u.active !== false);
  }

  /** `/xmlrpc/2/common`. */
  common(method: string, params: unknown[]): PyValue {
    const arity = (name: string, names: string[]) =>
      bind(
        `exp_${name}`,
        names.map((n) => ({ name: n })),
        params,
        {},
      );
    switch (method) {
      case 'version': {
        arity('version', []);
        const major = this.state.version;
        return {
          server_version: this.state.serverVersion,
          server_version_info: [major, 0, 0, 'final', 0, ''],
          server_serie: `${major}.0`,
          protocol_version: 1,
        };
      }
      case 'authenticate':
      case 'login': {
        const a = arity(method, method === 'login' ? ['db', 'login', 'password'] : ['db', 'login', 'password', 'user_agent_env']);
        this.checkDatabase(a.db);
        const user = this.userByLogin(a.login);
        return user && this.credentialsMatch(user, a.password) ? user.uid : false;
      }
      default:
        throw OdooFault.python(`Exception: Method not found: ${method}`);
    }
  }

  /** Parses `execute_kw`/`execute` parameters and authenticates, in Odoo's order. */
  authenticateObjectCall(method: string, params: unknown[]): ObjectCall {
    if (method !== 'execute_kw' && method !== 'execute') throw OdooFault.python(`NameError: Method not available ${method}`);
    if (params.length < 3) throw OdooFault.python('IndexError: list index out of range');
    const rawUid = params[1];
    const uid =
      typeof rawUid === 'number' ? Math.trunc(rawUid) : typeof rawUid === 'string' && /^\s*-?\d+\s*$/.test(rawUid) ? Number.parseInt(rawUid, 10) : NaN;
    if (Number.isNaN(uid)) throw OdooFault.python(`ValueError: invalid literal for int() with base 10: ${pyRepr(rawUid)}`);
    this.checkDatabase(params[0]);
    const user = this.state.users.get(uid);
    if (!user) throw missingRecord('res.users', [uid], uid);
    if (user.active === false || !this.credentialsMatch(user, params[2])) throw OdooFault.accessDenied();
    const rest = params.slice(3);
    if (method === 'execute_kw') {
      const a = bind('execute_kw', [{ name: 'obj' }, { name: 'method' }, { name: 'args' }, { name: 'kw', default: NONE }], rest, {});
      if (!Array.isArray(a.args)) throw OdooFault.python(`TypeError: odoo.api.call_kw() argument after * must be an iterable, not ${pyTypeName(a.args)}`);
      if (a.kw !== null && (typeof a.kw !== 'object' || Array.isArray(a.kw))) {
        throw OdooFault.python(`TypeError: odoo.api.call_kw() argument after ** must be a mapping, not ${pyTypeName(a.kw)}`);
      }
      return {
        uid,
        model: String(a.obj),
        method: String(a.method),
        args: a.args as unknown[],
        kwargs: { ...((a.kw as Record<string, unknown> | null) ?? {}) },
      };
    }
    const a = bind('execute', [{ name: 'obj' }, { name: 'method' }], rest.slice(0, 2), {});
    return { uid, model: String(a.obj), method: String(a.method), args: rest.slice(2), kwargs: {} };
  }

  /** Runs a model method in a transaction; the result still has to be marshalled (after the commit). */
  execute(call: ObjectCall): PyValue {
    const { db, version } = this.state;
    const { model, method } = call;
    if (version < 17 && method.startsWith('_')) {
      throw OdooFault.accessError(`Private methods (such as ${method}) cannot be called remotely.`);
    }
    if (!db.hasModel(model)) throw OdooFault.user(`Object ${model} doesn't exist`);
    if (version >= 17 && method.startsWith('_')) {
      throw OdooFault.accessError(`Private methods (such as '${model}.${method}') cannot be called remotely.`);
    }
    const def = db.def(model);
    const spec = METHODS[method];
    if (!spec || (spec.versions && !spec.versions.includes(version)) || (spec.when && !spec.when(def, db))) {
      throw OdooFault.python(
        version >= 17
          ? `AttributeError: The method '${model}.${method}' does not exist`
          : `AttributeError: type object '${model}' has no attribute '${method}'`,
      );
    }
    const user = this.state.users.get(call.uid)!;
    const allowed = (m: string, operation: AccessOperation) => !user.rights || (user.rights[m] ?? []).includes(operation);
    const checkAccess = (m: string, operation: AccessOperation) => {
      if (!allowed(m, operation)) throw accessError(operation, db.def(m).description, m, ['Administration/Settings']);
    };
    if (spec.access) checkAccess(model, spec.access);
    const kwargs = { ...call.kwargs };
    const context = kwargs.context;
    delete kwargs.context;
    const env: FakeOdooEnv = {
      uid: call.uid,
      context: context && typeof context === 'object' && !Array.isArray(context) ? (context as Record<string, unknown>) : {},
    };
    let args = call.args;
    let ids: number[] = [];
    if (spec.record) {
      if (args.length === 0) throw OdooFault.python('IndexError: tuple index out of range');
      ids = idsOf(args[0]);
      args = args.slice(1);
    }
    const qualname = `BaseModel.${method}`;
    const params = version >= 17 && method === 'name_search' ? spec.params.map((p) => (p.name === 'args' ? { ...p, name: 'domain' } : p)) : spec.params;
    const bound = bind(qualname, params, args, kwargs, spec.varKwargs || (version >= 17 && method === 'search_read'));
    return db.transaction(() => spec.run({ db, env, model, ids, a: bound, version, allowed, checkAccess }));
  }
}
