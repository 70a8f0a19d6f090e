import Decimal from 'decimal.js';

/** An XML-RPC `<double>` as Odoo (Python's repr) or a client writes it: digits, an optional point and exponent. */
const DOUBLE = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;

/**
 * The one reading of an XML-RPC `<double>`, on both paths (the fast reader and the package's Deserializer): the exact
 * decimal its text says, as a Decimal, never a binary float. Odoo writes its floats, monetary fields included, with
 * Python's repr (the shortest digits of the value), so an amount read from Odoo stays the amount Odoo shows.
 * null: not a double.
 */
export function readXmlRpcDouble(text: string): Decimal | null {
  return DOUBLE.test(text) ? new Decimal(text) : null;
}

interface DeserializerState {
  push(value: unknown): void;
  value: boolean;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the package's deserializer has no typings of its own
const PackageDeserializer = require('xmlrpc/lib/deserializer') as new (encoding?: string) => object;

/** The `xmlrpc` package's Deserializer, with `<double>` read by {@link readXmlRpcDouble}. */
export class XmlRpcDeserializer extends PackageDeserializer {
  endDouble(this: DeserializerState, data: string): void {
    const value = readXmlRpcDouble(data);
    if (!value) throw new Error(`Expected a double but got '${data}'`);
    this.push(value);
    this.value = false;
  }
}
