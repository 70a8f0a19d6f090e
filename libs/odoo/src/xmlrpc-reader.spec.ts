/**
 * The fast XML-RPC reader (xmlrpc-reader.ts) against what it shortcuts, the `xmlrpc` package's Deserializer: the same
 * method calls (for the fake Odoo, after its expat pre-scan: same calls, same faults), the same responses (for the
 * gateway), and the fast path taken on what the gateway and Odoo send.
 */
import fc from 'fast-check';
import { readOdooTranscripts } from '../../../test/support/fake-odoo/odoo-transcript.reader';
import { dumpsResponse, PyFloat, type PyValue } from '../../../test/support/fake-odoo/python-xmlrpc.marshaller';
import {
  deserializeMethodCall,
  parseMethodCall,
  parseMethodResponse,
  pythonRequestProblem,
  RequestParseError,
} from '../../../test/support/fake-odoo/python-xmlrpc.parser';
import { toOdooArgs, type OdooInputValue } from './odoo-values';
import { readMethodCall, readMethodResponse } from './xmlrpc-reader';
import { serializeMethodCall } from './xmlrpc-serializer';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the package's own serializer
const packageSerializer = require('xmlrpc/lib/serializer') as { serializeMethodCall(method: string, params: unknown[]): string };
/** What the Deserializer reads of a response (the fake's reference reading): `{ value }`, or the fault or error. */
function deserializeResponse(text: string): Promise<unknown> {
  return parseMethodResponse(text).then(
    (r) => (r.kind === 'value' ? { value: r.value } : r),
    (error: unknown) => ({ error: String(error) }),
  );
}

/** The fast response reader, when it answers, answers what the Deserializer answers. */
async function expectFastResponseAgrees(text: string): Promise<boolean> {
  const fast = readMethodResponse(text);
  if (fast === undefined) return false;
  expect(fast).toStrictEqual(await deserializeResponse(text));
  return true;
}

type Outcome = { call: unknown } | { fault: string };

function outcome(promise: Promise<unknown>): Promise<Outcome> {
  return promise.then(
    (call) => ({ call }),
    (error: unknown) => ({ fault: error instanceof RequestParseError ? error.exceptionLine : `not a RequestParseError: ${String(error)}` }),
  );
}

/** What parseMethodCall answered before the fast reader: the pre-scan, then the Deserializer. */
function reference(body: string): Promise<unknown> {
  const problem = pythonRequestProblem(body);
  return problem ? Promise.reject(new RequestParseError(problem)) : deserializeMethodCall(body);
}

async function expectSameAsReference(body: string): Promise<void> {
  expect(await outcome(parseMethodCall(body))).toStrictEqual(await outcome(reference(body)));
  expect(await outcome(parseMethodCall(Buffer.from(body, 'utf8')))).toStrictEqual(await outcome(reference(body)));
}

/** The fast reader, when it answers, answers what the pre-scan and the Deserializer answer. */
async function expectFastAgrees(body: string): Promise<boolean> {
  const fast = readMethodCall(body);
  if (fast === undefined) return false;
  // parseMethodCall then skips the pre-scan: it must have nothing to say.
  expect(pythonRequestProblem(body)).toBeUndefined();
  expect({ call: fast }).toStrictEqual(await outcome(deserializeMethodCall(body)));
  return true;
}

const rawText = fc
  .array(
    fc.oneof(
      { weight: 5, arbitrary: fc.string({ unit: 'grapheme', maxLength: 3 }) },
      {
        weight: 3,
        arbitrary: fc.constantFrom('<', '>', '&', ']]>', ']]', ']', '\r', '\n', '\r\n', '\t', ' ', '"', "'", 'é', '😀', '&amp;', '\u0001', '\uFFFE'),
      },
    ),
    { maxLength: 6 },
  )
  .map((parts) => parts.join(''));

/** Encodes text content in one of the ways a client (or a careless one) may. */
function encode(raw: string, mode: number): string {
  switch (mode) {
    case 0:
      return raw.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    case 1:
      return raw === '' ? '' : `<![CDATA[${raw.replace(/\]\]>/g, ']]]]><![CDATA[>')}]]>`;
    case 2:
      return [...raw].map((c) => (/[A-Za-z0-9]/.test(c) ? c : `&#${c.codePointAt(0)};`)).join('');
    case 3:
      return [...raw].map((c) => (/[A-Za-z0-9]/.test(c) ? c : `&#x${c.codePointAt(0)!.toString(16).toUpperCase()};`)).join('');
    case 4:
      return raw.replace(/&/g, '&amp;').replace(/</g, '&#060;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
    case 5:
      return raw.replace(/&/g, '&AMP;').replace(/</g, '&lt;').replace(/ /g, '&nbsp;');
    default:
      return raw; // unescaped: often not XML at all
  }
}

const encodeMode = fc.oneof({ weight: 10, arbitrary: fc.integer({ min: 0, max: 4 }) }, { weight: 1, arbitrary: fc.integer({ min: 5, max: 6 }) });
const text = fc.tuple(rawText, encodeMode).map(([raw, mode]) => encode(raw, mode));
const ws = fc.oneof(
  { weight: 30, arbitrary: fc.constantFrom('', '', '', ' ', '\n', '\r\n', '\t', '  \n  ') },
  { weight: 1, arbitrary: fc.constantFrom('x', '<!-- c -->', '<?pi?>', '&amp;') },
);
const tagName = (name: string) =>
  fc.oneof(
    { weight: 20, arbitrary: fc.constant(name) },
    { weight: 1, arbitrary: fc.constant(name.toUpperCase()) },
    { weight: 1, arbitrary: fc.constant(`${name} a="1"`) },
    { weight: 1, arbitrary: fc.constant(`${name} `) },
  );
const element = (name: string, content: fc.Arbitrary<string>) =>
  fc.tuple(tagName(name), content, fc.nat(15)).map(([open, body, r]) => (body === '' && r < 4 ? `<${open}/>` : `<${open}>${body}</${open.split(' ')[0]}>`));

const scalar = fc.oneof(
  element('string', text),
  element('int', fc.oneof(fc.integer().map(String), fc.constantFrom('+5', '05', ' 5', '5 ', '', 'x', '1e3', '99999999999999999999', '-0', '٣'))),
  element('i4', fc.integer().map(String)),
  element('i8', fc.oneof(fc.bigInt().map(String), fc.constantFrom('+1', '', '1.0', '007'))),
  element('double', fc.oneof(fc.double().map(String), fc.constantFrom('1.', '.5', '1e5', '+2.5E-3', ' 1.5', '1.5x', 'inf', 'nan', '', '-0', '0x10'))),
  element('boolean', fc.constantFrom('0', '1', '2', 'true', '', ' 1')),
  element('nil', fc.constantFrom('', '', 'x')),
  element(
    'base64',
    fc.oneof(
      fc.uint8Array({ maxLength: 12 }).map((a) => Buffer.from(a).toString('base64')),
      fc.constantFrom('QUJD\nREVG', '!!', 'QQ'),
    ),
  ),
  element('dateTime.iso8601', fc.constantFrom('20240102T03:04:05', '2024-01-02T03:04:05Z', 'x')),
  element('unknown', text),
);

const value: fc.Arbitrary<string> = fc.letrec<{ value: string; array: string; struct: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.tuple(ws, scalar, ws).map(([a, v, b]) => `<value>${a}${v}${b}</value>`),
    text.map((t) => `<value>${t}</value>`),
    fc.constant('<value/>'),
    fc.tuple(ws, tie('array'), ws).map(([a, v, b]) => `<value>${a}${v}${b}</value>`),
    fc.tuple(ws, tie('struct'), ws).map(([a, v, b]) => `<value>${a}${v}${b}</value>`),
  ),
  array: fc.oneof(
    fc
      .tuple(ws, fc.array(fc.tuple(ws, tie('value')), { maxLength: 4 }), ws)
      .map(([a, items, b]) => `<array>${a}<data>${items.map(([w, v]) => w + v).join('')}${b}</data>${a}</array>`),
    fc.constantFrom('<array><data/></array>', '<array/>', '<array></array>'),
  ),
  struct: fc.oneof(
    fc
      .array(fc.tuple(ws, element('name', text), ws, tie('value'), ws), { maxLength: 4 })
      .map((members) => `<struct>${members.map(([a, name, b, v, c]) => `${a}<member>${name}${b}${v}${c}</member>`).join('')}</struct>`),
    fc.constantFrom('<struct/>', '<struct></struct>', '<struct><member><value><int>1</int></value><name>a</name></member></struct>'),
  ),
})).value;

const body = fc
  .tuple(
    fc.constantFrom('', '<?xml version="1.0"?>', "<?xml version='1.0' encoding='utf-8'?>\n", '\uFEFF<?xml version="1.0"?>', '<!-- hi -->'),
    ws,
    element('methodName', fc.oneof(fc.constantFrom('execute_kw', 'authenticate', 'version'), text)),
    fc.array(fc.tuple(ws, value, ws), { maxLength: 4 }),
    fc.constantFrom('', '\n', ' x', '<extra/>'),
    fc.nat(1000),
  )
  .map(([decl, w, name, params, tail, cut]) => {
    const paramsXml =
      params.length === 0 && cut % 2 === 0 ? '<params/>' : `<params>${params.map(([a, v, b]) => `${a}<param>${a}${v}${b}</param>`).join('')}</params>`;
    const xml = `${decl}${w}<methodCall>${w}${name}${w}${paramsXml}${w}</methodCall>${cut % 5 === 0 ? tail : ''}`;
    return cut % 13 === 0 ? xml.slice(0, (cut * 7) % (xml.length + 1)) : xml;
  });

const wireValue: fc.Arbitrary<OdooInputValue> = fc.letrec<{ value: OdooInputValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    rawText.map((s) => s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.bigInt(),
    fc.uint8Array({ maxLength: 12 }).map((a) => Buffer.from(a)),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 4 }), tie('value'), { maxKeys: 4 }),
  ),
})).value;

const responseBody = fc
  .tuple(
    fc.constantFrom('', "<?xml version='1.0'?>\n", '<?xml version="1.0"?>', '\uFEFF<?xml version="1.0"?>', '<!-- hi -->'),
    ws,
    fc.oneof(
      { weight: 8, arbitrary: fc.tuple(ws, value, ws).map((p) => [p]) },
      { weight: 1, arbitrary: fc.array(fc.tuple(ws, value, ws), { maxLength: 2 }) }, // none or two: the Deserializer's error
    ),
    fc.constantFrom('', '\n', ' x', '<extra/>'),
    fc.nat(1000),
  )
  .map(([decl, w, params, tail, cut]) => {
    const paramsXml =
      params.length === 0 && cut % 2 === 0 ? '<params/>' : `<params>${params.map(([a, v, b]) => `${a}<param>${a}${v}${b}</param>`).join('')}</params>`;
    const body = cut % 17 === 0 ? `<fault>${w}${params[0]?.[1] ?? '<value/>'}${w}</fault>` : paramsXml;
    const xml = `${decl}${w}<methodResponse>${w}${body}${w}</methodResponse>${cut % 5 === 0 ? tail : ''}`;
    return cut % 13 === 0 ? xml.slice(0, (cut * 7) % (xml.length + 1)) : xml;
  });

/** What Odoo answers (Python's marshaller): ids, records with strings, floats, booleans, many2one pairs, x2many lists. */
const odooValue: fc.Arbitrary<PyValue> = fc.letrec<{ value: PyValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    rawText.map((s) => s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')),
    fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
    fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => new PyFloat(d)),
    fc.boolean(),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 4 }), tie('value'), { maxKeys: 4 }),
  ),
})).value;

describe('the fast response reader (the gateway)', () => {
  it('reads every answer of Odoo 16 and 18 on the fast path, as the Deserializer does', async () => {
    await fc.assert(
      fc.asyncProperty(odooValue, fc.constantFrom(16 as const, 18 as const), async (v, flavour) => {
        expect(await expectFastResponseAgrees(dumpsResponse(v, flavour))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('answers any body exactly as the Deserializer, or leaves it to the Deserializer', async () => {
    let fast = 0;
    await fc.assert(
      fc.asyncProperty(responseBody, async (xml) => {
        if (await expectFastResponseAgrees(xml)) fast++;
      }),
      { numRuns: 3000 },
    );
    expect(fast).toBeGreaterThan(500);
  });

  it('reads the recorded answers of the transcripts as the Deserializer does; faults are left to it', async () => {
    let fast = 0;
    let faults = 0;
    for (const t of readOdooTranscripts()) {
      const text = t.response.toString('utf8');
      if (!text.includes('<methodResponse>')) continue;
      if (text.includes('<fault>')) {
        faults++;
        expect(readMethodResponse(text)).toBeUndefined();
      } else {
        expect(await expectFastResponseAgrees(text)).toBe(true);
        fast++;
      }
    }
    expect(fast).toBeGreaterThan(30);
    expect(faults).toBeGreaterThan(10);
  });
});

describe('the fast request reader (the fake Odoo)', () => {
  it('reads what the gateway sends on its fast path, as the Deserializer does', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(wireValue, { maxLength: 5 }), async (args) => {
        const params = ['db', 2, 'secret', 'res.partner', 'create', toOdooArgs(args)];
        const ours = serializeMethodCall('execute_kw', params);
        // Fast unless an integral double of 1e21 or more went out as `<int>1e+21</int>` (parseInt reads 1).
        expect(await expectFastAgrees(ours)).toBe(!/<int>[^<]*e/.test(ours));
        await expectSameAsReference(ours);
        // Also the package's own serializer's output (it may hold a Date or a null when given one).
        await expectSameAsReference(packageSerializer.serializeMethodCall('execute_kw', [...params, new Date(0), null]));
      }),
      { numRuns: 300 },
    );
  });

  it('answers any body, well-formed or not, exactly as before (call or fault)', async () => {
    let fast = 0;
    await fc.assert(
      fc.asyncProperty(body, async (xml) => {
        if (await expectFastAgrees(xml)) fast++;
        await expectSameAsReference(xml);
      }),
      { numRuns: 3000 },
    );
    expect(fast).toBeGreaterThan(500); // the generator does reach the fast path
  });

  it('answers every recorded request of the transcripts as before', async () => {
    const transcripts = readOdooTranscripts();
    expect(transcripts.length).toBeGreaterThan(30);
    for (const t of transcripts) {
      if (t.method !== 'POST') continue;
      const text = t.request.toString('utf8');
      await expectFastAgrees(text);
      expect(await outcome(parseMethodCall(t.request))).toStrictEqual(await outcome(reference(text)));
    }
  });

  it('keeps its edge cases', async () => {
    for (const xml of [
      '<?xml version="1.0"?><methodCall><methodName>m</methodName><params><param><value><struct><member><name>__proto__</name>' +
        '<value><struct><member><name>x</name><value>1</value></member></struct></value></member></struct></value></param></params></methodCall>',
      '<methodCall><methodName>m</methodName><params><param><value>&#0;&#x10FFFF;&#xD800;&#00065;</value></param></params></methodCall>',
      '<methodCall><methodName>m</methodName><params><param><value><string>a]]>b</string></value></param></params></methodCall>',
      '<methodCall><methodName>m</methodName><params><param><value><string><![CDATA[a]]]]></string></value></param></params></methodCall>',
      `<methodCall><methodName>m</methodName><params><param>${'<value><array><data>'.repeat(3000)}` +
        `${'</data></array></value>'.repeat(3000)}</param></params></methodCall>`,
      '<methodCall><methodName></methodName><params/></methodCall>',
      '<methodCall><methodName>m</methodName></methodCall>',
      '<methodResponse><params/></methodResponse>',
    ]) {
      await expectSameAsReference(xml);
    }
    expect(readMethodCall('<methodCall><methodName>m\uD800</methodName><params/></methodCall>')).toBeUndefined();
  });
});
