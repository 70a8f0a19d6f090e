import Decimal from 'decimal.js';
import { PassThrough } from 'node:stream';
import { readXmlRpcDouble, XmlRpcDeserializer } from './xmlrpc-double';
import { toOdooArgs } from './odoo-values';
import { readMethodResponse } from './xmlrpc-reader';
import { serializeMethodCall } from './xmlrpc-serializer';

type ResponseDeserializer = new () => { deserializeMethodResponse(s: NodeJS.ReadableStream, cb: (e: unknown, v?: unknown) => void): void };

const deserialize = (text: string): Promise<unknown> =>
  new Promise((resolve, reject) => {
    const stream = new PassThrough();
    new (XmlRpcDeserializer as unknown as ResponseDeserializer)().deserializeMethodResponse(stream, (e, v) => (e ? reject(e) : resolve(v)));
    stream.end(text);
  });

const response = (double: string, comment = '') =>
  `<?xml version="1.0"?>${comment}<methodResponse><params><param><value><double>${double}</double></value></param></params></methodResponse>`;

describe('an XML-RPC <double> (an amount Odoo sends)', () => {
  it('is the exact decimal its text says, never a binary float', () => {
    expect(readXmlRpcDouble('0.1')).toEqual(new Decimal('0.1'));
    expect(readXmlRpcDouble('0.1')!.plus(readXmlRpcDouble('0.2')!).toString()).toBe('0.3'); // 0.30000000000000004 as floats
    expect(readXmlRpcDouble('1234567890123.45')!.toFixed(2)).toBe('1234567890123.45');
    expect(readXmlRpcDouble('-2.5E-3')!.toString()).toBe('-0.0025');
    expect(readXmlRpcDouble('1.')!.toString()).toBe('1');
    for (const bad of ['', ' 1.5', '1.5x', 'inf', 'nan', '0x10']) expect(readXmlRpcDouble(bad)).toBeNull();
  });

  it('is read as a Decimal on both paths: the fast reader and the Deserializer it leaves unusual bodies to', async () => {
    expect(readMethodResponse(response('19.99'))).toEqual({ value: new Decimal('19.99') });
    const unusual = response('19.99', '<!-- the fast reader leaves comments to the Deserializer -->');
    expect(readMethodResponse(unusual)).toBeUndefined();
    const value = await deserialize(unusual);
    expect(value).toBeInstanceOf(Decimal);
    expect((value as Decimal).toString()).toBe('19.99');
    await expect(deserialize(response('1.5x', '<!-- -->'))).rejects.toThrow("Expected a double but got '1.5x'");
  });

  it('goes to Odoo with its exact digits, as Python writes a float; a Decimal that is not a number is refused', () => {
    const body = serializeMethodCall('execute_kw', toOdooArgs([{ amount: new Decimal('19.90'), whole: new Decimal('50'), tiny: new Decimal('0.0000001') }]));
    expect(body).toContain('<double>19.9</double>');
    expect(body).toContain('<double>50.0</double>');
    expect(body).toContain('<double>1e-7</double>');
    expect(() => toOdooArgs([new Decimal(NaN)])).toThrow('args[0] is NaN: not a number Odoo can store');
  });
});
