/**
 * The model methods the fake's `object` service runs, with their Python signatures (bound by fake-odoo.rpc.ts, as
 * `call_kw` does), the model right they need (checked before the call; `load` checks inside), and what they do.
 */
import type { FakeOdooDatabase, FakeOdooEnv, ModelDef } from './fake-odoo.database';
import { ACCESS_OPERATIONS, type AccessOperation, missingRecord, OdooFault } from './fake-odoo.faults';
import { load } from './fake-odoo.load';
import { pyTruthy } from './fake-odoo.values';
import { PyRecordset, type PyValue } from './python-xmlrpc.marshaller';

export interface Param {
  name: string;
  /** Present: optional with this default. */
  default?: unknown;
}

export interface MethodSpec {
  /** The first positional argument is the ids (a record method). */
  record: boolean;
  params: Param[];
  /** Accepts any other keyword argument (`**kwargs`). */
  varKwargs?: boolean;
  access?: AccessOperation;
  versions?: ReadonlyArray<16 | 18>;
  when?: (def: ModelDef, db: FakeOdooDatabase) => boolean;
  run: (c: MethodCall) => PyValue;
}

export interface MethodCall {
  db: FakeOdooDatabase;
  env: FakeOdooEnv;
  model: string;
  ids: number[];
  a: Record<string, unknown>;
  version: 16 | 18;
  /** Whether the user has this right on a model (ir.model.access). */
  allowed(model: string, operation: AccessOperation): boolean;
  /** Throws the AccessError (fault 4) when the user lacks the right. */
  checkAccess(model: string, operation: AccessOperation): void;
}

/** A parameter without default that Python reads as None. */
export const NONE = Symbol('None');

export function idsOf(value: unknown): number[] {
  if (value === false || value === null || value === undefined) return [];
  if (Array.isArray(value)) return value.map((v) => Number(v));
  return [Number(value)];
}

export const METHODS: Readonly<Record<string, MethodSpec>> = {
  create: {
    record: false,
    params: [{ name: 'vals_list' }],
    access: 'create',
    run: ({ db, env, model, a }) => {
      const vals = a.vals_list;
      // @api.model_create_multi: a dict gives one id, a list gives a list of ids (transcripts 10, 11, 27).
      if (Array.isArray(vals)) return db.create(env, model, vals);
      return db.create(env, model, [vals])[0]!;
    },
  },
  read: {
    record: true,
    params: [
      { name: 'fields', default: NONE },
      { name: 'load', default: '_classic_read' },
    ],
    access: 'read',
    run: ({ db, model, ids, a }) => db.read(model, ids, Array.isArray(a.fields) ? (a.fields as string[]) : undefined),
  },
  write: {
    record: true,
    params: [{ name: 'vals' }],
    access: 'write',
    run: ({ db, env, model, ids, a }) => db.write(env, model, ids, a.vals),
  },
  unlink: {
    record: true,
    params: [],
    access: 'unlink',
    run: ({ db, env, model, ids }) => db.unlink(env, model, ids),
  },
  search: {
    record: false,
    params: [
      { name: 'domain' },
      { name: 'offset', default: 0 },
      { name: 'limit', default: NONE },
      { name: 'order', default: NONE },
      { name: 'count', default: false },
    ],
    access: 'read',
    run: ({ db, env, model, a }) => {
      const ids = db.search(env, model, a.domain, a);
      return a.count ? ids.length : ids;
    },
  },
  search_read: {
    record: false,
    params: [
      { name: 'domain', default: NONE },
      { name: 'fields', default: NONE },
      { name: 'offset', default: 0 },
      { name: 'limit', default: NONE },
      { name: 'order', default: NONE },
    ],
    access: 'read',
    run: ({ db, env, model, a }) => db.read(model, db.search(env, model, a.domain, a), Array.isArray(a.fields) ? (a.fields as string[]) : undefined),
  },
  search_count: {
    record: false,
    params: [{ name: 'domain' }, { name: 'limit', default: NONE }],
    access: 'read',
    run: ({ db, env, model, a }) => {
      const n = db.search(env, model, a.domain).length;
      return typeof a.limit === 'number' && a.limit > 0 ? Math.min(n, a.limit) : n;
    },
  },
  fields_get: {
    record: false,
    params: [
      { name: 'allfields', default: NONE },
      { name: 'attributes', default: NONE },
    ],
    run: ({ db, model, a }) => db.fieldsGet(model, a.allfields, a.attributes),
  },
  name_create: {
    record: false,
    params: [{ name: 'name' }],
    access: 'create',
    run: ({ db, env, model, a }) => {
      const def = db.def(model);
      const text = String(a.name ?? '');
      const [id] = db.create(env, model, [def.nameCreate ? def.nameCreate(text) : { name: text }]);
      return [id!, db.displayName(model, id!)];
    },
  },
  name_search: {
    record: false,
    params: [
      { name: 'name', default: '' },
      { name: 'args', default: NONE },
      { name: 'operator', default: 'ilike' },
      { name: 'limit', default: 100 },
    ],
    access: 'read',
    run: ({ db, env, model, a }) => {
      const domain = Array.isArray(a.args) ? [...(a.args as unknown[])] : Array.isArray(a.domain) ? [...(a.domain as unknown[])] : [];
      if (a.name) {
        const operator = String(a.operator);
        const nameField = db.field(model, 'display_name') ? 'display_name' : 'name';
        if (model === 'res.partner') domain.push('|', '|', [nameField, operator, a.name], ['email', operator, a.name], ['ref', operator, a.name]);
        else domain.push([nameField, operator, a.name]);
      }
      return db.search(env, model, domain, { limit: a.limit }).map((id) => [id, db.displayName(model, id)]);
    },
  },
  name_get: {
    record: true,
    params: [],
    access: 'read',
    versions: [16],
    run: ({ db, model, ids }) => ids.filter((id) => db.exists(model, id)).map((id) => [id, db.displayName(model, id)]),
  },
  copy: {
    record: true,
    params: [{ name: 'default', default: NONE }],
    access: 'create',
    run: ({ db, env, model, ids, a, version }) => {
      if (version < 17 && ids.length !== 1) throw OdooFault.python(`ValueError: Expected singleton: ${db.recordset(model, ids)}`);
      const def = db.def(model);
      const created: number[] = [];
      for (const id of ids) {
        const row = db.row(model, id);
        if (!row) throw missingRecord(model, [id], env.uid);
        const values: Record<string, unknown> = {};
        for (const f of def.fields) {
          if (f.magic || f.compute || f.copy === false || f.type === 'one2many') continue;
          values[f.name] = row[f.name];
        }
        Object.assign(values, def.copyDefaults?.(row, db) ?? {}, (a.default as Record<string, unknown> | null) ?? {});
        created.push(...db.create(env, model, [values]));
      }
      // Odoo 16: @api.returns('self', lambda value: value.id) → an int. Odoo 17+: copy is multi → a list of ids.
      return version < 17 ? created[0]! : created;
    },
  },
  load: {
    // @api.model, not access-checked itself: the create/write/search inside are (fake-odoo.load.ts).
    record: false,
    params: [{ name: 'fields' }, { name: 'data' }],
    run: ({ db, env, model, a, version, checkAccess }) => load({ db, env, model, version, checkAccess }, a.fields, a.data),
  },
  check_access_rights: {
    record: false,
    params: [{ name: 'operation' }, { name: 'raise_exception', default: true }],
    run: ({ model, a, version, allowed, checkAccess }) => {
      const operation = a.operation as AccessOperation;
      if (!ACCESS_OPERATIONS.includes(operation)) throw OdooFault.python('AssertionError: Invalid access mode');
      if (!pyTruthy(a.raise_exception)) return allowed(model, operation);
      checkAccess(model, operation);
      // Odoo 16 returns ir.model.access.check()'s True; Odoo 18 (deprecated) returns check_access()'s None, which
      // XML-RPC cannot marshal: a granted right with raise_exception=True answers a fault 1 there.
      return version >= 17 ? null : true;
    },
  },
  has_access: {
    record: true,
    params: [{ name: 'operation' }],
    versions: [18],
    run: ({ model, a, allowed }) => allowed(model, a.operation as AccessOperation),
  },
  browse: {
    record: true,
    params: [{ name: 'ids', default: NONE }],
    run: ({ model, ids }) => new PyRecordset(model, ids),
  },
  action_archive: {
    record: true,
    params: [],
    access: 'write',
    when: (def) => def.fields.some((f) => f.name === 'active'),
    run: ({ db, env, model, ids }) => {
      db.write(env, model, ids, { active: false });
      return null; // None: the marshalling fails AFTER the commit (transcripts 56-57)
    },
  },
  action_unarchive: {
    record: true,
    params: [],
    access: 'write',
    when: (def) => def.fields.some((f) => f.name === 'active'),
    run: ({ db, env, model, ids }) => {
      db.write(env, model, ids, { active: true });
      return null;
    },
  },
};
