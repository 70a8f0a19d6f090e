/**
 * `BaseModel.load(fields, data)`, Odoo's import method, as Odoo 16/18 run it (odoo/models.py `load`,
 * `_extract_records`, `_convert_records`, `_load_records`; odoo/addons/base/models/ir_fields.py for the conversions):
 * - `fields` are column paths: `id` (an external id; a bare name gets the `__import__` module), `.id` (a database id),
 *   a stored field, `field/id` and `field/.id` (a many2one or many2many by external or database id; many2many cells
 *   are comma-separated). Every cell is text; an empty cell sets the field to False.
 * - A cell that does not convert is an error message naming the row (`record`, `rows`), the field and the reason; the
 *   row is still loaded without it, and the whole call is rolled back at the end.
 * - A known external id updates its record in place; a dangling one (its record deleted) is dropped and the record
 *   created again; a new one creates the record and its `ir.model.data` row (as superuser) in the same transaction.
 * - The rows are first written as one batch in a savepoint; if that fails, row by row, each in a savepoint, one message
 *   per refused row (UserError family: its message; others: "Unknown error during import: …"), stopping after more than
 *   10 errors and more than one error per 10 rows. Any error message rolls everything back: `ids` is False.
 */
import type { FakeOdooDatabase, FakeOdooEnv, FieldDef } from './fake-odoo.database';
import { accessError, OdooFault, pyRepr } from './fake-odoo.faults';
import type { AccessOperation } from './fake-odoo.faults';
import type { PyValue } from './python-xmlrpc.marshaller';

const IMPORT_MODULE = '__import__';
const TOO_MANY_ERRORS = 'Found more than 10 errors and more than one error per 10 records, interrupted to avoid showing too many errors.';

type Message = Record<string, PyValue>;

interface Column {
  path: string;
  field: FieldDef | null; // null for `id` and `.id`
  sub: 'id' | '.id' | null;
}

interface Prepared {
  index: number;
  xid: string | null;
  dbid: number | null;
  values: Record<string, unknown>;
  info: Message;
}

/** A conversion failure: the message (with `%(field)s` for the field's label) and extra keys such as moreinfo. */
class ConversionError extends Error {
  constructor(
    message: string,
    /** The exception's second argument (moreinfo…), after which Odoo adds field_name; null: a bare ValueError. */
    readonly extra: Message | null = null,
  ) {
    super(message);
  }
}

const qualify = (xid: string) => (xid.includes('.') ? xid : `${IMPORT_MODULE}.${xid}`);

function parseColumns(db: FakeOdooDatabase, model: string, fields: unknown): Column[] {
  if (!Array.isArray(fields)) throw OdooFault.python(`TypeError: 'bool' object is not iterable`);
  return fields.map((raw) => {
    const path = String(raw);
    if (path === 'id' || path === '.id') return { path, field: null, sub: null };
    const [name, sub, ...rest] = path.split('/');
    const field = db.field(model, name!);
    if (!field) throw OdooFault.python(`KeyError: ${pyRepr(name)}`);
    if (rest.length || (sub !== undefined && sub !== 'id' && sub !== '.id')) throw OdooFault.python(`ValueError: Invalid field ${pyRepr(path)} on model ${pyRepr(model)}`);
    return { path, field, sub: (sub as Column['sub']) ?? null };
  });
}

/** The record an external id names (module.name), as `ir.model.data` holds it. */
function xmlidRow(db: FakeOdooDatabase, xid: string) {
  const [module, ...rest] = qualify(xid).split('.');
  return db.findUnique('ir.model.data', 'ir_model_data_module_name_uniq_index', [module, rest.join('.')]);
}

/** The "Possible Values" action Odoo attaches to a reference it cannot find (ir_fields.py `db_id_for`). */
function possibleValues(relation: string, sub: Column['sub']): Message {
  const action: Message = {
    name: 'Possible Values',
    type: 'ir.actions.act_window',
    target: 'new',
    view_mode: 'tree,form',
    views: [
      [false, 'list'],
      [false, 'form'],
    ],
    context: { create: false },
    help: 'See all possible values',
  };
  if (sub === null) action.res_model = relation;
  else Object.assign(action, { res_model: 'ir.model.data', domain: [['model', '=', relation]] });
  return { moreinfo: action };
}

/**
 * One referenced record by database id, external id or name, as ir.fields.converter's db_id_for finds it; null when
 * the cell means "none" (a database id that reads as a false boolean: '0', 'false', 'no').
 */
function referenceId(db: FakeOdooDatabase, relation: string, sub: Column['sub'], text: string): number | null {
  const type = sub === '.id' ? 'database id' : sub === 'id' ? 'external id' : 'name';
  const notFound = () => new ConversionError(`No matching record found for ${type} '${text}' in field '%(field)s'`, possibleValues(relation, sub));
  if (sub === '.id') {
    if (['0', 'false', 'no'].includes(text.toLowerCase())) return null;
    if (!/^\s*\d+\s*$/.test(text)) throw new ConversionError(`Invalid database id '${text}' for the field '%(field)s'`, possibleValues(relation, sub));
    const id = Number.parseInt(text, 10);
    if (!db.exists(relation, id)) throw notFound();
    return id;
  }
  if (sub === 'id') {
    const row = xmlidRow(db, text);
    if (!row || row.model !== relation || !db.exists(relation, row.res_id)) throw notFound();
    return row.res_id as number;
  }
  const match = db.rows(relation).find((r) => db.displayName(relation, r.id) === text);
  if (!match) throw notFound();
  return match.id;
}

/** ir.fields.converter: a cell (non-empty text) to the value `write` takes; warnings for booleans it guesses. */
function convertCell(db: FakeOdooDatabase, column: Column, text: string, warn: (message: string) => void): unknown {
  const field = column.field!;
  switch (field.type) {
    case 'boolean': {
      const lower = text.toLowerCase();
      if (['1', 'true', 'yes'].includes(lower)) return true;
      if (['0', 'false', 'no'].includes(lower)) return false;
      warn(`Unknown value '${text}' for boolean field '%(field)s'`); // the row is still loaded, as True
      return true;
    }
    case 'integer':
      if (!/^\s*[+-]?\d+\s*$/.test(text)) throw new ConversionError(`'${text}' does not seem to be an integer for field '%(field)s'`, {});
      return Number.parseInt(text, 10);
    case 'float':
      if (!/^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(text)) throw new ConversionError(`'${text}' does not seem to be a number for field '%(field)s'`, {});
      return Number.parseFloat(text);
    case 'selection': {
      const key = field.selection?.find((v) => v.toLowerCase() === text.toLowerCase());
      if (key === undefined) throw new ConversionError(`Value '${text}' not found in selection field '%(field)s'`, { moreinfo: [...(field.selection ?? [])] });
      return key;
    }
    case 'date':
      if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(Date.parse(`${text}T00:00:00Z`))) {
        throw new ConversionError(`'${text}' does not seem to be a valid date for field '%(field)s'`, { moreinfo: 'Use the format \'2012-12-31\'' });
      }
      return text;
    case 'many2one':
      return referenceId(db, field.relation!, column.sub, text) ?? false;
    case 'many2many': {
      const ids = text.split(',').map((part) => referenceId(db, field.relation!, column.sub, part.trim()));
      return [[6, 0, ids.filter((id): id is number => id !== null)]];
    }
    case 'one2many':
      throw new ConversionError(`the fake Odoo does not import one2many field '%(field)s'`);
    default:
      return text; // char, text, html, datetime, binary: as given
  }
}

/** The message Odoo's load writes for an exception raised while writing a row. */
function rowError(error: unknown, info: Message): Message {
  if (error instanceof OdooFault && !error.isTraceback) return { ...info, type: 'error', message: error.text };
  const line = error instanceof OdooFault ? error.text : String(error);
  const m = /^([\w.]+): ([\s\S]*)$/.exec(line);
  if (m && m[1]!.startsWith('psycopg2')) return { ...info, type: 'error', message: m[2]! };
  const cls = m ? m[1]! : 'Exception';
  return { ...info, type: 'error', message: `Unknown error during import: <class '${cls}'>: ${m ? m[2] : line}`, moreinfo: 'Resolve other errors first' };
}

/**
 * Runs `load` on `model`. `can(op)` tells whether the user has the model right `op` (create for new records, write for
 * updates): a missing right is an AccessError on that row, as Odoo's ORM raises it inside the import.
 */
export function loadRecords(db: FakeOdooDatabase, env: FakeOdooEnv, model: string, fields: unknown, data: unknown, can: (op: AccessOperation) => boolean): PyValue {
  const columns = parseColumns(db, model, fields);
  if (!Array.isArray(data)) throw OdooFault.python(`TypeError: 'bool' object is not iterable`);
  const messages: Message[] = [];
  const prepared: Prepared[] = data.map((raw, index) => {
    if (!Array.isArray(raw)) throw OdooFault.python(`TypeError: '${typeof raw === 'string' ? 'str' : 'int'}' object is not subscriptable`);
    if (raw.length < columns.length) throw OdooFault.python('IndexError: list index out of range');
    // Odoo's keys, in its order: `rows` (the span), then the message's own (type, record, field, message, extras).
    const rows = { from: index, to: index };
    const info: Message = { rows, record: index };
    const row: Prepared = { index, xid: null, dbid: null, values: {}, info };
    columns.forEach((column, k) => {
      const text = raw[k] === false || raw[k] === null ? '' : String(raw[k]);
      if (column.path === 'id') {
        row.xid = text ? qualify(text) : null;
        return;
      }
      if (column.path === '.id') {
        if (!text) return;
        const id = Number.parseInt(text, 10);
        if (!db.exists(model, id)) messages.push({ rows, type: 'error', record: index, field: '.id', message: `Unknown database identifier '${text}'` });
        else row.dbid = id;
        return;
      }
      const field = column.field!;
      if (text === '') {
        row.values[field.name] = false;
        return;
      }
      const log = (type: 'error' | 'warning', message: string, extra: Message | null) =>
        messages.push({ rows, type, record: index, field: field.name, message: message.replace('%(field)s', field.string), ...(extra ? { ...extra, field_name: field.string } : {}) });
      try {
        row.values[field.name] = convertCell(db, column, text, (w) => log('warning', w, { moreinfo: "Use '1' for yes and '0' for no" }));
      } catch (e) {
        if (!(e instanceof ConversionError)) throw e;
        log('error', e.message, e.extra);
      }
    });
    return row;
  });

  const ids: number[] = [];
  const write = (batch: Prepared[]) => {
    const toCreate: Prepared[] = [];
    const done = new Map<Prepared, number>();
    for (const p of batch) {
      let target: number | null = p.dbid;
      if (p.xid) {
        const xml = xmlidRow(db, p.xid);
        if (xml && xml.model !== model) throw OdooFault.user(`For external id ${p.xid} when trying to create/update a record of model ${model} found record of different model ${String(xml.model)} (${xml.id})`);
        if (xml && db.exists(model, xml.res_id)) target = xml.res_id as number;
        else if (xml) db.removeRows('ir.model.data', [xml.id], { dropExternalIds: false }); // dangling: created again below
      }
      if (target === null) toCreate.push(p);
      else {
        if (!can('write')) throw accessError('write', db.def(model).description, model, ['Administration/Settings']);
        db.write(env, model, [target], p.values);
        done.set(p, target);
      }
    }
    if (toCreate.length) {
      if (!can('create')) throw accessError('create', db.def(model).description, model, ['Administration/Settings']);
      const created = db.create(env, model, toCreate.map((p) => p.values));
      toCreate.forEach((p, k) => done.set(p, created[k]!));
      const xmlids = toCreate.filter((p) => p.xid);
      if (xmlids.length) {
        const noupdate = env.context.noupdate === true;
        db.create({ uid: 1, context: {} }, 'ir.model.data', xmlids.map((p) => {
          const [module, ...name] = p.xid!.split('.');
          return { module, name: name.join('.'), model, res_id: done.get(p), noupdate };
        }));
      }
    }
    return batch.map((p) => done.get(p)!);
  };

  db.savepoint(() => {
    try {
      ids.push(...db.savepoint(() => write(prepared))!);
    } catch {
      let errors = 0;
      for (let i = 0; i < prepared.length; i++) {
        const p = prepared[i]!;
        try {
          ids.push(...db.savepoint(() => write([p]))!);
        } catch (e) {
          if (!(e instanceof OdooFault)) throw e;
          messages.push(rowError(e, p.info));
          errors++;
        }
        if (errors >= 10 && errors >= (i + 1) / 10) {
          messages.push({ type: 'warning', message: TOO_MANY_ERRORS });
          break;
        }
      }
    }
    if (messages.some((m) => m.type === 'error')) throw new RollBack();
  }, (e) => e instanceof RollBack);
  const failed = messages.some((m) => m.type === 'error');
  return { ids: failed ? false : ids, messages, nextrow: 0 };
}

/** Thrown to roll the whole load back (Odoo: `sp.rollback()` when any message is an error), then swallowed. */
class RollBack extends Error {}
