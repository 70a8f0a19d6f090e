/**
 * `load(fields, data)`, Odoo's import method, as Odoo 16 and 18 run it (odoo/models.py: `BaseModel.load`,
 * `_extract_records`, `_convert_records`, `_load_records`, `PGERROR_TO_OE`; cells by fake-odoo.import-converter.ts):
 *
 * - columns are paths: `id` (external id; without a module, the context's `module` or `__import__`), `.id` (database
 *   id), a field, or `field/id`, `field/.id`, `field` (by name) for relational fields. An unknown field is a fault:
 *   Odoo 16 `KeyError: 'x'`, Odoo 18 `ValueError: Invalid field name 'x'`;
 * - rows are converted one by one (a bad cell is an error message, not a fault) and gathered in a batch, written by
 *   `_load_records` in a savepoint: known external ids update their record in place (`write`, one per record), the
 *   others are created in one `create`, and their external ids written as superuser (`ir.model.data.sudo()`); an
 *   external id whose record is gone is dropped and its record created again;
 * - when the batch fails, it is written again record by record, each in its own savepoint, one message per refused
 *   record (PostgreSQL errors worded by PGERROR_TO_OE, UserErrors by their text, anything else "Unknown error during
 *   import"), stopping after 10 errors when they are more than one per 10 records; Odoo 17+ also puts the batch's
 *   UserError first, attributed to the batch's first row;
 * - when any message is an error, everything is rolled back and `ids` is false. The answer is
 *   `{ids, messages, nextrow}` (nextrow 0: the fake has no `_import_limit`).
 *
 * Access: `load` itself is not checked; the create and write inside it are (an AccessError there is a UserError, so a
 * message per record), the searches of `.id` columns are (an AccessError there ends the call: fault 4).
 * Not modelled: one2many columns, `mode: 'update'`, `import_file`'s checks, translations of booleans and labels.
 */
import type { FakeOdooDatabase, FakeOdooEnv, FieldDef } from './fake-odoo.database';
import { type AccessOperation, OdooFault, pyRepr } from './fake-odoo.faults';
import { convertRecord, type ExtractedRecord, type ImportConversion, type ImportIssue, pyInt, type SubRecord } from './fake-odoo.import-converter';
import type { PyValue } from './python-xmlrpc.marshaller';

export interface LoadCall {
  db: FakeOdooDatabase;
  env: FakeOdooEnv;
  model: string;
  version: 16 | 18;
  checkAccess(model: string, operation: AccessOperation): void;
}

type Message = Record<string, PyValue>;
interface Info {
  rows: { from: number; to: number };
  record: number;
}
interface Pending {
  xmlId: string | false;
  /** The `.id` of a row without external id: update that record. */
  dbId: number | false;
  values: Record<string, unknown>;
  info: Info;
}

const TOO_MANY_ERRORS: Message = {
  type: 'warning',
  message: 'Found more than 10 errors and more than one error per 10 records, interrupted to avoid showing too many errors.',
};

const RELATIONAL = new Set(['many2one', 'many2many', 'one2many']);

/** `fix_import_export_id_paths`: `a.id` → `a/.id`, `a:id` → `a/id`, split on `/`. */
function fieldPath(path: string): string[] {
  return path
    .replace(/([^/])\.id/g, '$1/.id')
    .replace(/([^/]):id/g, '$1/id')
    .split('/');
}

function isReference(name: string | undefined): boolean {
  return name === 'id' || name === '.id';
}

/** The faults Odoo raises for an unknown column, before reading any row. */
function checkPaths(db: FakeOdooDatabase, model: string, paths: string[][], version: 16 | 18): void {
  for (const path of paths) {
    if (version < 17) {
      // load() looks each name up in the model's fields (a comodel's only through a one2many): KeyError.
      if (isReference(path[0])) continue;
      for (const name of path) {
        if (isReference(name)) break;
        if (!db.field(model, name)) throw OdooFault.python(`KeyError: ${pyRepr(name)}`);
      }
    } else {
      // _extract_records checks the first name of each path, then the comodel's extraction the next ones.
      let current = model;
      for (const name of path) {
        if (!name || name.includes('.')) break;
        const field = db.field(current, name);
        if (!field) throw OdooFault.python(`ValueError: Invalid field name ${pyRepr(name)}`);
        if (!RELATIONAL.has(field.type)) break;
        current = field.relation!;
      }
    }
  }
}

/** `_extract_records` for one row (no one2many: one row, one record): plain cells as they are, relational ones as sub-records. */
function extractRow(db: FakeOdooDatabase, model: string, paths: string[][], row: readonly unknown[]): ExtractedRecord {
  const record: ExtractedRecord = new Map();
  const relational = new Map<string, number[]>();
  paths.forEach((path, i) => {
    const head = path[0]!;
    const field = isReference(head) ? undefined : db.field(model, head);
    if (field && RELATIONAL.has(field.type)) relational.set(head, [...(relational.get(head) ?? []), i]);
    else if (i < row.length) record.set(head, row[i]); // zip(): a short row has no cell there
  });
  for (const [head, indices] of relational) {
    if (indices.some((i) => i >= row.length)) throw OdooFault.python('IndexError: list index out of range');
    const cells = indices.map((i) => row[i]);
    if (!cells.some(Boolean)) {
      record.set(head, []);
      continue;
    }
    const sub: SubRecord = new Map();
    indices.forEach((i, k) => sub.set(paths[i]!.length > 1 ? paths[i]![1]! : null, cells[k]));
    record.set(head, [sub]);
  }
  return record;
}

/** What `load` answers for a record refused by `_load_records` (the `except` clauses of the record-by-record loop). */
function failure(db: FakeOdooDatabase, model: string, fault: OdooFault, info: Info): Message {
  const base: Message = { ...info, type: 'error' };
  const pg = fault.pg;
  const table = model.replace(/\./g, '_');
  const label = (column: string) => db.field(model, column)?.string ?? column;
  if (pg?.code === '23502') {
    const column = pg.columns![0]!;
    if (pg.table !== table) return { ...base, message: `Missing required value for the field '${column}'` };
    return { ...base, message: `Missing required value for the field '${label(column)}' (${column})`, field: column };
  }
  if (pg?.code === '23505' && pg.table === table && pg.columns?.length) {
    if (pg.columns.length === 1) {
      const column = pg.columns[0]!;
      return {
        ...base,
        message: `The value for the field '${column}' already exists (this is probably '${label(column)}' in the current model).`,
        field: column,
      };
    }
    return {
      ...base,
      message:
        `The values for the fields '${pg.columns.join(', ')}' already exist (they are probably '${pg.columns.map(label).join(', ')}' in the ` +
        `current model).`,
    };
  }
  if (pg?.code === '23514') {
    const check = db.def(model).sqlChecks?.find((c) => `${table}_${c.name}` === pg.constraint);
    if (check) return { ...base, message: `'${check.message}'` };
  }
  if (pg) return { ...base, message: pg.text };
  if (fault.faultCode !== 1) return { ...base, message: fault.text }; // UserError, ValidationError, AccessError…
  const m = /^([\w.]+): ([\s\S]*)$/.exec(fault.text);
  const [cls, text] = m ? [m[1]!, m[2]!] : ['Exception', fault.text];
  return { ...base, message: `Unknown error during import: <class '${cls}'>: ${text}`, moreinfo: 'Resolve other errors first' };
}

function sameMessage(a: Message, b: Message): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** `_load_records`: updates in place, creates the rest in one call, writes the new external ids (superuser). */
function loadRecords(call: LoadCall, list: readonly Pending[], noupdate: boolean): number[] {
  const { db, env, model } = call;
  const records = new Map<Pending, number>();
  const toCreate: Pending[] = [];
  const toUpdate: Pending[] = [];
  const xmlIds: Array<{ xmlId: string; id: () => number }> = [];
  const existing = new Map(
    list
      .filter((d) => d.xmlId)
      .map((d) => [d.xmlId as string, externalId(db, d.xmlId as string)] as const)
      .filter(([, row]) => row !== undefined),
  );
  for (const data of list) {
    if (!data.xmlId) {
      if (data.dbId) {
        records.set(data, data.dbId);
        toUpdate.push(data);
      } else toCreate.push(data);
      continue;
    }
    const row = existing.get(data.xmlId);
    if (!row) {
      toCreate.push(data);
      continue;
    }
    if (row.model !== model) {
      throw OdooFault.user(
        `For external id ${data.xmlId} when trying to create/update a record of model ${model} found record of different model ${row.model} (${row.id})`,
      );
    }
    if (db.exists(model, row.resId)) {
      records.set(data, row.resId);
      toUpdate.push(data);
    } else {
      if (db.exists('ir.model.data', row.id)) db.removeRows('ir.model.data', [row.id], { dropExternalIds: false }); // dangling
      toCreate.push(data);
    }
  }
  for (const data of toUpdate) {
    call.checkAccess(model, 'write');
    db.write(env, model, [records.get(data)!], data.values);
  }
  if (toCreate.length) {
    call.checkAccess(model, 'create');
    const ids = db.create(
      env,
      model,
      toCreate.map((d) => d.values),
    );
    toCreate.forEach((data, i) => {
      records.set(data, ids[i]!);
      if (data.xmlId) xmlIds.push({ xmlId: data.xmlId, id: () => ids[i]! });
    });
  }
  // _update_xmlids: one INSERT … ON CONFLICT (module, name) DO UPDATE; two new rows with one key fail in PostgreSQL.
  const inserted = new Map<string, number>();
  for (const { xmlId, id } of xmlIds) {
    if (inserted.has(xmlId) && inserted.get(xmlId) !== id()) {
      throw OdooFault.postgres(
        {
          code: '21000',
          text:
            'ON CONFLICT DO UPDATE command cannot affect row a second time\n' +
            'HINT:  Ensure that no rows proposed for insertion within the same command have duplicate constrained values.\n',
        },
        1,
        'psycopg2.errors.CardinalityViolation: ON CONFLICT DO UPDATE command cannot affect row a second time',
      );
    }
    inserted.set(xmlId, id());
  }
  for (const [xmlId, id] of inserted) {
    const dot = xmlId.indexOf('.');
    db.insert('ir.model.data', { module: xmlId.slice(0, dot), name: xmlId.slice(dot + 1), model, res_id: id, noupdate });
  }
  return list.map((d) => records.get(d)!);
}

function externalId(db: FakeOdooDatabase, xmlId: string): { id: number; model: unknown; resId: number } | undefined {
  const dot = xmlId.indexOf('.');
  const row = db.rows('ir.model.data').find((r) => r.module === xmlId.slice(0, dot) && r.name === xmlId.slice(dot + 1));
  return row ? { id: row.id, model: row.model, resId: row.res_id as number } : undefined;
}

/** `BaseModel.load(fields, data)` (see the module comment). */
export function load(call: LoadCall, fieldsArg: unknown, dataArg: unknown): PyValue {
  const { db, env, model, version } = call;
  if (!Array.isArray(fieldsArg)) throw OdooFault.python(`TypeError: '${typeof fieldsArg === 'number' ? 'int' : 'bool'}' object is not iterable`);
  if (!Array.isArray(dataArg)) throw OdooFault.python(`TypeError: object of type '${typeof dataArg === 'number' ? 'int' : 'bool'}' has no len()`);
  const paths = fieldsArg.map((f) => {
    if (typeof f !== 'string') throw OdooFault.python(`TypeError: expected string or bytes-like object, got '${typeof f === 'number' ? 'int' : 'list'}'`);
    return fieldPath(f);
  });
  checkPaths(db, model, paths, version);

  const currentModule = typeof env.context.module === 'string' ? env.context.module : '__import__';
  const noupdate = Boolean(env.context.noupdate);
  const mark = db.undoMark(); // load's own savepoint: rolled back when any message is an error
  const ids: number[] = [];
  const messages: Message[] = [];
  const batch: Pending[] = [];
  const batchXmlIds = new Set<string>();

  const flush = () => {
    if (!batch.length) return;
    const list = batch.splice(0);
    batchXmlIds.clear();
    let batchError: Message | undefined;
    try {
      ids.push(...db.savepoint(() => loadRecords(call, list, noupdate)));
      return;
    } catch (error) {
      if (!(error instanceof OdooFault)) throw error;
      if (version >= 17 && error.faultCode !== 1 && !error.pg) batchError = { ...list[0]!.info, type: 'error', message: error.text };
    }
    let errors = 0;
    for (let i = 1; i <= list.length; i++) {
      const data = list[i - 1]!;
      try {
        ids.push(...db.savepoint(() => loadRecords(call, [data], noupdate)));
      } catch (error) {
        if (!(error instanceof OdooFault)) throw error;
        messages.push(failure(db, model, error, data.info));
        errors++;
      }
      if (errors >= 10 && errors >= i / 10) {
        messages.push({ ...TOO_MANY_ERRORS });
        break;
      }
    }
    if (errors > 0 && batchError && !messages.some((m) => sameMessage(m, batchError))) messages.unshift(batchError);
  };

  const conversion: ImportConversion = {
    db,
    env,
    version,
    currentModule,
    rootModel: model,
    flush: (xmlId) => {
      if (xmlId === undefined || batchXmlIds.has(xmlId)) flush();
    },
    checkAccess: call.checkAccess,
  };

  dataArg.forEach((row, index) => {
    if (!Array.isArray(row)) throw OdooFault.python(`TypeError: '${typeof row === 'string' ? 'str' : 'int'}' object is not iterable`);
    const record = extractRow(db, model, paths, row);
    const rows = { from: index, to: index };
    // _convert_records: the row's database id first (a search: archived records are not found), then its cells.
    const dotId = record.get('.id');
    let dbId: number | false = false;
    if (version < 17 ? record.has('.id') : Boolean(dotId)) {
      const n = typeof dotId === 'string' ? pyInt(dotId) : undefined;
      if (n === undefined) throw OdooFault.python(`psycopg2.errors.InvalidTextRepresentation: invalid input syntax for type integer: "${String(dotId)}"`);
      call.checkAccess(model, 'read');
      if (db.search(env, model, [['id', '=', n]]).length) dbId = n;
      else messages.push({ rows, type: 'error', record: index, field: '.id', message: `Unknown database identifier '${n}'` });
    }
    const values = convertRecord(conversion, model, record, (name: string, issue: ImportIssue) => {
      const label = (db.field(model, name) as FieldDef).string;
      const message: Message = {
        rows,
        type: issue.warning ? 'warning' : 'error',
        record: index,
        field: name,
        message: issue.text.replace(/%\(field\)s/g, label),
      };
      if (issue.extra !== undefined) Object.assign(message, issue.extra ?? {}, { field_name: label });
      messages.push(message);
    });
    const rawXmlId = record.get('id');
    const xmlId = typeof rawXmlId === 'string' && rawXmlId ? (rawXmlId.includes('.') ? rawXmlId : `${currentModule}.${rawXmlId}`) : false;
    if (xmlId) batchXmlIds.add(xmlId);
    batch.push({ xmlId, dbId: xmlId ? false : dbId, values, info: { rows, record: index } });
  });
  flush();

  const failed = messages.some((m) => m.type === 'error');
  if (failed) db.rollbackTo(mark);
  return { ids: failed ? false : ids, messages, nextrow: 0 };
}
