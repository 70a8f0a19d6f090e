import fc from 'fast-check';
import { COOPERATOR_MEMBER_FIELDS, readOnlyPartnerFields, stripReadOnlyPartnerFields } from './odoo-capabilities';
import {
  coerceOdooId,
  coerceOdooInteger,
  formatOdooDate,
  formatOdooDatetime,
  many2oneId,
  odooText,
  parseOdooDatetime,
  stripUndefined,
  toOdooArgs,
  toOdooValue,
  type OdooInputValue,
} from './odoo-values';

function withTimeZone<T>(tz: string, fn: () => T): T {
  const before = process.env.TZ;
  process.env.TZ = tz;
  try {
    return fn();
  } finally {
    if (before === undefined) delete process.env.TZ;
    else process.env.TZ = before;
  }
}

describe('toOdooValue: undefined is never sent', () => {
  it('drops undefined members of structs, deeply', () => {
    const values = { name: 'Ada', phone: undefined, address: { street: undefined, city: 'Gent' }, tags: [[6, 0, [1, 2]]] };
    expect(toOdooValue(values)).toEqual({ name: 'Ada', address: { city: 'Gent' }, tags: [[6, 0, [1, 2]]] });
    expect('phone' in (toOdooValue(values) as object)).toBe(false);
  });

  it('drops trailing undefined arguments ("not given") and refuses one in the middle of an array', () => {
    expect(toOdooArgs([[['name', '=', 'x']], undefined, undefined])).toEqual([[['name', '=', 'x']]]);
    expect(() => toOdooArgs([[['name', '=', undefined]], 5])).toThrow(/args\[0\]\[0\]\[2\] is undefined/);
    expect(() => toOdooArgs([undefined, 5])).toThrow(/args\[0\] is undefined/);
    expect(() => toOdooValue([['name', '=', undefined]] as OdooInputValue)).toThrow(/\[0\]\[2\] is undefined/);
    expect(() => toOdooValue(undefined)).toThrow(TypeError);
  });

  it('never mutates its input', () => {
    const input = { a: undefined, b: { c: undefined, d: 1 } };
    toOdooValue(input);
    expect(input).toEqual({ a: undefined, b: { c: undefined, d: 1 } });
    expect('a' in input).toBe(true);
  });

  it('no undefined survives, whatever the shape (property)', () => {
    const value = fc.letrec((tie) => ({
      leaf: fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(undefined), fc.constant(null)),
      node: fc.oneof({ depthSize: 'small' }, tie('leaf'), fc.dictionary(fc.string({ maxLength: 4 }), tie('node'), { maxKeys: 4 })),
    })).node;
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 4 }), value, { maxKeys: 5 }), (input) => {
        const out = JSON.stringify(toOdooValue(input as OdooInputValue), (_k, v: unknown) => (v === undefined ? '__UNDEFINED__' : v));
        expect(out).not.toContain('__UNDEFINED__');
        expect(out).not.toContain('null');
      }),
    );
  });

  it('turns null into false (Odoo has no None on the wire) and Buffers into base64 text', () => {
    expect(toOdooValue({ parent_id: null })).toEqual({ parent_id: false });
    expect(toOdooValue({ image_1920: Buffer.from('png') })).toEqual({ image_1920: 'cG5n' });
  });

  it('refuses what cannot be sent faithfully', () => {
    expect(() => toOdooValue({ x: NaN })).toThrow(/x is NaN/);
    expect(() => toOdooValue({ x: Infinity })).toThrow(TypeError);
    expect(() => toOdooValue({ x: new Map() } as unknown as OdooInputValue)).toThrow(/x is a Map/);
    expect(() => toOdooValue({ x: (() => 1) as unknown as OdooInputValue })).toThrow(/function/);
    expect(() => toOdooValue({ x: new Date('nope') })).toThrow(/Invalid Date/);
  });

  it('sends bigints as <i8>', () => {
    const value = toOdooValue({ big: 2n ** 40n }) as { big: { raw: string; tagName: string } };
    expect(value.big.raw).toBe('1099511627776');
    expect(value.big.tagName).toBe('i8');
  });
});

describe('dates', () => {
  it('sends a Date as the UTC string YYYY-MM-DD HH:MM:SS, whatever the process time zone', () => {
    const instant = new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 678));
    for (const tz of ['UTC', 'America/New_York', 'Europe/Paris', 'Asia/Kolkata', 'Pacific/Kiritimati']) {
      withTimeZone(tz, () => {
        expect(formatOdooDatetime(instant)).toBe('2024-01-02 03:04:05');
        expect(toOdooValue({ when: instant })).toEqual({ when: '2024-01-02 03:04:05' });
        expect(formatOdooDate(instant)).toBe('2024-01-02');
      });
    }
  });

  it('round-trips with parseOdooDatetime (whole seconds, property)', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2999-12-31T23:59:59Z'), noInvalidDate: true }), (d) => {
        const text = formatOdooDatetime(d);
        expect(text).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
        expect(parseOdooDatetime(text)!.getTime()).toBe(Math.floor(d.getTime() / 1000) * 1000);
      }),
    );
  });

  it("reads Odoo's false as null and refuses non-Odoo formats", () => {
    expect(parseOdooDatetime(false)).toBeNull();
    expect(parseOdooDatetime('2026-11-25')!.toISOString()).toBe('2026-11-25T00:00:00.000Z');
    expect(() => parseOdooDatetime('2026-11-25T08:04:31Z')).toThrow(TypeError);
  });
});

describe('reading values', () => {
  it('keeps big ints that came back as strings as strings, and safe ones as numbers', () => {
    expect(coerceOdooInteger(42)).toBe(42);
    expect(coerceOdooInteger('42')).toBe(42);
    expect(coerceOdooInteger('9007199254740993')).toBe('9007199254740993');
    expect(() => coerceOdooInteger('4.2')).toThrow(TypeError);
    expect(coerceOdooId('28943')).toBe(28943);
    expect(() => coerceOdooId('9007199254740993')).toThrow(TypeError);
  });

  it('reads many2one and char values', () => {
    expect(many2oneId([10, 'Jane Coop'])).toBe(10);
    expect(many2oneId(false)).toBeNull();
    expect(odooText(false)).toBeNull();
    expect(odooText('')).toBe('');
  });

  it('stripUndefined removes undefined members deeply', () => {
    expect(stripUndefined({ a: 1, b: undefined, c: { d: undefined, e: [{ f: undefined, g: 2 }] } })).toEqual({ a: 1, c: { e: [{ g: 2 }] } });
  });
});

describe('cooperator fields', () => {
  const withCooperator = { modules: { contacts: true, account: true, cooperator: true }, readOnlyPartnerFields: [] as string[] };
  const without = { modules: { contacts: true, account: false, cooperator: false }, readOnlyPartnerFields: [] as string[] };

  it('are stripped from partner values when cooperator is installed, and reported', () => {
    const { values, stripped } = stripReadOnlyPartnerFields({ name: 'Jane', member: true, effective_date: '2026-01-01', email: 'j@x.org' }, withCooperator);
    expect(values).toEqual({ name: 'Jane', email: 'j@x.org' });
    expect(stripped).toEqual(['member', 'effective_date']);
  });

  it('are not touched without cooperator', () => {
    expect(readOnlyPartnerFields(without)).toEqual([]);
    expect(stripReadOnlyPartnerFields({ member: true }, without).stripped).toEqual([]);
  });

  it('include the fields the transcripts show readonly or faulting', () => {
    for (const f of [
      'cooperator',
      'member',
      'coop_candidate',
      'old_member',
      'cooperator_register_number',
      'number_of_share',
      'cooperator_type',
      'effective_date',
      'share_ids',
    ]) {
      expect(COOPERATOR_MEMBER_FIELDS).toContain(f);
    }
  });
});
