/** IPv4 CIDR arithmetic: pure, no dependencies, shared by validation and planning. */

export interface Cidr {
  /** Network address as an unsigned 32-bit integer. */
  readonly base: number;
  readonly prefix: number;
}

const DOTTED = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

export function parseIp(text: string): number | undefined {
  const m = DOTTED.exec(text);
  if (!m) return undefined;
  const octets = m.slice(1).map(Number);
  if (octets.some((o, i) => o > 255 || (m[i + 1].length > 1 && m[i + 1].startsWith('0')))) return undefined;
  return ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
}

export function formatIp(ip: number): string {
  return [24, 16, 8, 0].map((s) => (ip >>> s) & 255).join('.');
}

function mask(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

export type CidrParse = { ok: true; cidr: Cidr } | { ok: false; reason: string };

/** Parses "a.b.c.d/p"; host bits must be zero so that a typo cannot silently widen a range. */
export function parseCidr(text: string): CidrParse {
  const slash = text.indexOf('/');
  const ip = slash > 0 ? parseIp(text.slice(0, slash)) : undefined;
  const prefixText = slash > 0 ? text.slice(slash + 1) : '';
  const prefix = /^\d{1,2}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (ip === undefined || !(prefix >= 0 && prefix <= 32)) {
    return { ok: false, reason: `"${text}" is not an IPv4 CIDR such as 10.0.0.0/16` };
  }
  const base = (ip & mask(prefix)) >>> 0;
  if (base !== ip) {
    return { ok: false, reason: `"${text}" has host bits set; did you mean ${formatIp(base)}/${prefix}?` };
  }
  return { ok: true, cidr: { base, prefix } };
}

/** For values already validated. */
export function cidrOf(text: string): Cidr {
  const parsed = parseCidr(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.cidr;
}

export function formatCidr(c: Cidr): string {
  return `${formatIp(c.base)}/${c.prefix}`;
}

export function size(c: Cidr): number {
  return 2 ** (32 - c.prefix);
}

export function contains(outer: Cidr, inner: Cidr): boolean {
  return outer.prefix <= inner.prefix && ((inner.base & mask(outer.prefix)) >>> 0) === outer.base;
}

export function containsIp(c: Cidr, ip: number): boolean {
  return ((ip & mask(c.prefix)) >>> 0) === c.base;
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return contains(a, b) || contains(b, a);
}

/** The index-th block of length newPrefix inside c. */
export function subnet(c: Cidr, newPrefix: number, index: number): Cidr {
  const count = 2 ** (newPrefix - c.prefix);
  if (newPrefix < c.prefix || newPrefix > 32 || index < 0 || index >= count) {
    throw new RangeError(`no block ${index} of /${newPrefix} in ${formatCidr(c)}`);
  }
  return { base: (c.base + index * 2 ** (32 - newPrefix)) >>> 0, prefix: newPrefix };
}
