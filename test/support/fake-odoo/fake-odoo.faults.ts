/**
 * Odoo's faults as the fake raises them. Odoo's `xmlrpc_handle_exception_int` maps exceptions to fault codes:
 * 1 any exception (faultString = the traceback), 2 UserError family (bare message), 3 AccessDenied (`Access Denied`),
 * 4 AccessError (bare message). The messages below are Odoo's own wordings (checked against the transcripts).
 */

/**
 * What PostgreSQL reported, for the faults that come from it. Odoo's RPC layer turns an IntegrityError into a
 * ValidationError (fault 2), but `load` sees the raw psycopg2 error and words it itself (models.py PGERROR_TO_OE).
 */
export interface PgError {
  /** SQLSTATE: 23502 not null, 23503 foreign key, 23505 unique, 23514 check, 22003 out of range, 21000 cardinality. */
  code: string;
  /** psycopg2's `str(e)`: the server's message, DETAIL line included, ending with a newline. */
  text: string;
  table?: string;
  /** The columns the constraint covers (one for NOT NULL and foreign keys). */
  columns?: readonly string[];
  constraint?: string;
}

/** A fault the fake answers. For code 1, `exceptionLines` is the end of the traceback (`Class: message`). */
export class OdooFault extends Error {
  private constructor(
    readonly faultCode: number,
    /** Code 2-4: the whole faultString. Code 1: the exception line(s) that end the traceback. */
    readonly text: string,
    /** Set when PostgreSQL raised it (see {@link PgError}). */
    readonly pg?: PgError,
  ) {
    super(`fault ${faultCode}: ${text}`);
  }

  get isTraceback(): boolean {
    return this.faultCode === 1;
  }

  /** Fault 1: a Python exception, rendered with a traceback. `exceptionLines` reads `Class: message`. */
  static python(exceptionLines: string): OdooFault {
    return new OdooFault(1, exceptionLines);
  }

  /** Fault 2: UserError, ValidationError, MissingError, SQL constraints: the bare message. */
  static user(message: string): OdooFault {
    return new OdooFault(2, message);
  }

  /** Fault 3: AccessDenied. */
  static accessDenied(): OdooFault {
    return new OdooFault(3, 'Access Denied');
  }

  /** Fault 4: AccessError. */
  static accessError(message: string): OdooFault {
    return new OdooFault(4, message);
  }

  /** Any code (fault injection). */
  static raw(faultCode: number, text: string): OdooFault {
    return new OdooFault(faultCode, text);
  }

  /** A PostgreSQL error, with the fault the RPC layer makes of it: 2 for an IntegrityError, 1 (`Class: message`) otherwise. */
  static postgres(pg: PgError, faultCode: 1 | 2, text: string): OdooFault {
    return new OdooFault(faultCode, text, pg);
  }
}

/** An int4 column given 2³¹ or more (fault 1 over RPC, transcript 94). */
export function integerOutOfRange(): OdooFault {
  return OdooFault.postgres({ code: '22003', text: 'integer out of range\n' }, 1, 'psycopg2.errors.NumericValueOutOfRange: integer out of range');
}

const tableOf = (model: string) => model.replace(/\./g, '_');

/** Python's `repr()` of the values that appear in Odoo's messages. */
export function pyRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(value);
  if (typeof value === 'string') {
    const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
    const body = value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t').replace(new RegExp(quote, 'g'), `\\${quote}`);
    return `${quote}${body}${quote}`;
  }
  if (value instanceof Date) return `<DateTime '${value.toISOString()}'>`;
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
  if (typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${pyRepr(k)}: ${pyRepr(v)}`)
      .join(', ')}}`;
  }
  return String(value);
}

/** Python's repr of a tuple. */
export function pyTuple(items: readonly unknown[]): string {
  if (items.length === 1) return `(${pyRepr(items[0])},)`;
  return `(${items.map(pyRepr).join(', ')})`;
}

/** `res.partner(1, 2)` / `res.partner(7,)`, as a recordset prints. */
export function recordsetRepr(model: string, ids: readonly number[]): string {
  return `${model}${pyTuple(ids)}`;
}

/** The missing-record message of `write`, `unlink`, and of an unknown uid (transcripts 17, 51, 66). */
export function missingRecord(model: string, ids: readonly number[], uid: number): OdooFault {
  return OdooFault.user(`Record does not exist or has been deleted.\n(Record: ${recordsetRepr(model, ids)}, User: ${uid})`);
}

export const ACCESS_OPERATIONS = ['read', 'write', 'create', 'unlink'] as const;
export type AccessOperation = (typeof ACCESS_OPERATIONS)[number];

const ACCESS_HEADER: Record<AccessOperation, string> = {
  read: "You are not allowed to access '%s' (%s) records.",
  write: "You are not allowed to modify '%s' (%s) records.",
  create: "You are not allowed to create '%s' (%s) records.",
  unlink: "You are not allowed to delete '%s' (%s) records.",
};

/** ir.model.access's AccessError (fault 4). */
export function accessError(operation: AccessOperation, description: string, model: string, groups: readonly string[]): OdooFault {
  const head = ACCESS_HEADER[operation].replace('%s', description).replace('%s', model);
  const groupInfo = groups.length
    ? `This operation is allowed for the following groups:\n${groups.map((g) => `\t- ${g}`).join('\n')}`
    : 'No group currently allows this operation.';
  return OdooFault.accessError(`${head}\n\n${groupInfo}\n\nContact your administrator to request access if necessary.`);
}

/** What service/model.py makes of an IntegrityError (Odoo 16 and 18): a ValidationError, fault 2. */
export const integrity = {
  notNull(modelDescription: string, model: string, fieldString: string, field: string): OdooFault {
    const table = tableOf(model);
    return OdooFault.postgres(
      { code: '23502', table, columns: [field], text: `null value in column "${field}" of relation "${table}" violates not-null constraint\n` },
      2,
      'The operation cannot be completed:\n' +
        '- Create/update: a mandatory field is not set.\n' +
        '- Delete: another model requires the record being deleted. If possible, archive it instead.\n\n' +
        `Model: ${modelDescription} (${model})\n` +
        `Field: ${fieldString} (${field})\n`,
    );
  },
  /** `column` = `value` names no row of `target` (a model). */
  foreignKey(modelDescription: string, model: string, constraint: string, column: string, value: unknown, target: string): OdooFault {
    const table = tableOf(model);
    return OdooFault.postgres(
      {
        code: '23503',
        table,
        columns: [column],
        constraint,
        text:
          `insert or update on table "${table}" violates foreign key constraint "${constraint}"\n` +
          `DETAIL:  Key (${column})=(${String(value)}) is not present in table "${tableOf(target)}".\n`,
      },
      2,
      'The operation cannot be completed: another model requires the record being deleted. If possible, archive it instead.\n\n' +
        `Model: ${modelDescription} (${model})\n` +
        `Constraint: ${constraint}\n`,
    );
  },
  /** A registered SQL constraint (`_sql_constraints`, named `<table>_<name>`): its translated message. */
  sqlConstraint(model: string, name: string, message: string): OdooFault {
    const table = tableOf(model);
    const constraint = `${table}_${name}`;
    return OdooFault.postgres(
      { code: '23514', table, constraint, text: `new row for relation "${table}" violates check constraint "${constraint}"\n` },
      2,
      `The operation cannot be completed: ${message}`,
    );
  },
  /** Any other IntegrityError (a unique index): psycopg2's own text, DETAIL line included. */
  unique(model: string, index: string, columns: readonly string[], values: readonly unknown[]): OdooFault {
    const text =
      `duplicate key value violates unique constraint "${index}"\n` +
      `DETAIL:  Key (${columns.join(', ')})=(${values.map((v) => String(v)).join(', ')}) already exists.\n`;
    return OdooFault.postgres({ code: '23505', table: tableOf(model), columns, constraint: index, text }, 2, `The operation cannot be completed: ${text}`);
  },
};
