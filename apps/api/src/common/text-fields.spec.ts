import 'reflect-metadata';
import { DomainError } from '@coop/core';
import { assertTextFields, findTextProblems, MultiLineText } from './text-fields';

class Note {
  title!: string;
  @MultiLineText() body!: string;
}

class Parent {
  name!: string;
  @MultiLineText() comment!: string;
  notes!: Note[];
  extra?: Record<string, unknown>;
}

class Child extends Parent {
  city!: string;
}

const make = <T extends object>(type: new () => T, values: Partial<T>): T => Object.assign(new type(), values);

describe('the text rule applied to a whole request', () => {
  it('accepts line breaks only in the fields marked multi-line, inherited ones included', () => {
    const dto = make(Child, { name: 'A', comment: 'one\ntwo\r\n\tthree', city: 'Lyon', notes: [make(Note, { title: 't', body: 'x\ny' })] });
    expect(findTextProblems(dto, '')).toEqual([]);
  });

  it('refuses a line break in any other field, naming its path through nested arrays and objects', () => {
    const dto = make(Child, {
      name: 'A',
      comment: 'ok',
      city: 'Ly\non',
      notes: [make(Note, { title: 'fine', body: 'fine' }), make(Note, { title: 'bad\t', body: 'ok\n' })],
      extra: { deep: { list: ['x', 'y\r'] } },
    });
    // in the order of the instance's fields (the parent's first)
    expect(findTextProblems(dto, '').map((p) => [p.field, p.codePoint])).toEqual([
      ['notes[1].title', 'U+0009'],
      ['extra.deep.list[1]', 'U+000D'],
      ['city', 'U+000A'],
    ]);
  });

  it('refuses a character XML cannot carry even in a multi-line field, and in an object key', () => {
    expect(findTextProblems(make(Note, { title: 't', body: 'a\u000Bb' }), '')).toEqual([{ field: 'body', codePoint: 'U+000B', index: 1, reason: 'NOT_XML' }]);
    expect(findTextProblems({ ['k\u0000']: 1 }, '')).toEqual([{ field: 'k\u0000', codePoint: 'U+0000', index: 1, reason: 'NOT_XML' }]);
  });

  it('checks a bare value under the name of its parameter, and ignores what is not text', () => {
    expect(findTextProblems('a\u0001', 'q')).toEqual([{ field: 'q', codePoint: 'U+0001', index: 1, reason: 'NOT_XML' }]);
    expect(findTextProblems({ n: 1, b: true, z: null, u: undefined, d: new Date(0) }, '')).toEqual([]);
  });

  it('throws INVALID_CHARACTERS naming the first field and the code point, and listing every field at fault', () => {
    let error: unknown;
    try {
      assertTextFields({ firstName: 'Jeanne\u000B', lastName: 'Du\npont' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    const e = error as DomainError;
    expect([e.code, e.field]).toEqual(['INVALID_CHARACTERS', 'firstName']);
    expect(e.message).toBe('firstName contains U+000B (vertical tab) at position 6, a character that XML (and so Odoo) cannot carry');
    expect(e.details).toEqual({
      errors: [
        { field: 'firstName', codePoint: 'U+000B', index: 6, reason: 'NOT_XML' },
        { field: 'lastName', codePoint: 'U+000A', index: 2, reason: 'LINE_BREAK_OR_TAB' },
      ],
    });
    expect(() => assertTextFields({ firstName: 'Jeanne', lastName: 'Dupont' })).not.toThrow();
  });
});
