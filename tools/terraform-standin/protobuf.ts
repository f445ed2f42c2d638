// A minimal protobuf (proto3) wire codec driven by small hand-written message descriptors.
// The stand-in needs only a handful of tfplugin6 messages, so a table of field numbers is
// simpler and faster to load than a generated codec or a runtime .proto parser (measured
// against protobufjs: README.md, "Why hand-written, measured").

/** Scalar kinds the tfplugin6 subset uses. int64 travels as a JS number (values here are small). */
export type Scalar = 'string' | 'bytes' | 'bool' | 'int64' | 'enum';

export interface Field {
  readonly no: number;
  readonly kind: Scalar | MessageType;
  readonly repeated?: boolean;
  /** A `map<string, V>`: the value is a JS object, encoded as repeated {key = 1, value = 2}. */
  readonly map?: boolean;
}

export interface MessageType {
  readonly name: string;
  readonly fields: Readonly<Record<string, Field>>;
}

export type Msg = Record<string, unknown>;

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder();

/** Grows a list of chunks and concatenates once: encoding the AWS schema writes ~10^6 fields. */
class Writer {
  private chunks: Uint8Array[] = [];
  private buf = new Uint8Array(64 * 1024);
  private pos = 0;
  length = 0;

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    this.chunks.push(this.buf.subarray(0, this.pos));
    this.buf = new Uint8Array(Math.max(64 * 1024, n));
    this.pos = 0;
  }

  varint(value: number): void {
    this.ensure(10);
    let v = value;
    if (v < 0) {
      // Negative int64: ten-byte two's complement, via BigInt (rare: never on the hot path).
      let b = BigInt.asUintN(64, BigInt(v));
      while (b >= 0x80n) {
        this.buf[this.pos++] = Number(b & 0x7fn) | 0x80;
        this.length++;
        b >>= 7n;
      }
      this.buf[this.pos++] = Number(b);
      this.length++;
      return;
    }
    while (v >= 0x80) {
      this.buf[this.pos++] = (v % 0x80) | 0x80;
      this.length++;
      v = Math.floor(v / 0x80);
    }
    this.buf[this.pos++] = v;
    this.length++;
  }

  raw(bytes: Uint8Array): void {
    this.ensure(bytes.length);
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
    this.length += bytes.length;
  }

  finish(): Uint8Array {
    this.chunks.push(this.buf.subarray(0, this.pos));
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}

function encodeInto(w: Writer, type: MessageType, msg: Msg): void {
  for (const [name, field] of Object.entries(type.fields)) {
    const value = msg[name];
    if (value === undefined || value === null) continue;
    if (field.map) {
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        writeLen(w, field.no, encodeMessage(mapEntryType(field), { key: k, value: v }));
      }
    } else if (field.repeated) {
      for (const v of value as unknown[]) writeOne(w, field, v);
    } else {
      writeOne(w, field, value);
    }
  }
}

const mapEntryTypes = new WeakMap<Field, MessageType>();

/** protobuf encodes `map<string, V>` as repeated entry messages {key = 1, value = 2}. */
function mapEntryType(field: Field): MessageType {
  let t = mapEntryTypes.get(field);
  if (!t) {
    t = { name: 'MapEntry', fields: { key: { no: 1, kind: 'string' }, value: { no: 2, kind: field.kind } } };
    mapEntryTypes.set(field, t);
  }
  return t;
}

function writeLen(w: Writer, no: number, bytes: Uint8Array): void {
  w.varint((no << 3) | 2);
  w.varint(bytes.length);
  w.raw(bytes);
}

function writeOne(w: Writer, field: Field, value: unknown): void {
  switch (field.kind) {
    case 'string':
      if (value === '') return; // proto3 default: omitted
      writeLen(w, field.no, textEncoder.encode(value as string));
      return;
    case 'bytes':
      if ((value as Uint8Array).length === 0) return;
      writeLen(w, field.no, value as Uint8Array);
      return;
    case 'bool':
      if (!value) return;
      w.varint(field.no << 3);
      w.varint(1);
      return;
    case 'int64':
    case 'enum':
      if (value === 0) return;
      w.varint(field.no << 3);
      w.varint(value as number);
      return;
    default:
      writeLen(w, field.no, encodeMessage(field.kind, value as Msg));
  }
}

export function encodeMessage(type: MessageType, msg: Msg): Uint8Array {
  const w = new Writer();
  encodeInto(w, type, msg);
  return w.finish();
}

class Reader {
  pos = 0;
  constructor(readonly buf: Uint8Array) {}

  varint(): number {
    let result = 0;
    let mul = 1;
    for (;;) {
      const b = this.buf[this.pos++];
      if (b === undefined) throw new Error('protobuf: truncated varint');
      result += (b & 0x7f) * mul;
      if (b < 0x80) return result;
      mul *= 0x80;
    }
  }

  bytes(): Uint8Array {
    const n = this.varint();
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  skip(wireType: number): void {
    if (wireType === 0) this.varint();
    else if (wireType === 1) this.pos += 8;
    else if (wireType === 2) this.bytes();
    else if (wireType === 5) this.pos += 4;
    else throw new Error(`protobuf: unsupported wire type ${wireType}`);
  }
}

export function decodeMessage(type: MessageType, buf: Uint8Array): Msg {
  const byNo = new Map<number, [string, Field]>();
  for (const [name, f] of Object.entries(type.fields)) byNo.set(f.no, [name, f]);
  const out: Msg = {};
  const r = new Reader(buf);
  while (r.pos < buf.length) {
    const tag = r.varint();
    const no = Math.floor(tag / 8);
    const wireType = tag & 7;
    const hit = byNo.get(no);
    if (!hit) {
      r.skip(wireType); // fields of newer protocol minor versions: ignored
      continue;
    }
    const [name, field] = hit;
    if (field.map) {
      const entry = decodeMessage(mapEntryType(field), r.bytes());
      const m = (out[name] as Record<string, unknown> | undefined) ?? {};
      m[(entry.key as string | undefined) ?? ''] = entry.value;
      out[name] = m;
      continue;
    }
    const value = readOne(r, field);
    if (field.repeated) {
      const list = (out[name] as unknown[] | undefined) ?? [];
      list.push(value);
      out[name] = list;
    } else {
      out[name] = value;
    }
  }
  return out;
}

function readOne(r: Reader, field: Field): unknown {
  switch (field.kind) {
    case 'string':
      return textDecoder.decode(r.bytes());
    case 'bytes':
      return r.bytes();
    case 'bool':
      return r.varint() !== 0;
    case 'int64':
    case 'enum':
      return r.varint();
    default:
      return decodeMessage(field.kind, r.bytes());
  }
}
