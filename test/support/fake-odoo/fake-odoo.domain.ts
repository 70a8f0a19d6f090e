/**
 * Odoo domains and orders over the fake's in-memory rows: prefix notation (`'|'`, `'&'`, `'!'`, implicit `&`),
 * leaves `[field(.path), operator, value]` with Odoo's SQL-like semantics (NULL never matches a comparison, `!=`
 * includes unset values, `ilike` wraps the value in `%…%`, many2one compared by id or by display name, x2many by
 * membership), and `order` strings (`name asc, id desc`, NULLS LAST on ascending order as in PostgreSQL).
 */
import { OdooFault, pyRepr, pyTuple } from './fake-odoo.faults';
import type { FakeOdooDatabase, FieldDef, Row } from './fake-odoo.database';

type Predicate = (row: Row) => boolean;

const OPERATORS = new Set(['=', '!=', '<>', '<', '>', '<=', '>=', '=?', 'like', 'not like', 'ilike', 'not ilike', '=like', '=ilike', 'in', 'not in']);

function likeRegex(pattern: string, caseInsensitive: boolean): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\' && i + 1 < pattern.length) source += pattern[++i]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else if (c === '%') source += '[\\s\\S]*';
    else if (c === '_') source += '[\\s\\S]';
    else source += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, caseInsensitive ? 'i' : '');
}

function isUnset(value: unknown): boolean {
  return value === false || value === null || value === undefined;
}

function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' || typeof b === 'boolean') return Number(Boolean(a)) - Number(Boolean(b));
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

export class DomainCompiler {
  constructor(
    private readonly db: FakeOdooDatabase,
    private readonly version: 16 | 18,
  ) {}

  private invalidLeaf(model: string, leaf: readonly unknown[]): OdooFault {
    return OdooFault.python(`ValueError: Invalid leaf ${pyTuple(leaf)}`);
  }

  private invalidField(model: string, path: string, leaf: readonly unknown[]): OdooFault {
    return this.version >= 17
      ? OdooFault.python(`ValueError: Invalid field ${model}.${path} in condition ${pyTuple(leaf)}`)
      : OdooFault.python(`ValueError: Invalid field ${model}.${path} in leaf ${pyTuple(leaf)}`);
  }

  /** Compiles a domain into a predicate (throws the fault Odoo would answer for a malformed domain). */
  compile(model: string, domain: unknown): Predicate {
    if (domain === false || domain === null || domain === undefined) return () => true;
    if (!Array.isArray(domain)) throw OdooFault.python(`ValueError: Invalid domain: ${pyRepr(domain)}`);
    const stack: Predicate[] = [];
    for (let i = domain.length - 1; i >= 0; i--) {
      const term: unknown = domain[i];
      if (term === '!') {
        const a = stack.pop();
        if (!a) throw OdooFault.python(`ValueError: Domain ${pyRepr(domain)} is syntactically not correct.`);
        stack.push((r) => !a(r));
      } else if (term === '&' || term === '|') {
        const a = stack.pop();
        const b = stack.pop();
        if (!a || !b) throw OdooFault.python(`ValueError: Domain ${pyRepr(domain)} is syntactically not correct.`);
        stack.push(term === '&' ? (r) => a(r) && b(r) : (r) => a(r) || b(r));
      } else if (Array.isArray(term) && term.length === 3) {
        stack.push(this.leaf(model, term as [unknown, unknown, unknown]));
      } else {
        throw OdooFault.python(`ValueError: Invalid leaf ${pyRepr(term)}`);
      }
    }
    return (row) => stack.every((p) => p(row));
  }

  /** True when a top-level leaf of the domain names the field (Odoo's active_test rule). */
  static mentions(domain: unknown, field: string): boolean {
    return Array.isArray(domain) && domain.some((t) => Array.isArray(t) && t[0] === field);
  }

  private leaf(model: string, leaf: [unknown, unknown, unknown]): Predicate {
    const [left, rawOperator, value] = leaf;
    // TRUE_LEAF / FALSE_LEAF
    if (left === 1 || left === 0) {
      const truth = left === 1;
      return () => truth;
    }
    if (typeof left !== 'string' || typeof rawOperator !== 'string') throw this.invalidLeaf(model, leaf);
    const operator = rawOperator.toLowerCase() === '<>' ? '!=' : rawOperator.toLowerCase();
    if (!OPERATORS.has(operator)) throw this.invalidLeaf(model, leaf);
    if (operator === '=?' && isUnset(value)) return () => true;
    const op = operator === '=?' ? '=' : operator;
    const path = left.split('.');
    const first = this.db.field(model, path[0]!);
    if (!first) throw this.invalidField(model, left, leaf);
    if (path.length > 1) {
      if (first.type !== 'many2one' && first.type !== 'many2many' && first.type !== 'one2many') throw this.invalidField(model, left, leaf);
      const sub = this.leaf(first.relation!, [path.slice(1).join('.'), operator, value]);
      const relation = first.relation!;
      return (row) => {
        const v = this.db.value(model, row, first);
        const ids = Array.isArray(v) ? (v as number[]) : isUnset(v) ? [] : [v as number];
        return ids.some((id) => {
          const related = this.db.row(relation, id);
          return related !== undefined && sub(related);
        });
      };
    }
    return this.fieldPredicate(model, first, op, value, leaf);
  }

  private fieldPredicate(model: string, field: FieldDef, op: string, value: unknown, leaf: readonly unknown[]): Predicate {
    const get = (row: Row): unknown => this.db.value(model, row, field);
    const negate =
      (p: Predicate): Predicate =>
      (row) =>
        !p(row);

    if (field.type === 'many2many' || field.type === 'one2many') {
      const ids = (row: Row) => (get(row) as number[]) ?? [];
      const names = (row: Row) => ids(row).map((id) => this.db.displayName(field.relation!, id));
      switch (op) {
        case '=':
          if (isUnset(value)) return (r) => ids(r).length === 0;
          if (typeof value === 'number') return (r) => ids(r).includes(value);
          return (r) => names(r).includes(String(value));
        case '!=':
          return negate(this.fieldPredicate(model, field, '=', value, leaf));
        case 'in':
        case 'not in': {
          const set = new Set((Array.isArray(value) ? value : [value]) as unknown[]);
          const p: Predicate = (r) => (set.has(false) && ids(r).length === 0) || ids(r).some((id) => set.has(id));
          return op === 'in' ? p : negate(p);
        }
        default: {
          const text = this.textPredicate(op, value);
          if (!text) throw OdooFault.python(`ValueError: Invalid leaf ${pyTuple(leaf)}`);
          return op.startsWith('not') ? (r) => !names(r).some((n) => text(n)) : (r) => names(r).some((n) => text(n));
        }
      }
    }

    if (field.type === 'many2one') {
      const name = (row: Row) => {
        const id = get(row);
        return isUnset(id) ? undefined : this.db.displayName(field.relation!, id as number);
      };
      switch (op) {
        case '=':
          if (isUnset(value)) return (r) => isUnset(get(r));
          if (typeof value === 'number') return (r) => get(r) === value;
          return (r) => name(r) === String(value);
        case '!=':
          return negate(this.fieldPredicate(model, field, '=', value, leaf));
        case 'in':
        case 'not in': {
          const list = (Array.isArray(value) ? value : [value]) as unknown[];
          const set = new Set(list);
          const p: Predicate = (r) => {
            const id = get(r);
            return isUnset(id) ? set.has(false) : set.has(id);
          };
          return op === 'in' ? p : negate(p);
        }
        default: {
          if (['<', '>', '<=', '>='].includes(op)) return this.ordering(get, op, value);
          const text = this.textPredicate(op, value);
          if (!text) throw OdooFault.python(`ValueError: Invalid leaf ${pyTuple(leaf)}`);
          if (op.startsWith('not')) return (r) => name(r) === undefined || !text(name(r)!);
          return (r) => name(r) !== undefined && text(name(r)!);
        }
      }
    }

    const numeric = field.type === 'integer' || field.type === 'float' || field.name === 'id';
    const coerce = (v: unknown): unknown => (numeric && typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v);
    switch (op) {
      case '=':
        if (field.type === 'boolean') return (r) => Boolean(get(r)) === Boolean(value);
        if (isUnset(value)) return (r) => isUnset(get(r));
        return (r) => {
          const v = get(r);
          return !isUnset(v) && v === coerce(value);
        };
      case '!=':
        return negate(this.fieldPredicate(model, field, '=', value, leaf));
      case 'in':
      case 'not in': {
        const list = (Array.isArray(value) ? value : [value]) as unknown[];
        const set = new Set(list.map(coerce));
        const p: Predicate =
          field.type === 'boolean'
            ? (r) => set.has(Boolean(get(r))) || (!get(r) && set.has(false))
            : (r) => {
                const v = get(r);
                return isUnset(v) ? set.has(false) : set.has(v);
              };
        return op === 'in' ? p : negate(p);
      }
      case '<':
      case '>':
      case '<=':
      case '>=':
        return this.ordering(get, op, coerce(value));
      default: {
        const text = this.textPredicate(op, value);
        if (!text) throw OdooFault.python(`ValueError: Invalid leaf ${pyTuple(leaf)}`);
        if (op.startsWith('not')) return (r) => !text(isUnset(get(r)) ? '' : String(get(r)));
        return (r) => !isUnset(get(r)) && text(String(get(r)));
      }
    }
  }

  private ordering(get: (row: Row) => unknown, op: string, value: unknown): Predicate {
    return (row) => {
      const v = get(row);
      if (isUnset(v) || isUnset(value)) return false;
      const c = compare(v, value);
      return op === '<' ? c < 0 : op === '>' ? c > 0 : op === '<=' ? c <= 0 : c >= 0;
    };
  }

  /** like/ilike family on text; undefined for other operators. Negative operators return the positive test. */
  private textPredicate(op: string, value: unknown): ((text: string) => boolean) | undefined {
    const v = isUnset(value) ? '' : String(value);
    switch (op) {
      case 'like':
      case 'not like':
        return (
          (re) => (t: string) =>
            re.test(t)
        )(likeRegex(`%${v}%`, false));
      case 'ilike':
      case 'not ilike':
        return (
          (re) => (t: string) =>
            re.test(t)
        )(likeRegex(`%${v}%`, true));
      case '=like':
        return (
          (re) => (t: string) =>
            re.test(t)
        )(likeRegex(v, false));
      case '=ilike':
        return (
          (re) => (t: string) =>
            re.test(t)
        )(likeRegex(v, true));
      default:
        return undefined;
    }
  }

  /** An `order` string as a comparator; throws Odoo's fault for an unknown field. */
  comparator(model: string, order: string): (a: Row, b: Row) => number {
    const parts = order
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean)
      .map((part) => {
        const m = /^([\w.]+)(?:\s+(asc|desc))?(?:\s+nulls\s+(first|last))?$/i.exec(part);
        if (!m)
          throw OdooFault.python(
            `ValueError: Invalid "order" specified (${order}). A valid "order" specification is a comma-separated list of valid field names ` +
              `(optionally followed by asc/desc for the direction)`,
          );
        const field = this.db.field(model, m[1]!);
        if (!field) throw OdooFault.python(`ValueError: Invalid field ${pyRepr(m[1])} on model ${pyRepr(model)}`);
        const desc = (m[2] ?? 'asc').toLowerCase() === 'desc';
        const nullsFirst = m[3] ? m[3].toLowerCase() === 'first' : desc;
        return { field, desc, nullsFirst };
      });
    return (a, b) => {
      for (const { field, desc, nullsFirst } of parts) {
        let va = this.db.value(model, a, field);
        let vb = this.db.value(model, b, field);
        if (field.type === 'many2one') {
          va = isUnset(va) ? va : this.db.displayName(field.relation!, va as number);
          vb = isUnset(vb) ? vb : this.db.displayName(field.relation!, vb as number);
        }
        const na = field.type !== 'boolean' && isUnset(va);
        const nb = field.type !== 'boolean' && isUnset(vb);
        if (na || nb) {
          if (na && nb) continue;
          return na ? (nullsFirst ? -1 : 1) : nullsFirst ? 1 : -1;
        }
        const c = compare(va, vb);
        if (c !== 0) return desc ? -c : c;
      }
      return 0;
    };
  }
}
