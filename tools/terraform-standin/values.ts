// Walks cty values (decoded from Terraform's msgpack encoding) alongside their schema, to mark
// what the provider would compute as "known after apply" at plan time and to make up
// recognisable placeholder values for them at apply/read time.
import { decode, encode, ExtData } from '@msgpack/msgpack';
import type { JsonAttribute, JsonBlock } from './schema';

/** cty's msgpack encoding of an unknown value: extension type 0 (payload ignored on read). */
export const UNKNOWN = new ExtData(0, new Uint8Array([0]));

export const isUnknown = (v: unknown): boolean => v instanceof ExtData && v.type === 0;

// int64-encoded numbers come back as bigint so that large values survive a round trip.
export const decodeValue = (bytes: Uint8Array): unknown => decode(bytes, { useBigInt64: true });
export const encodeValue = (v: unknown): Uint8Array => encode(v, { useBigInt64: true });

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof ExtData);

/** Each nested block's values, whatever its nesting mode, for walking into them. */
function blockElements(nesting: string, v: unknown): Obj[] {
  if (v === null || v === undefined || isUnknown(v)) return [];
  if (nesting === 'single' || nesting === 'group') return isObj(v) ? [v] : [];
  if (nesting === 'map') return isObj(v) ? Object.values(v).filter(isObj) : [];
  return Array.isArray(v) ? v.filter(isObj) : [];
}

function nestedAttrElements(a: JsonAttribute, v: unknown): Obj[] {
  return a.nested_type ? blockElements(a.nested_type.nesting_mode, v) : [];
}

/** Plan: computed attributes the configuration left null become unknown. */
export function markComputedUnknown(block: JsonBlock, value: unknown): void {
  if (!isObj(value)) return;
  for (const [name, a] of Object.entries(block.attributes ?? {})) {
    if (a.computed && (value[name] === null || value[name] === undefined)) value[name] = UNKNOWN;
    else if (a.nested_type) {
      for (const e of nestedAttrElements(a, value[name])) markComputedUnknown({ attributes: a.nested_type.attributes }, e);
    }
  }
  for (const [name, bt] of Object.entries(block.block_types ?? {})) {
    for (const e of blockElements(bt.nesting_mode, value[name])) markComputedUnknown(bt.block, e);
  }
}

/** Context for placeholders: the resource type, and a counter that keeps values distinct. */
export class Placeholders {
  private n = 0;
  constructor(private readonly typeName: string) {}

  next(): number {
    return ++this.n;
  }

  /** A known value of cty type `type` for attribute `attr`: strings say where they came from. */
  make(type: unknown, attr: string): unknown {
    if (type === 'string') return this.string(attr);
    if (type === 'number') return 0;
    if (type === 'bool') return false;
    if (type === 'dynamic') return null;
    if (Array.isArray(type)) {
      const [kind, inner] = type as [string, unknown];
      // Three elements: enough for code that indexes a few availability zones or subnets.
      if (kind === 'list' || kind === 'set') return [0, 1, 2].map(() => this.make(inner, attr));
      if (kind === 'map') return {};
      if (kind === 'object') {
        return Object.fromEntries(Object.entries(inner as Obj).map(([k, t]) => [k, this.make(t, k)]));
      }
      if (kind === 'tuple') return (inner as unknown[]).map((t) => this.make(t, attr));
    }
    return null;
  }

  private string(attr: string): string {
    const n = this.next();
    if (attr === 'id') return `standin-${this.typeName}-${n}`;
    if (attr === 'arn' || attr.endsWith('_arn')) return `arn:aws:standin:us-east-1:000000000000:${this.typeName}/${n}`;
    if (attr === 'account_id' || attr === 'owner_id') return '000000000000';
    if (attr === 'json' || attr.endsWith('_json') || attr === 'policy') return '{}';
    // Addresses stay parseable: configurations feed them to cidrsubnet() and friends.
    if (attr.includes('cidr')) return attr.includes('ipv6') ? '2001:db8::/56' : '10.255.0.0/16';
    if (/(^|_)ip$|_ip_address$/.test(attr)) return `192.0.2.${n % 250}`;
    return `standin-${attr}-${n}`;
  }
}

/** Replaces every unknown inside `value` (of cty type `type`) with a placeholder. */
export function fillUnknown(value: unknown, type: unknown, attr: string, ph: Placeholders): unknown {
  if (isUnknown(value)) return ph.make(type, attr);
  if (value === null || value === undefined || !Array.isArray(type)) return value ?? null;
  const [kind, inner] = type as [string, unknown];
  if ((kind === 'list' || kind === 'set') && Array.isArray(value)) return value.map((e) => fillUnknown(e, inner, attr, ph));
  if (kind === 'tuple' && Array.isArray(value)) return value.map((e, i) => fillUnknown(e, (inner as unknown[])[i], attr, ph));
  if (kind === 'map' && isObj(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, e]) => [k, fillUnknown(e, inner, attr, ph)]));
  }
  if (kind === 'object' && isObj(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, e]) => [k, fillUnknown(e, (inner as Obj)[k], k, ph)]));
  }
  return value;
}

/** The cty type a block's value has, so that a wholly unknown block can still be filled. */
export function impliedType(block: JsonBlock): unknown {
  const attrs: Obj = {};
  for (const [n, a] of Object.entries(block.attributes ?? {})) attrs[n] = attributeType(a);
  for (const [n, bt] of Object.entries(block.block_types ?? {})) {
    const t = impliedType(bt.block);
    const m = bt.nesting_mode;
    attrs[n] = m === 'single' || m === 'group' ? t : [m === 'map' ? 'map' : m, t];
  }
  return ['object', attrs];
}

function attributeType(a: JsonAttribute): unknown {
  if (!a.nested_type) return a.type ?? 'dynamic';
  const t = impliedType({ attributes: a.nested_type.attributes });
  const m = a.nested_type.nesting_mode;
  return m === 'single' ? t : [m, t];
}

/**
 * Apply / read: fills unknowns everywhere, and (with `nullComputed`) also gives computed
 * attributes that are still null a placeholder, as a data source read would.
 */
export function fillBlock(block: JsonBlock, value: unknown, ph: Placeholders, nullComputed: boolean): unknown {
  if (isUnknown(value)) return ph.make(impliedType(block), 'block');
  if (!isObj(value)) return value;
  for (const [name, a] of Object.entries(block.attributes ?? {})) {
    const v = value[name];
    if (nullComputed && a.computed && (v === null || v === undefined)) value[name] = ph.make(attributeType(a), name);
    else value[name] = fillUnknown(v, attributeType(a), name, ph);
  }
  for (const [name, bt] of Object.entries(block.block_types ?? {})) {
    const v = value[name];
    if (isUnknown(v)) {
      // A block collection unknown at plan time (e.g. a dynamic block): empty is a fine guess.
      value[name] = bt.nesting_mode === 'single' || bt.nesting_mode === 'group' ? null : bt.nesting_mode === 'map' ? {} : [];
      continue;
    }
    for (const e of blockElements(bt.nesting_mode, v)) fillBlock(bt.block, e, ph, nullComputed);
  }
  return value;
}
