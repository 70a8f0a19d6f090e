/**
 * Reads an XML-RPC response keeping the wire types (`int` vs `double`, `boolean`, `string`, `array`, `struct`), which
 * the xmlrpc package's Deserializer loses (50.0 and 50 are both 50 in JS): for comparing value shapes.
 */

export type TypedValue =
  | { type: 'int' | 'i4' | 'i8' | 'double' | 'boolean' | 'string' | 'nil' | 'dateTime.iso8601' | 'base64'; value: string }
  | { type: 'array'; items: TypedValue[] }
  | { type: 'struct'; members: Array<[string, TypedValue]> };

export type TypedResponse = { fault: TypedValue } | { params: TypedValue[] };

function unescape(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

class Reader {
  private readonly tokens: string[];
  private i = 0;

  constructor(xml: string) {
    this.tokens = xml
      .replace(/<\?xml[^>]*\?>/, '')
      .split(/(<[^>]+>)/)
      .filter((t) => t.length > 0);
  }

  private skipSpace(): void {
    while (this.i < this.tokens.length && !this.tokens[this.i]!.startsWith('<') && this.tokens[this.i]!.trim() === '') this.i++;
  }

  private peek(): string | undefined {
    this.skipSpace();
    return this.tokens[this.i];
  }

  private expect(tag: string): void {
    const t = this.peek();
    if (t !== tag) throw new Error(`expected ${tag}, got ${t} at token ${this.i}`);
    this.i++;
  }

  private text(): string {
    const t = this.tokens[this.i];
    if (t !== undefined && !t.startsWith('<')) {
      this.i++;
      return unescape(t);
    }
    return '';
  }

  value(): TypedValue {
    this.expect('<value>');
    const t = this.tokens[this.i]!;
    let result: TypedValue;
    if (!t.startsWith('<') || t === '</value>') {
      result = { type: 'string', value: this.text() };
    } else if (t === '<array>') {
      this.i++;
      this.expect('<data>');
      const items: TypedValue[] = [];
      while (this.peek() === '<value>') items.push(this.value());
      this.expect('</data>');
      this.expect('</array>');
      result = { type: 'array', items };
    } else if (t === '<struct>') {
      this.i++;
      const members: Array<[string, TypedValue]> = [];
      while (this.peek() === '<member>') {
        this.i++;
        this.expect('<name>');
        const name = this.text();
        this.expect('</name>');
        members.push([name, this.value()]);
        this.expect('</member>');
      }
      this.expect('</struct>');
      result = { type: 'struct', members };
    } else if (t === '<nil/>') {
      this.i++;
      result = { type: 'nil', value: '' };
    } else {
      const m = /^<([\w.]+)\/?>$/.exec(t);
      if (!m) throw new Error(`unexpected ${t}`);
      this.i++;
      if (t.endsWith('/>')) result = { type: m[1] as 'string', value: '' };
      else {
        const value = this.text();
        this.expect(`</${m[1]}>`);
        result = { type: m[1] as 'string', value };
      }
    }
    this.expect('</value>');
    return result;
  }

  response(): TypedResponse {
    this.expect('<methodResponse>');
    if (this.peek() === '<fault>') {
      this.i++;
      const fault = this.value();
      this.expect('</fault>');
      this.expect('</methodResponse>');
      return { fault };
    }
    this.expect('<params>');
    const params: TypedValue[] = [];
    while (this.peek() === '<param>') {
      this.i++;
      params.push(this.value());
      this.expect('</param>');
    }
    this.expect('</params>');
    this.expect('</methodResponse>');
    return { params };
  }
}

export function readTypedResponse(xml: string | Buffer): TypedResponse {
  return new Reader(typeof xml === 'string' ? xml : xml.toString('utf8')).response();
}

/** The struct members of a typed value (throws if it is not a struct). */
export function structMembers(value: TypedValue): Array<[string, TypedValue]> {
  if (value.type !== 'struct') throw new Error(`not a struct: ${value.type}`);
  return value.members;
}
