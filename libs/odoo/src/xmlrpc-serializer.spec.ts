import fc from 'fast-check';
import { PassThrough } from 'node:stream';
import { toOdooArgs, toOdooValue, type OdooInputValue } from './odoo-values';
import { findXmlIllegalChar, serializeMethodCall } from './xmlrpc-serializer';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the package's own serializer, the reference
const reference = require('xmlrpc/lib/serializer') as { serializeMethodCall(method: string, params: unknown[]): string };
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the package's deserializer has no typings
const Deserializer = require('xmlrpc/lib/deserializer') as new () => {
  deserializeMethodCall(stream: NodeJS.ReadableStream, cb: (err: unknown, method?: string, params?: unknown[]) => void): void;
};

/** What the package's Deserializer reads (its error message for a body it refuses, e.g. an empty method name). */
function deserialize(xml: string): Promise<{ method?: string; params?: unknown[]; error?: string }> {
  return new Promise((resolve) => {
    const stream = new PassThrough();
    stream.end(xml);
    new Deserializer().deserializeMethodCall(stream, (err, method, params) => resolve(err ? { error: String(err) } : { method, params }));
  });
}

/** Both serializers' outputs read by the package's Deserializer give the same call; and here the same bytes. */
async function expectSameCall(method: string, params: unknown[]): Promise<void> {
  const ours = serializeMethodCall(method, params);
  const theirs = reference.serializeMethodCall(method, params);
  expect(await deserialize(ours)).toEqual(await deserialize(theirs));
  expect(ours).toBe(theirs);
}

// Strings with anything XML 1.0 allows (and that the package accepts), markup characters and `]]>` often.
const xmlChar = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: 'grapheme', maxLength: 3 }) },
  { weight: 3, arbitrary: fc.constantFrom('<', '>', '&', '&amp;', ']]>', ']]', '\r', '\n', '\r\n', '\t', ' ', '"', "'", 'é', '€', '😀', '<![CDATA[') },
);
const xmlString = fc
  .array(xmlChar, { maxLength: 8 })
  .map((parts) => parts.join('').replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, ''))
  // The package splits only the first `]]>` of a CDATA section (malformed XML with two): compared apart below.
  .filter((s) => s.split(']]>').length <= 2);

const wireValue: fc.Arbitrary<OdooInputValue> = fc.letrec<{ value: OdooInputValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    xmlString,
    fc.integer(),
    fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
    fc.maxSafeInteger(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.bigInt(),
    fc.date({ noInvalidDate: true }),
    fc.uint8Array({ maxLength: 12 }).map((a) => Buffer.from(a)),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(xmlString, fc.option(tie('value'), { nil: undefined }), { maxKeys: 4 }),
  ),
})).value;

describe('serializeMethodCall', () => {
  it('writes what the xmlrpc package writes, for every value the gateway sends (toOdooValue)', async () => {
    await fc.assert(
      fc.asyncProperty(xmlString, fc.array(wireValue, { maxLength: 6 }), async (method, args) => {
        await expectSameCall(method, toOdooArgs(args));
      }),
      { numRuns: 500 },
    );
  });

  it('writes an execute_kw of a batched create as the package does', async () => {
    const partners = Array.from({ length: 50 }, (_, i) => ({
      name: `Membre <${i}> & fils`,
      ref: `M-${String(i).padStart(5, '0')}`,
      email: i % 3 === 0 ? false : `m${i}@example.org`,
      city: 'Saint-Étienne',
      comment: 'ligne 1\r\nligne 2 ]]> fin',
      share_amount: i * 12.5,
      category_id: [[6, 0, [1, 2, i]]],
      big: 2n ** 40n + BigInt(i),
    }));
    await expectSameCall('execute_kw', ['db', 2, 'secret', 'res.partner', 'create', toOdooArgs([partners]), toOdooValue({ context: { lang: 'fr_FR' } })]);
  });

  it('covers the edge cases of the package', async () => {
    for (const params of [
      [],
      [''],
      [0, -0, 1, -1, 2 ** 31, -(2 ** 31) - 1, 2 ** 53, 1e21, 1.5, -2.25e-7, 5e-324, Number.MAX_VALUE],
      [true, false, [], {}, { '': '' }, { 'a&b<c>': 'x' }],
      ['a\rb', 'a\r\nb', 'tab\there', '<', '&', '>', ']]>', 'x]]>y<z', '&amp;', 'é€😀'],
      [Buffer.alloc(0), Buffer.from('binary \u0000\u00ff'), toOdooValue(123n), toOdooValue(-(2n ** 63n))],
      [[[[[]]]], { a: { b: { c: [1, 'two', { d: false }] } } }],
    ]) {
      await expectSameCall('m&<name>', params);
    }
    await expectSameCall('', []);
  });

  it('splits every `]]>` of a CDATA section (the package splits only the first one: malformed XML)', async () => {
    const value = 'a<]]>b]]>c]]>';
    const { params } = await deserialize(serializeMethodCall('m', [value, { k: value }]));
    expect(params).toEqual([value, { k: value }]);
    // The package's body is not well-formed XML (sax, lenient, reads a mangled string from it; expat refuses it).
    expect((await deserialize(reference.serializeMethodCall('m', [value]))).params).not.toEqual([value]);
  });

  it('throws the same error as the package on a character XML 1.0 forbids', () => {
    for (const params of [['a\u0000b'], ['x<\u0001'], [{ 'k\u0002': 1 }], [['\r\u0003']], ['\uFFFE']]) {
      let expected: unknown;
      try {
        reference.serializeMethodCall('m', params);
      } catch (error) {
        expected = error;
      }
      expect(expected).toBeInstanceOf(Error);
      expect(() => serializeMethodCall('m', params)).toThrow((expected as Error).message);
    }
  });

  it('refuses what toOdooValue never lets through', () => {
    for (const value of [null, undefined, new Date(0), () => 1, Symbol('s'), 1n, NaN, Infinity, new Map(), [undefined], { a: undefined }]) {
      expect(() => serializeMethodCall('m', [value])).toThrow(TypeError);
    }
  });
});

describe('findXmlIllegalChar', () => {
  it('refuses a lone surrogate (sent, Node would turn it into U+FFFD), and accepts a surrogate pair', () => {
    expect(findXmlIllegalChar(['ok', 'a\uD800b'])).toEqual({ path: '[1]', index: 1, codePoint: 0xd800 });
    expect(findXmlIllegalChar('emoji 😀')).toBeNull();
    expect(() => serializeMethodCall('m', ['x\uDC00'])).toThrow(/Invalid character/);
  });

  it('finds the first character the serializer refuses, with its path, index and code point', () => {
    expect(findXmlIllegalChar('ok\tline\nnext\r é€😀 <&>')).toBeNull();
    expect(findXmlIllegalChar('a\u0000b')).toEqual({ path: '', index: 1, codePoint: 0 });
    expect(
      findXmlIllegalChar(
        [
          ['id', 'name'],
          [
            ['x', 'ok'],
            ['y', 'b\u000Bc'],
          ],
        ],
        'args',
      ),
    ).toEqual({ path: 'args[1][1][1]', index: 1, codePoint: 0x0b });
    expect(findXmlIllegalChar({ context: { lang: 'fr', tz: '\uFFFE' } }, 'kwargs')).toEqual({ path: 'kwargs.context.tz', index: 0, codePoint: 0xfffe });
    expect(findXmlIllegalChar({ a: 1, 'k\u0002': 'v' })).toEqual({ path: '<key #1>', index: 1, codePoint: 2 });
    expect(findXmlIllegalChar([1, true, null, undefined, 2n, new Date(0), Buffer.from('\u0001'), { n: 1.5 }])).toBeNull();
  });

  it('agrees with the serializer on every string: one finds a character exactly when the other refuses it', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 6 }), (text) => {
        let refused = false;
        try {
          serializeMethodCall('m', [text, { [text]: text }]);
        } catch {
          refused = true;
        }
        expect(findXmlIllegalChar([text, { [text]: text }]) !== null).toBe(refused);
      }),
      { numRuns: 2000 },
    );
  });
});
