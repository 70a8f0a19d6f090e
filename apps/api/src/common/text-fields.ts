import { DomainError, describeCharacter, findUnsafeCharacter, type UnsafeCharacter } from '@coop/core';

/**
 * Every string a request carries must be text that XML — hence Odoo's XML-RPC — can carry, and one line unless its
 * field says otherwise. The validation pipe applies this to every body, query and path parameter, whatever the DTO
 * (deny by default: a new DTO cannot forget it); the few fields that may hold several lines opt in with
 * `@MultiLineText()`.
 */
const MULTI_LINE = Symbol('coop:multi-line-text');

/** This field may hold line breaks and tabs (a description, a reason); still only characters XML can carry. */
export function MultiLineText(): PropertyDecorator {
  return (target, propertyKey) => Reflect.defineMetadata(MULTI_LINE, true, target, propertyKey);
}

function isMultiLine(owner: object, key: string): boolean {
  return Reflect.getMetadata(MULTI_LINE, owner, key) === true;
}

export interface TextProblem extends UnsafeCharacter {
  field: string;
}

const MAX_REPORTED = 20;

/** Walks strings, arrays and objects (DTO instances or plain) and lists the fields holding a refused character. */
export function findTextProblems(value: unknown, field: string, multiLine = false, out: TextProblem[] = []): TextProblem[] {
  if (out.length >= MAX_REPORTED) return out;
  if (typeof value === 'string') {
    const found = findUnsafeCharacter(value, { multiLine });
    if (found) out.push({ field, ...found });
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => findTextProblems(item, `${field}[${i}]`, multiLine, out));
  } else if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value) && !(value instanceof Date)) {
    for (const [key, item] of Object.entries(value)) {
      const path = field ? `${field}.${key}` : key;
      // a key is text too (a map sent as an object); it is named in the message as the field it opens
      const keyProblem = findUnsafeCharacter(key, { multiLine: false });
      if (keyProblem) out.push({ field: path, ...keyProblem });
      findTextProblems(item, path, isMultiLine(value, key), out);
    }
  }
  return out;
}

/** Throws INVALID_CHARACTERS naming the first field at fault and the code point, and listing all of them. */
export function assertTextFields(value: unknown, field = ''): void {
  const problems = findTextProblems(value, field);
  if (problems.length === 0) return;
  const [first] = problems;
  const what = describeCharacter(first);
  const message =
    first.reason === 'NOT_XML'
      ? `${first.field || 'the value'} contains ${what} at position ${first.index}, a character that XML (and so Odoo) cannot carry`
      : `${first.field || 'the value'} is a one-line field: ${what} at position ${first.index} is not allowed`;
  throw new DomainError('INVALID_CHARACTERS', message, first.field || undefined, {
    errors: problems.map((p) => ({ field: p.field, codePoint: p.codePoint, index: p.index, reason: p.reason })),
  });
}
