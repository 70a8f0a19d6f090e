/**
 * The fake Odoo's in-memory database: models with typed fields, Odoo's value conversions (fake-odoo.values.ts),
 * PostgreSQL-like constraints (NOT NULL, foreign keys, unique indexes, CHECKs, with ids
 * consumed even when the insert is rolled back), computed fields, and one transaction per RPC call: every change is
 * recorded in an undo log and undone when the call faults, as Odoo rolls back the cursor.
 */
import { DomainCompiler } from './fake-odoo.domain';
import { integerOutOfRange, integrity, missingRecord, OdooFault, pyRepr, recordsetRepr } from './fake-odoo.faults';
import { convertToCache, formatUtc, isUnset } from './fake-odoo.values';
import { PyFloat, type PyValue } from './python-xmlrpc.marshaller';

export { formatUtc, pyTruthy } from './fake-odoo.values';

export type FieldType =
  'char' | 'text' | 'html' | 'boolean' | 'integer' | 'float' | 'date' | 'datetime' | 'selection' | 'many2one' | 'many2many' | 'one2many' | 'binary';

/** A stored row: cache-format values (many2one = id or false, x2many = ids, unset = false). */
export type Row = { id: number; [field: string]: unknown };

export interface FakeOdooEnv {
  uid: number;
  context: Record<string, unknown>;
}

export interface FieldDef {
  name: string;
  type: FieldType;
  /** The label (fields_get `string`). */
  string: string;
  /** NOT NULL (checked at INSERT, after the id is taken). */
  required?: boolean;
  /** fields_get `readonly`. */
  readonly?: boolean;
  relation?: string;
  selection?: readonly string[];
  /** Default value, in cache format. */
  default?: (db: FakeOdooDatabase, env: FakeOdooEnv) => unknown;
  /** Non-stored computed value, in cache format. */
  compute?: (row: Row, db: FakeOdooDatabase) => unknown;
  /** Inverse of a computed field: receives the raw value written. May throw an OdooFault. */
  inverse?: (db: FakeOdooDatabase, env: FakeOdooEnv, ids: number[], value: unknown) => void;
  /** ORM-managed (id, create_date, write_date): ignored in create/write values. */
  magic?: boolean;
  /** `copy=False` fields are not copied. */
  copy?: boolean;
}

export interface ModelDef {
  name: string;
  /** `_description` (used in Odoo's messages). */
  description: string;
  /** `_order`. */
  order: string;
  fields: FieldDef[];
  displayName?: (row: Row, db: FakeOdooDatabase) => string;
  /** Unique indexes (module, name) → Odoo's IntegrityError message. */
  uniques?: Array<{ index: string; fields: string[] }>;
  /** Registered SQL CHECK constraints: `check` false → `The operation cannot be completed: <message>`. */
  sqlChecks?: Array<{ name: string; message: string; check: (row: Row) => boolean }>;
  /** Rewrites the values before conversion (e.g. partner_firstname's name ↔ firstname/lastname), into a new object. */
  normalize?: (values: Record<string, unknown>, db: FakeOdooDatabase, phase: 'create' | 'write') => Record<string, unknown>;
  /** Python constraints (@api.constrains), after create/write. Throw an OdooFault. */
  constraints?: Array<(db: FakeOdooDatabase, env: FakeOdooEnv, ids: number[]) => void>;
  /** Values `name_create(text)` creates. */
  nameCreate?: (text: string) => Record<string, unknown>;
  /** Values `copy()` forces (e.g. `name (copy)`). */
  copyDefaults?: (row: Row, db: FakeOdooDatabase) => Record<string, unknown>;
}

/** A user-defined constraint (fault injection): a message refuses the record with a ValidationError (fault 2). */
export type RecordConstraint = (row: Readonly<Row>, db: FakeOdooDatabase) => string | undefined;

interface Table {
  def: ModelDef;
  fields: Map<string, FieldDef>;
  /** The stored fields a row check looks at (NOT NULL, int4 range, foreign key). */
  checked: FieldDef[];
  rows: Map<number, Row>;
  nextId: number;
  /** index name → key → id */
  indexes: Map<string, Map<string, number>>;
}

const MAXINT = 2 ** 31 - 1;
const MININT = -(2 ** 31);

export interface FakeOdooDatabaseOptions {
  version: 16 | 18;
  models: ModelDef[];
  now: () => Date;
}

export class FakeOdooDatabase {
  readonly version: 16 | 18;
  private readonly tables = new Map<string, Table>();
  private undo: Array<() => void> | undefined;
  private readonly customConstraints = new Map<string, Array<{ constraint: RecordConstraint }>>();
  private readonly domains: DomainCompiler;
  readonly now: () => Date;

  constructor(options: FakeOdooDatabaseOptions) {
    this.version = options.version;
    this.now = options.now;
    this.domains = new DomainCompiler(this, options.version);
    for (const def of options.models) {
      this.tables.set(def.name, {
        def,
        fields: new Map(def.fields.map((f) => [f.name, f])),
        checked: def.fields.filter((f) => !f.compute && !f.magic && (f.required || f.type === 'integer' || f.type === 'many2one')),
        rows: new Map(),
        nextId: 1,
        indexes: new Map((def.uniques ?? []).map((u) => [u.index, new Map()])),
      });
    }
  }

  // ---------------------------------------------------------------- schema

  hasModel(model: string): boolean {
    return this.tables.has(model);
  }

  models(): string[] {
    return [...this.tables.keys()];
  }

  def(model: string): ModelDef {
    return this.table(model).def;
  }

  field(model: string, name: string): FieldDef | undefined {
    return this.tables.get(model)?.fields.get(name);
  }

  private table(model: string): Table {
    const table = this.tables.get(model);
    if (!table) throw OdooFault.user(`Object ${model} doesn't exist`);
    return table;
  }

  private requireField(model: string, name: string): FieldDef {
    const field = this.field(model, name);
    if (!field) throw OdooFault.python(`ValueError: Invalid field ${pyRepr(name)} on model ${pyRepr(model)}`);
    return field;
  }

  // ---------------------------------------------------------------- rows and values

  row(model: string, id: number): Row | undefined {
    return this.tables.get(model)?.rows.get(id);
  }

  rows(model: string): Row[] {
    return [...this.table(model).rows.values()];
  }

  count(model: string): number {
    return this.table(model).rows.size;
  }

  exists(model: string, id: unknown): boolean {
    return typeof id === 'number' && this.tables.get(model)?.rows.has(id) === true;
  }

  /** The value of a field in cache format (computed fields computed). */
  value(model: string, row: Row, field: FieldDef): unknown {
    if (field.name === 'id') return row.id;
    if (field.compute) return field.compute(row, this);
    const v = row[field.name];
    if (v === undefined) return field.type === 'many2many' || field.type === 'one2many' ? [] : false;
    return v;
  }

  displayName(model: string, id: number): string {
    const table = this.tables.get(model);
    const row = table?.rows.get(id);
    if (!table || !row) return `${model},${id}`;
    if (table.def.displayName) return table.def.displayName(row, this);
    const name = row.name;
    return typeof name === 'string' ? name : `${model},${id}`;
  }

  /** How `read` shows a value (many2one `[id, name]`, floats as doubles, x2many in the comodel's order). */
  readValue(model: string, row: Row, field: FieldDef): PyValue {
    const v = this.value(model, row, field);
    switch (field.type) {
      case 'many2one':
        return isUnset(v) ? false : [v as number, this.displayName(field.relation!, v as number)];
      case 'many2many':
      case 'one2many':
        return this.ordered(field.relation!, (v as number[]) ?? []);
      case 'float':
        return new PyFloat(isUnset(v) ? 0 : (v as number));
      case 'integer':
        return isUnset(v) ? 0 : (v as number);
      case 'boolean':
        return Boolean(v);
      default:
        return isUnset(v) ? false : (v as PyValue);
    }
  }

  private ordered(model: string, ids: readonly number[]): number[] {
    const table = this.tables.get(model);
    if (!table) return [...ids];
    const rows = ids.map((id) => table.rows.get(id)).filter((r): r is Row => r !== undefined);
    return rows.sort(this.domains.comparator(model, table.def.order)).map((r) => r.id);
  }

  // ---------------------------------------------------------------- transactions

  /** Runs `fn` as one transaction: on any throw, every change is undone (ids stay consumed, as with a sequence). */
  transaction<T>(fn: () => T): T {
    if (this.undo) return fn();
    this.undo = [];
    try {
      const result = fn();
      this.undo = undefined;
      return result;
    } catch (error) {
      const log = this.undo ?? [];
      this.undo = undefined;
      for (let i = log.length - 1; i >= 0; i--) log[i]!();
      throw error;
    }
  }

  /**
   * A savepoint inside the current transaction (`with cr.savepoint()`): when `fn` throws, its changes are undone and
   * the error goes on; the rest of the transaction stays. Outside a transaction, a transaction of its own.
   */
  savepoint<T>(fn: () => T): T {
    if (!this.undo) return this.transaction(fn);
    const mark = this.undo.length;
    try {
      return fn();
    } catch (error) {
      this.rollbackTo(mark);
      throw error;
    }
  }

  /** Where the current transaction's undo log stands, for {@link rollbackTo}. */
  undoMark(): number {
    return this.undo?.length ?? 0;
  }

  /** Undoes the changes made since `mark` (ids stay consumed), keeping the transaction open. */
  rollbackTo(mark: number): void {
    const log = this.undo;
    if (!log) return;
    while (log.length > mark) log.pop()!();
  }

  private logUndo(step: () => void): void {
    this.undo?.push(step);
  }

  private indexKey(table: Table, fields: string[], row: Row): string {
    return fields.map((f) => String(row[f])).join('\u0000');
  }

  private indexAdd(table: Table, row: Row): void {
    for (const u of table.def.uniques ?? []) table.indexes.get(u.index)!.set(this.indexKey(table, u.fields, row), row.id);
  }

  private indexRemove(table: Table, row: Row): void {
    for (const u of table.def.uniques ?? []) {
      const index = table.indexes.get(u.index)!;
      const key = this.indexKey(table, u.fields, row);
      if (index.get(key) === row.id) index.delete(key);
    }
  }

  private rawInsert(table: Table, row: Row): void {
    table.rows.set(row.id, row);
    this.indexAdd(table, row);
    this.logUndo(() => {
      this.indexRemove(table, row);
      table.rows.delete(row.id);
    });
  }

  private rawUpdate(table: Table, id: number, patch: Record<string, unknown>): void {
    const row = table.rows.get(id)!;
    const before: Record<string, unknown> = {};
    for (const k of Object.keys(patch)) before[k] = row[k];
    this.indexRemove(table, row);
    Object.assign(row, patch);
    this.indexAdd(table, row);
    this.logUndo(() => {
      this.indexRemove(table, row);
      Object.assign(row, before);
      this.indexAdd(table, row);
    });
  }

  private rawDelete(table: Table, id: number): void {
    const row = table.rows.get(id);
    if (!row) return;
    this.indexRemove(table, row);
    table.rows.delete(id);
    this.logUndo(() => {
      table.rows.set(id, row);
      this.indexAdd(table, row);
    });
  }

  /** Odoo's `convert_to_cache` for stored scalar fields: the cache value, or the fault Odoo raises. */
  convert(model: string, field: FieldDef, value: unknown): unknown {
    return convertToCache(this.version, model, field, value);
  }

  // ---------------------------------------------------------------- ORM methods

  private defaults(table: Table, env: FakeOdooEnv): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const f of table.def.fields) {
      if (f.compute || f.magic || f.type === 'many2many' || f.type === 'one2many') continue;
      out[f.name] = f.default ? f.default(this, env) : f.type === 'integer' || f.type === 'float' ? 0 : f.type === 'boolean' ? false : false;
    }
    return out;
  }

  /** NOT NULL, foreign keys, CHECKs and unique indexes of a row about to be written. */
  private checkRow(table: Table, row: Row): void {
    const def = table.def;
    for (const f of table.checked) {
      const v = row[f.name];
      if (f.required && isUnset(v)) throw integrity.notNull(def.description, def.name, f.string, f.name);
      if (f.type === 'integer' && typeof v === 'number' && (v > MAXINT || v < MININT)) {
        throw integerOutOfRange();
      }
      if (f.type === 'many2one' && !isUnset(v) && !this.exists(f.relation!, v)) {
        throw integrity.foreignKey(def.description, def.name, `${def.name.replace(/\./g, '_')}_${f.name}_fkey`, f.name, v, f.relation!);
      }
    }
    for (const c of def.sqlChecks ?? []) if (!c.check(row)) throw integrity.sqlConstraint(def.name, c.name, c.message);
    for (const u of def.uniques ?? []) {
      const owner = table.indexes.get(u.index)!.get(this.indexKey(table, u.fields, row));
      if (owner !== undefined && owner !== row.id)
        throw integrity.unique(
          def.name,
          u.index,
          u.fields,
          u.fields.map((f) => row[f]),
        );
    }
  }

  private splitValues(table: Table, values: Record<string, unknown>) {
    const stored: Record<string, unknown> = {};
    const relational: Array<[FieldDef, unknown]> = [];
    const inverses: Array<[FieldDef, unknown]> = [];
    for (const [key, value] of Object.entries(values)) {
      const field = table.fields.get(key);
      if (!field) throw OdooFault.python(`ValueError: Invalid field ${pyRepr(key)} on model ${pyRepr(table.def.name)}`);
      if (field.magic) continue;
      if (field.compute) {
        if (field.inverse) inverses.push([field, value]);
        continue; // a computed field without inverse: Odoo drops the value
      }
      if (field.type === 'many2many' || field.type === 'one2many') relational.push([field, value]);
      else stored[key] = this.convert(table.def.name, field, value);
    }
    return { stored, relational, inverses };
  }

  private runConstraints(table: Table, env: FakeOdooEnv, ids: number[]): void {
    for (const constraint of table.def.constraints ?? []) constraint(this, env, ids);
    for (const { constraint } of this.customConstraints.get(table.def.name) ?? []) {
      for (const id of ids) {
        const row = table.rows.get(id);
        const message = row ? constraint(row, this) : undefined;
        if (message) throw OdooFault.user(message);
      }
    }
  }

  /** `create(vals_list)`: all records or none. */
  create(env: FakeOdooEnv, model: string, valsList: readonly unknown[]): number[] {
    const table = this.table(model);
    const prepared = valsList.map((vals) => {
      if (vals === null || typeof vals !== 'object' || Array.isArray(vals)) {
        throw OdooFault.python(`AttributeError: '${Array.isArray(vals) ? 'list' : typeof vals === 'string' ? 'str' : 'int'}' object has no attribute 'items'`);
      }
      const normalized = table.def.normalize ? table.def.normalize(vals as Record<string, unknown>, this, 'create') : (vals as Record<string, unknown>);
      return this.splitValues(table, normalized);
    });
    const now = formatUtc(this.now());
    const ids = prepared.map(() => table.nextId++);
    const defaults = this.defaults(table, env); // constants of the call (the env's, not the row's)
    prepared.forEach((p, i) => {
      const row: Row = Object.assign({}, defaults, p.stored, { id: ids[i]!, create_date: now, write_date: now });
      this.checkRow(table, row);
      this.rawInsert(table, row);
    });
    prepared.forEach((p, i) => {
      for (const [field, value] of p.relational) this.writeX2many(env, table, field, [ids[i]!], value);
      for (const [field, value] of p.inverses) field.inverse!(this, env, [ids[i]!], value);
    });
    this.runConstraints(table, env, ids);
    return ids;
  }

  /** `write(vals)` on `ids`: MissingError when one does not exist. */
  write(env: FakeOdooEnv, model: string, ids: readonly number[], vals: unknown): true {
    const table = this.table(model);
    if (vals === null || typeof vals !== 'object' || Array.isArray(vals))
      throw OdooFault.python(`AttributeError: '${typeof vals}' object has no attribute 'items'`);
    const normalized = table.def.normalize ? table.def.normalize(vals as Record<string, unknown>, this, 'write') : (vals as Record<string, unknown>);
    const { stored, relational, inverses } = this.splitValues(table, normalized);
    const unique = [...new Set(ids)];
    const missing = unique.filter((id) => !table.rows.has(id));
    if (missing.length) throw missingRecord(model, missing, env.uid);
    const now = formatUtc(this.now());
    for (const id of unique) {
      this.rawUpdate(table, id, { ...stored, write_date: now });
      this.checkRow(table, table.rows.get(id)!);
    }
    for (const [field, value] of relational) this.writeX2many(env, table, field, unique, value);
    for (const [field, value] of inverses) field.inverse!(this, env, unique, value);
    this.runConstraints(table, env, unique);
    return true;
  }

  /** Odoo's x2many commands: (0,0,vals) (1,id,vals) (2,id) (3,id) (4,id) (5) (6,0,ids), and bare ids (link). */
  private writeX2many(env: FakeOdooEnv, table: Table, field: FieldDef, ids: number[], value: unknown): void {
    if (field.type === 'one2many') throw OdooFault.python('NotImplementedError: the fake Odoo does not write one2many fields');
    if (isUnset(value)) value = [[5, 0, 0]];
    if (!Array.isArray(value)) throw OdooFault.python(`ValueError: Wrong value for ${table.def.name}.${field.name}: ${pyRepr(value)}`);
    const relation = field.relation!;
    for (const id of ids) {
      const current = new Set((table.rows.get(id)![field.name] as number[] | undefined) ?? []);
      for (const command of value as unknown[]) {
        const [code, target, arg] = Array.isArray(command) ? (command as unknown[]) : [4, command, 0];
        switch (code) {
          case 0:
            for (const created of this.create(env, relation, [arg])) current.add(created);
            break;
          case 1:
            this.write(env, relation, [target as number], arg);
            break;
          case 2:
            this.unlink(env, relation, [target as number]);
            current.delete(target as number);
            break;
          case 3:
            current.delete(target as number);
            break;
          case 4:
            current.add(target as number);
            break;
          case 5:
            current.clear();
            break;
          case 6:
            current.clear();
            for (const t of (arg as number[]) ?? []) current.add(t);
            break;
          default:
            throw OdooFault.python(`ValueError: Wrong value for ${table.def.name}.${field.name}: ${pyRepr(value)}`);
        }
      }
      for (const target of current) {
        if (!this.exists(relation, target)) {
          throw integrity.foreignKey(
            table.def.description,
            table.def.name,
            `${table.def.name.replace(/\./g, '_')}_${field.name}_fkey`,
            field.name,
            target,
            relation,
          );
        }
      }
      this.rawUpdate(table, id, { [field.name]: [...current] });
    }
  }

  /** `unlink()`: MissingError when one does not exist; their external ids go too (as Odoo's unlink does). */
  unlink(env: FakeOdooEnv, model: string, ids: readonly number[]): true {
    const table = this.table(model);
    const unique = [...new Set(ids)];
    const missing = unique.filter((id) => !table.rows.has(id));
    if (missing.length) throw missingRecord(model, missing, env.uid);
    this.removeRows(model, unique, { dropExternalIds: true });
    return true;
  }

  /** Deletes rows, clearing references (many2one set null, many2many links), and optionally their external ids. */
  removeRows(model: string, ids: readonly number[], options: { dropExternalIds: boolean }): void {
    const table = this.table(model);
    const gone = new Set(ids);
    for (const id of ids) this.rawDelete(table, id);
    for (const other of this.tables.values()) {
      for (const f of other.def.fields) {
        if (f.compute || f.relation !== model) continue;
        if (f.type === 'many2one') {
          for (const row of other.rows.values()) if (gone.has(row[f.name] as number)) this.rawUpdate(other, row.id, { [f.name]: false });
        } else if (f.type === 'many2many') {
          for (const row of other.rows.values()) {
            const list = (row[f.name] as number[] | undefined) ?? [];
            if (list.some((x) => gone.has(x))) this.rawUpdate(other, row.id, { [f.name]: list.filter((x) => !gone.has(x)) });
          }
        }
      }
    }
    const imd = this.tables.get('ir.model.data');
    if (options.dropExternalIds && imd) {
      for (const row of [...imd.rows.values()]) if (row.model === model && gone.has(row.res_id as number)) this.rawDelete(imd, row.id);
    }
  }

  /** `search(domain, offset, limit, order)` with Odoo's active_test rule. */
  search(env: FakeOdooEnv, model: string, domain: unknown, options: { offset?: unknown; limit?: unknown; order?: unknown } = {}): number[] {
    const table = this.table(model);
    const predicate = this.domains.compile(model, domain);
    const activeTest = table.fields.has('active') && env.context.active_test !== false && !DomainCompiler.mentions(domain, 'active');
    const order = typeof options.order === 'string' && options.order.trim() ? options.order : table.def.order;
    const comparator = this.domains.comparator(model, order);
    let rows = [...table.rows.values()].filter((row) => (!activeTest || row.active) && predicate(row));
    rows.sort((a, b) => comparator(a, b) || a.id - b.id);
    const offset = typeof options.offset === 'number' && options.offset > 0 ? options.offset : 0;
    const limit = typeof options.limit === 'number' && options.limit > 0 ? options.limit : undefined;
    rows = rows.slice(offset, limit === undefined ? undefined : offset + limit);
    return rows.map((r) => r.id);
  }

  /** `read(fields)`: `id` first then the fields in the order asked; ids that do not exist are dropped. */
  read(model: string, ids: readonly number[], fields: readonly string[] | undefined): Array<Record<string, PyValue>> {
    const table = this.table(model);
    const names = fields && fields.length ? fields : table.def.fields.map((f) => f.name);
    const defs = names.map((name) => this.requireField(model, name));
    const out: Array<Record<string, PyValue>> = [];
    for (const id of ids) {
      const row = table.rows.get(id);
      if (!row) continue;
      const record: Record<string, PyValue> = { id };
      for (const f of defs) if (f.name !== 'id') record[f.name] = this.readValue(model, row, f);
      out.push(record);
    }
    return out;
  }

  /** `fields_get(allfields, attributes)`: definition order, attributes sorted by name, unknown names ignored. */
  fieldsGet(model: string, allfields: unknown, attributes: unknown): Record<string, PyValue> {
    const table = this.table(model);
    const wanted = Array.isArray(allfields) && allfields.length ? new Set(allfields as string[]) : undefined;
    const attrs = Array.isArray(attributes) && attributes.length ? new Set(attributes as string[]) : undefined;
    const out: Record<string, PyValue> = {};
    for (const f of table.def.fields) {
      if (wanted && !wanted.has(f.name)) continue;
      const all: Record<string, PyValue> = {
        name: f.name,
        readonly: Boolean(f.readonly || f.magic || (f.compute && !f.inverse)),
        relation: f.relation,
        required: Boolean(f.required),
        searchable: true,
        selection: f.selection?.map((v) => [v, v.charAt(0).toUpperCase() + v.slice(1)]),
        sortable: !f.compute,
        store: !f.compute,
        string: f.string,
        type: f.type,
      };
      const desc: Record<string, PyValue> = {};
      for (const key of Object.keys(all).sort()) {
        if (all[key] === undefined) continue;
        if (attrs && !attrs.has(key)) continue;
        desc[key] = all[key];
      }
      out[f.name] = desc;
    }
    return out;
  }

  // ---------------------------------------------------------------- test helpers (no access checks, no RPC)

  /** Inserts a row as-is (cache format), with an explicit id if given; bypasses conversions but not indexes. */
  insert(model: string, values: Record<string, unknown> & { id?: number }): number {
    const table = this.table(model);
    const id = values.id ?? table.nextId++;
    if (id >= table.nextId) table.nextId = id + 1;
    const now = formatUtc(this.now());
    const row: Row = { ...this.defaults(table, { uid: 1, context: {} }), create_date: now, write_date: now, ...values, id };
    this.rawInsert(table, row);
    return id;
  }

  /** Moves the id sequence (ids already taken stay taken). */
  setNextId(model: string, nextId: number): void {
    this.table(model).nextId = nextId;
  }

  nextId(model: string): number {
    return this.table(model).nextId;
  }

  /** Adds a constraint checked after every create/write of the model (a ValidationError, fault 2). */
  addConstraint(model: string, constraint: RecordConstraint): () => void {
    const list = this.customConstraints.get(model) ?? [];
    const entry = { constraint };
    list.push(entry);
    this.customConstraints.set(model, list);
    return () => {
      const i = list.indexOf(entry);
      if (i >= 0) list.splice(i, 1);
    };
  }

  /** A record set as Python prints it (for messages). */
  recordset(model: string, ids: readonly number[]): string {
    return recordsetRepr(model, ids);
  }
}
