/**
 * Writes XML-RPC responses byte for byte as Odoo does: Python's `xmlrpc.client.dumps(…, methodresponse=True)` layout
 * (one element per line), with the envelope of each version:
 * - Odoo 16: `<?xml version='1.0'?>` and no blank line before `</methodResponse>`;
 * - Odoo 18: `<?xml version="1.0"?>` and a blank line before `</methodResponse>`.
 * Only `&`, `<` and `>` are escaped; non-ASCII text is raw UTF-8.
 *
 * Values are JS values, with two boxes for what JS cannot tell apart: {@link PyFloat} (a Python float, always written
 * as `<double>` with Python's repr, `50.0`) and {@link PyRecordset} (a recordset, which Python cannot marshal).
 * `null`/`undefined` is Python's None, which Odoo's marshaller refuses (allow_none is off): {@link MarshalError}.
 */

export class PyFloat {
  constructor(readonly value: number) {}
}

export class PyRecordset {
  constructor(
    readonly model: string,
    readonly ids: readonly number[],
  ) {}
}

/** What Python's marshaller raises (Odoo turns it into a fault 1 with a traceback, after its work is committed). */
export class MarshalError extends Error {
  constructor(readonly exceptionLine: string) {
    super(exceptionLine);
  }
}

export type PyValue = null | undefined | boolean | number | string | PyFloat | PyRecordset | readonly PyValue[] | { readonly [key: string]: PyValue };

export type OdooFlavour = 16 | 18;

const MAXINT = 2 ** 31 - 1;
const MININT = -(2 ** 31);

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Python's `repr(float)`: shortest round-trip digits, `.0` for integral values, exponent form outside 1e-4 ≤ |x| < 1e16. */
export function pythonFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mantissa, expText] = x.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  if (exp < -4 || exp >= 16) {
    return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  const text = String(x);
  return /[.e]/.test(text) ? text : `${text}.0`;
}

function dumpValue(value: PyValue, out: string[]): void {
  if (value === null || value === undefined) throw new MarshalError('TypeError: cannot marshal None unless allow_none is enabled');
  if (value instanceof PyRecordset) throw new MarshalError(`TypeError: cannot marshal <class 'odoo.api.${value.model}'> objects`);
  if (value instanceof PyFloat) {
    out.push(`<value><double>${pythonFloatRepr(value.value)}</double></value>\n`);
    return;
  }
  switch (typeof value) {
    case 'boolean':
      out.push(`<value><boolean>${value ? 1 : 0}</boolean></value>\n`);
      return;
    case 'number':
      if (!Number.isInteger(value)) {
        out.push(`<value><double>${pythonFloatRepr(value)}</double></value>\n`);
        return;
      }
      if (value > MAXINT || value < MININT) throw new MarshalError('OverflowError: int exceeds XML-RPC limits');
      out.push(`<value><int>${value}</int></value>\n`);
      return;
    case 'string':
      out.push(`<value><string>${escapeXml(value)}</string></value>\n`);
      return;
    case 'object':
      if (Array.isArray(value)) {
        out.push('<value><array><data>\n');
        for (const item of value as readonly PyValue[]) dumpValue(item, out);
        out.push('</data></array></value>\n');
        return;
      }
      out.push('<value><struct>\n');
      for (const [key, member] of Object.entries(value as Record<string, PyValue>)) {
        out.push('<member>\n', `<name>${escapeXml(key)}</name>\n`);
        dumpValue(member, out);
        out.push('</member>\n');
      }
      out.push('</struct></value>\n');
      return;
    default:
      throw new MarshalError(`TypeError: cannot marshal <class '${typeof value}'> objects`);
  }
}

function envelope(flavour: OdooFlavour, inner: string): string {
  const declaration = flavour >= 17 ? '<?xml version="1.0"?>\n' : "<?xml version='1.0'?>\n";
  const blank = flavour >= 17 ? '\n' : '';
  return `${declaration}<methodResponse>\n${inner}${blank}</methodResponse>\n`;
}

/** A successful response. Throws {@link MarshalError} for None, recordsets and ints beyond 32 bits, as Python does. */
export function dumpsResponse(value: PyValue, flavour: OdooFlavour): string {
  const out: string[] = ['<params>\n<param>\n'];
  dumpValue(value, out);
  out.push('</param>\n</params>\n');
  return envelope(flavour, out.join(''));
}

/** A fault: struct with faultCode (int) then faultString (string). */
export function dumpsFault(faultCode: number, faultString: string, flavour: OdooFlavour): string {
  const out: string[] = ['<fault>\n'];
  dumpValue({ faultCode, faultString }, out);
  out.push('</fault>\n');
  return envelope(flavour, out.join(''));
}
