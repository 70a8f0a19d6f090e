/**
 * The cells of a `load` call turned into create/write values, as Odoo's `ir.fields.converter` does it
 * (odoo/addons/base/models/ir_fields.py, Odoo 16 and 18): every cell is text; an empty cell is False (it clears the
 * field); a cell that cannot be read is not a fault but a message (`ImportIssue`), logged against the row and field.
 *
 * Relational cells arrive as sub-records (`country_id/.id` → `{'.id': '75'}`) and are looked up by database id
 * (`search` on the comodel: archived records are not found), by external id (ir.model.data joined with the comodel's
 * table, superuser), or by name (`name_search` with `=`). A many2many cell is a comma-separated list and becomes
 * `Command.set(ids)`: the whole set is replaced.
 */
import type { FakeOdooDatabase, FakeOdooEnv, FieldDef } from './fake-odoo.database';
import { type AccessOperation, OdooFault, pyRepr } from './fake-odoo.faults';
import { isValidIsoDate, pad } from './fake-odoo.values';
import type { PyValue } from './python-xmlrpc.marshaller';

/** A sub-record of a relational column: sub-field (`id`, `.id`, or null for the name) → cell. */
export type SubRecord = Map<string | null, unknown>;

/** What `_extract_records` made of one row: field (or `id`, `.id`) → cell, or sub-records for relational fields. */
export type ExtractedRecord = Map<string | null, unknown>;

/**
 * A cell Odoo could not read (a ValueError, or an ImportWarning when `warning`). `text` may hold `%(field)s`, which
 * Odoo replaces by the field's label. `extra` is the exception's second argument: undefined when Odoo raised it with
 * one argument (the message then has no `field_name`), else merged into the message with `field_name` added.
 */
export class ImportIssue {
  constructor(
    readonly text: string,
    readonly extra?: Record<string, PyValue> | null,
    readonly warning = false,
  ) {}
}

export interface ImportConversion {
  db: FakeOdooDatabase;
  env: FakeOdooEnv;
  version: 16 | 18;
  /** The context's `module` (default `__import__`): the module of external ids written without one. */
  currentModule: string;
  /** The model being loaded: a name lookup in it first writes the records waiting in the batch. */
  rootModel: string;
  /** `import_flush`: writes the batch waiting to be written if it holds this external id (Odoo's `flush(xml_id=…)`). */
  flush(xmlId: string | undefined): void;
  /** Throws the AccessError (fault 4) when the user lacks the right. */
  checkAccess(model: string, operation: AccessOperation): void;
}

const REFERENCING = new Set<string | null>([null, 'id', '.id']);

/** Python's `str.lower()` membership of `_str_to_boolean` (no translations: the fake's languages carry none). */
export function strToBoolean(value: string): { value: boolean; known: boolean } {
  const v = value.toLowerCase();
  if (['1', 'true', 'yes'].includes(v)) return { value: true, known: true };
  if (['', '0', 'false', 'no'].includes(v)) return { value: false, known: true };
  return { value: true, known: false };
}

/** Python's `int(text)`: surrounding blanks, a sign, digits with single underscores between them. */
export function pyInt(text: string): number | undefined {
  const t = text.trim();
  if (!/^[+-]?\d+(?:_\d+)*$/.test(t)) return undefined;
  return Number(t.replace(/_/g, ''));
}

function pyFloat(text: string): number | undefined {
  const t = text.trim().replace(/(\d)_(?=\d)/g, '$1');
  if (/^[+-]?(nan|inf|infinity)$/i.test(t)) return t.toLowerCase().includes('nan') ? Number.NaN : t.startsWith('-') ? -Infinity : Infinity;
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t) ? Number(t) : undefined;
}

/** `datetime.strptime(text[:10], '%Y-%m-%d')`, which takes one-digit months and days, then `YYYY-MM-DD`. */
function strToDate(text: string): string | undefined {
  const m = /^(\d{4})-(1[0-2]|0[1-9]|[1-9])-(3[01]|[12]\d|0[1-9]|[1-9]| [1-9])$/.exec(text.slice(0, 10));
  if (!m) return undefined;
  const date = `${m[1]}-${pad(Number(m[2]))}-${pad(Number(m[3]!.trim()))}`;
  return isValidIsoDate(date) ? date : undefined;
}

function strToDatetime(text: string): string | undefined {
  let t = text.slice(0, 19);
  if (t.length === 10) t += ' 00:00:00';
  const m = /^(.{10}) (\d{2}):(\d{2}):(\d{2})$/.exec(t);
  const date = m ? strToDate(m[1]!) : undefined;
  if (!m || !date || +m[2]! > 23 || +m[3]! > 59 || +m[4]! > 59) return undefined;
  return `${date} ${m[2]}:${m[3]}:${m[4]}`; // the fake's users have no time zone: the text is read as UTC
}

/** The `moreinfo` of a failed lookup: the window action Odoo's import screen opens. */
function possibleValues(version: 16 | 18, comodel: string, subfield: string | null): Record<string, PyValue> {
  const action: Record<string, PyValue> = {
    name: 'Possible Values',
    type: 'ir.actions.act_window',
    target: 'new',
    view_mode: version >= 17 ? 'list,form' : 'tree,form',
    views: [
      [false, 'list'],
      [false, 'form'],
    ],
    context: { create: false },
    help: 'See all possible values',
  };
  if (subfield === null) action.res_model = comodel;
  else {
    action.res_model = 'ir.model.data';
    action.domain = [['model', '=', comodel]];
  }
  return action;
}

/** `db_id_for`: the id a reference designates, false for an explicitly empty one; an ImportIssue when none. */
function dbIdFor(c: ImportConversion, field: FieldDef, subfield: string | null, value: string, warnings: ImportIssue[]): number | false {
  const comodel = field.relation!;
  const action = () => ({ moreinfo: possibleValues(c.version, comodel, subfield) });
  let id: number | undefined;
  let fieldType: string;
  if (subfield === '.id') {
    fieldType = 'database id';
    if (!strToBoolean(value).value) return false;
    const tentative = pyInt(value);
    if (tentative === undefined) throw new ImportIssue(`Invalid database id '${value}' for the field '%(field)s'`, action());
    c.checkAccess(comodel, 'read');
    if (c.db.search(c.env, comodel, [['id', '=', tentative]]).length) id = tentative;
  } else if (subfield === 'id') {
    fieldType = 'external id';
    if (!strToBoolean(value).value) return false;
    const xmlId = value.includes('.') ? value : `${c.currentModule}.${value}`;
    c.flush(xmlId);
    const dot = xmlId.indexOf('.');
    const [module, name] = [xmlId.slice(0, dot), xmlId.slice(dot + 1)];
    // ir.model.data joined with the comodel's table: an external id whose record is gone is not found.
    const row = c.db.rows('ir.model.data').find((r) => r.module === module && r.name === name && c.db.exists(comodel, r.res_id));
    if (row) {
      if (row.model !== comodel) throw new ImportIssue(`Invalid external ID ${xmlId}: expected model ${pyRepr(comodel)}, found ${pyRepr(row.model)}`);
      id = row.res_id as number;
    }
  } else {
    fieldType = 'name';
    if (value === '') return false;
    if (comodel === c.rootModel) c.flush(undefined);
    c.checkAccess(comodel, 'read');
    const nameField = c.db.field(comodel, 'display_name') ? 'display_name' : 'name';
    const domain = comodel === 'res.partner' ? ['|', '|', [nameField, '=', value], ['email', '=', value], ['ref', '=', value]] : [[nameField, '=', value]];
    const found = c.db.search(c.env, comodel, domain);
    if (found.length > 1)
      warnings.push(new ImportIssue(`Found multiple matches for value '${value}' in field '%(field)s' (${found.length} matches)`, undefined, true));
    id = found[0];
  }
  if (id === undefined) throw new ImportIssue(`No matching record found for ${fieldType} '${value}' in field '%(field)s'`, action());
  return id;
}

/** `_referencing_subfield`: the one sub-field a relational cell may use. */
function referencingSubfield(record: SubRecord): string | null {
  const keys = [...record.keys()];
  if (keys.some((k) => !REFERENCING.has(k))) throw new ImportIssue('Can not create Many-To-One records indirectly, import the field separately');
  if (keys.length > 1) throw new ImportIssue("Ambiguous specification for field '%(field)s', only provide one of name, external id or database id");
  return keys[0]!;
}

function subRecordOf(value: unknown): SubRecord {
  const list = value as SubRecord[];
  if (list.length !== 1) throw new ImportIssue(`too many values to unpack (expected 1)`);
  return list[0]!;
}

/** One cell (non-empty) to its value and warnings, or an ImportIssue. */
function convertCell(c: ImportConversion, model: string, field: FieldDef, value: unknown): { value: unknown; warnings: ImportIssue[] } {
  const warnings: ImportIssue[] = [];
  const text = () => {
    if (typeof value !== 'string')
      throw OdooFault.python(`AttributeError: '${typeof value === 'number' ? 'int' : typeof value}' object has no attribute 'lower'`);
    return value;
  };
  switch (field.type) {
    case 'boolean': {
      const b = strToBoolean(text());
      // An unknown word is True, and Odoo 16/18 log it as a ValueError: an error message, not a warning.
      if (!b.known)
        warnings.push(new ImportIssue(`Unknown value '${value as string}' for boolean field '%(field)s'`, { moreinfo: "Use '1' for yes and '0' for no" }));
      return { value: b.value, warnings };
    }
    case 'integer': {
      const n = pyInt(text());
      if (n === undefined) throw new ImportIssue(`'${value as string}' does not seem to be an integer for field '%(field)s'`, null);
      return { value: n, warnings };
    }
    case 'float': {
      const n = pyFloat(text());
      if (n === undefined) throw new ImportIssue(`'${value as string}' does not seem to be a number for field '%(field)s'`, null);
      return { value: n, warnings };
    }
    case 'date': {
      const d = strToDate(text());
      if (!d) throw new ImportIssue(`'${value as string}' does not seem to be a valid date for field '%(field)s'`, { moreinfo: "Use the format '2012-12-31'" });
      return { value: d, warnings };
    }
    case 'datetime': {
      const d = strToDatetime(text());
      if (!d)
        throw new ImportIssue(`'${value as string}' does not seem to be a valid datetime for field '%(field)s'`, {
          moreinfo: "Use the format '2012-12-31 23:59:59'",
        });
      return { value: d, warnings };
    }
    case 'selection': {
      const v = text().toLowerCase();
      const options = (field.selection ?? []).map((key) => [key, key.charAt(0).toUpperCase() + key.slice(1)] as const);
      const hit = options.find(([key, label]) => key.toLowerCase() === v || label.toLowerCase() === v);
      if (!hit) throw new ImportIssue(`Value '${value as string}' not found in selection field '%(field)s'`, { moreinfo: options.map(([, label]) => label) });
      return { value: hit[0], warnings };
    }
    case 'many2one': {
      const record = subRecordOf(value);
      const subfield = referencingSubfield(record);
      return { value: dbIdFor(c, field, subfield, String(record.get(subfield)), warnings), warnings };
    }
    case 'many2many': {
      const record = subRecordOf(value);
      const subfield = referencingSubfield(record);
      const ids = String(record.get(subfield))
        .split(',')
        .map((reference) => dbIdFor(c, field, subfield, reference, warnings));
      return { value: [[6, 0, ids]], warnings };
    }
    case 'one2many':
      throw OdooFault.python(`NotImplementedError: the fake Odoo does not import one2many fields (${model}.${field.name})`);
    default:
      return { value, warnings }; // char, text, html, binary: as is (_str_id)
  }
}

/** `for_model(model)(record, log)`: the values to create or write; what cannot be read is logged, not written. */
export function convertRecord(
  c: ImportConversion,
  model: string,
  record: ExtractedRecord,
  log: (field: string, issue: ImportIssue) => void,
): Record<string, unknown> {
  const converted: Record<string, unknown> = {};
  for (const [name, value] of record) {
    if (REFERENCING.has(name)) continue;
    const field = c.db.field(model, name!);
    if (!field) throw OdooFault.python(`KeyError: ${pyRepr(name)}`); // a path Odoo 18 lets through (`a.b`)
    if (!value || (Array.isArray(value) && value.length === 0)) {
      converted[name!] = false; // an empty cell clears the field
      continue;
    }
    try {
      const result = convertCell(c, model, field, value);
      converted[name!] = result.value;
      for (const w of result.warnings) log(name!, w);
    } catch (error) {
      if (!(error instanceof ImportIssue)) throw error;
      log(name!, error);
    }
  }
  return converted;
}
