/** net/cidr.ts and net/layout.ts: examples, then properties over every address and prefix. */
import fc from 'fast-check';
import { contains, containsIp, formatCidr, formatIp, overlaps, parseCidr, parseIp, size, subnet, cidrOf, type Cidr } from '../net/cidr';
import { LAYOUT_MAX_VPC_PREFIX, MAX_AZS, layout, resolverAddress, tierCidr, usableAddresses, type Tier } from '../net/layout';

const TIERS: Tier[] = ['staging', 'recovery', 'endpoints'];

/** Any network: a random address with its host bits cleared. */
const anyCidr = (minPrefix = 0, maxPrefix = 32): fc.Arbitrary<Cidr> =>
  fc.tuple(fc.nat({ max: 0xffffffff }), fc.integer({ min: minPrefix, max: maxPrefix })).map(([ip, prefix]) => {
    const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
    return { base: (ip & mask) >>> 0, prefix };
  });
const vpcCidr = anyCidr(16, LAYOUT_MAX_VPC_PREFIX);
const azCount = fc.integer({ min: 1, max: MAX_AZS });

describe('parseCidr and formatCidr', () => {
  it('parse examples', () => {
    expect(parseCidr('10.0.0.0/16')).toEqual({ ok: true, cidr: { base: 0x0a000000, prefix: 16 } });
    expect(parseCidr('255.255.255.255/32')).toEqual({ ok: true, cidr: { base: 0xffffffff, prefix: 32 } });
    expect(parseCidr('0.0.0.0/0')).toEqual({ ok: true, cidr: { base: 0, prefix: 0 } });
    expect(formatCidr({ base: 0xc0a80000, prefix: 16 })).toBe('192.168.0.0/16');
  });

  it('refuses host bits with the network address that was probably meant', () => {
    expect(parseCidr('10.0.0.1/16')).toEqual({ ok: false, reason: '"10.0.0.1/16" has host bits set; did you mean 10.0.0.0/16?' });
    expect(parseCidr('192.168.77.5/20')).toEqual({ ok: false, reason: '"192.168.77.5/20" has host bits set; did you mean 192.168.64.0/20?' });
  });

  it.each(['10.0.0.0', '10.0.0.0/33', '10.0.0.256/24', '10.0.0/24', '10.0.0.0/', '/16', 'a.b.c.d/8', '010.0.0.0/8', '10.0.0.0/016', ' 10.0.0.0/8', '10.0.0.0/8 '])(
    'refuses %j as no CIDR',
    (text) => expect(parseCidr(text)).toEqual({ ok: false, reason: `"${text}" is not an IPv4 CIDR such as 10.0.0.0/16` }),
  );

  it('cidrOf throws the reason for a text that does not parse', () => {
    expect(() => cidrOf('10.0.0.1/8')).toThrow('"10.0.0.1/8" has host bits set; did you mean 10.0.0.0/8?');
  });

  it('roundtrips every network: format then parse gives it back, and parse then format gives the text', () => {
    fc.assert(
      fc.property(anyCidr(), (c) => {
        const parsed = parseCidr(formatCidr(c));
        expect(parsed).toEqual({ ok: true, cidr: c });
        if (parsed.ok) expect(formatCidr(parsed.cidr)).toBe(formatCidr(c));
      }),
      { numRuns: 200 },
    );
  });

  it('roundtrips every address through parseIp and formatIp', () => {
    fc.assert(fc.property(fc.nat({ max: 0xffffffff }), (ip) => parseIp(formatIp(ip)) === ip), { numRuns: 200 });
  });

  it('refuses exactly the addresses with host bits set, suggesting the masked network', () => {
    fc.assert(
      fc.property(fc.nat({ max: 0xffffffff }), fc.integer({ min: 0, max: 32 }), (ip, prefix) => {
        const parsed = parseCidr(`${formatIp(ip)}/${prefix}`);
        expect(parsed.ok).toBe(ip % 2 ** (32 - prefix) === 0);
        if (!parsed.ok) {
          const suggested = cidrOf(/has host bits set; did you mean (\S+)\?$/.exec(parsed.reason)![1]);
          expect(suggested.prefix).toBe(prefix);
          expect(containsIp(suggested, ip)).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('contains and overlaps', () => {
  it('examples', () => {
    const a = cidrOf('10.0.0.0/16');
    expect(overlaps(a, cidrOf('10.0.255.0/24'))).toBe(true);
    expect(overlaps(a, cidrOf('10.1.0.0/16'))).toBe(false);
    expect(overlaps(cidrOf('0.0.0.0/0'), a)).toBe(true);
    expect(contains(a, cidrOf('10.0.0.0/8'))).toBe(false);
    expect(contains(cidrOf('10.0.0.0/8'), a)).toBe(true);
  });

  it('overlaps is symmetric and reflexive, and agrees with comparing address ranges', () => {
    fc.assert(
      fc.property(anyCidr(), anyCidr(), (a, b) => {
        expect(overlaps(a, b)).toBe(overlaps(b, a));
        expect(overlaps(a, a)).toBe(true);
        const [aEnd, bEnd] = [a.base + size(a) - 1, b.base + size(b) - 1];
        expect(overlaps(a, b)).toBe(a.base <= bEnd && b.base <= aEnd);
      }),
      { numRuns: 300 },
    );
  });

  it('overlaps catches near misses: a network and its neighbours', () => {
    fc.assert(
      fc.property(anyCidr(1, 32), (a) => {
        const next = a.base + size(a);
        if (next <= 0xffffffff) expect(overlaps(a, { base: next, prefix: a.prefix })).toBe(false);
        const parent = cidrOf(`${formatIp(a.base)}/32`);
        expect(overlaps(a, parent)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('subnet blocks lie inside their network and are pairwise disjoint', () => {
    fc.assert(
      fc.property(anyCidr(8, 28), fc.integer({ min: 0, max: 4 }), (c, extra) => {
        const blocks = Array.from({ length: 2 ** extra }, (_, i) => subnet(c, c.prefix + extra, i));
        blocks.forEach((b, i) => {
          expect(contains(c, b)).toBe(true);
          blocks.slice(i + 1).forEach((o) => expect(overlaps(b, o)).toBe(false));
        });
        expect(blocks.reduce((n, b) => n + size(b), 0)).toBe(size(c));
      }),
      { numRuns: 100 },
    );
  });

  it('subnet refuses blocks that do not exist', () => {
    const c = cidrOf('10.0.0.0/16');
    expect(() => subnet(c, 15, 0)).toThrow('no block 0 of /15 in 10.0.0.0/16');
    expect(() => subnet(c, 18, 4)).toThrow('no block 4 of /18 in 10.0.0.0/16');
    expect(() => subnet(c, 18, -1)).toThrow(RangeError);
    expect(() => subnet(c, 33, 0)).toThrow(RangeError);
  });
});

describe('layout', () => {
  it('carves a /16 into /19 staging and recovery subnets and /21 endpoint subnets', () => {
    expect(layout(cidrOf('10.0.0.0/16'), 3, TIERS)).toEqual([
      { tier: 'staging', az: 0, cidr: '10.0.0.0/19' },
      { tier: 'staging', az: 1, cidr: '10.0.32.0/19' },
      { tier: 'staging', az: 2, cidr: '10.0.64.0/19' },
      { tier: 'recovery', az: 0, cidr: '10.0.96.0/19' },
      { tier: 'recovery', az: 1, cidr: '10.0.128.0/19' },
      { tier: 'recovery', az: 2, cidr: '10.0.160.0/19' },
      { tier: 'endpoints', az: 0, cidr: '10.0.192.0/21' },
      { tier: 'endpoints', az: 1, cidr: '10.0.200.0/21' },
      { tier: 'endpoints', az: 2, cidr: '10.0.208.0/21' },
    ]);
  });

  it('carves the smallest VPC, a /23, into /26 and /28 subnets and refuses a /24', () => {
    expect(layout(cidrOf('10.0.0.0/23'), 2, ['staging', 'endpoints'])).toEqual([
      { tier: 'staging', az: 0, cidr: '10.0.0.0/26' },
      { tier: 'staging', az: 1, cidr: '10.0.0.64/26' },
      { tier: 'endpoints', az: 0, cidr: '10.0.1.128/28' },
      { tier: 'endpoints', az: 1, cidr: '10.0.1.144/28' },
    ]);
    expect(LAYOUT_MAX_VPC_PREFIX).toBe(23);
    expect(() => tierCidr(cidrOf('10.0.0.0/24'), 'staging', 0)).toThrow('10.0.0.0/24 is smaller than a /23');
    expect(() => tierCidr(cidrOf('10.0.0.0/16'), 'staging', 3)).toThrow('AZ slot 3 is outside 0..2');
  });

  it('keeps every subnet inside the VPC and all subnets pairwise disjoint', () => {
    fc.assert(
      fc.property(vpcCidr, azCount, (vpc, azs) => {
        const subnets = layout(vpc, azs, TIERS).map((s) => cidrOf(s.cidr));
        expect(subnets).toHaveLength(azs * TIERS.length);
        subnets.forEach((s, i) => {
          expect(contains(vpc, s)).toBe(true);
          subnets.slice(i + 1).forEach((o) => expect(overlaps(s, o)).toBe(false));
        });
      }),
      { numRuns: 100 },
    );
  });

  it.each([16, 17, 18, 19, 20, 21, 22, 23])('gives endpoint subnets of /28 or larger in a /%i VPC', (prefix) => {
    const vpc = { base: 0x0a000000, prefix };
    for (const s of layout(vpc, MAX_AZS, TIERS)) expect(cidrOf(s.cidr).prefix).toBeLessThanOrEqual(28);
    expect(cidrOf(layout(vpc, 1, ['endpoints'])[0].cidr).prefix).toBe(prefix + 5);
  });

  it('never moves a subnet when an AZ is added: the 2-AZ layout is part of the 3-AZ layout', () => {
    fc.assert(
      fc.property(vpcCidr, fc.subarray(TIERS, { minLength: 1 }), (vpc, tiers) => {
        const two = layout(vpc, 2, tiers);
        const three = layout(vpc, 3, tiers);
        expect(three.filter((s) => s.az < 2)).toEqual(two);
        for (const tier of tiers) expect(three.filter((s) => s.tier === tier).slice(0, 2)).toEqual(two.filter((s) => s.tier === tier));
      }),
      { numRuns: 100 },
    );
  });

  it('does not depend on which other tiers are carved', () => {
    fc.assert(
      fc.property(vpcCidr, azCount, fc.subarray(TIERS, { minLength: 1 }), (vpc, azs, tiers) => {
        const all = layout(vpc, azs, TIERS);
        expect(layout(vpc, azs, tiers)).toEqual(all.filter((s) => tiers.includes(s.tier)));
      }),
      { numRuns: 100 },
    );
  });

  it('is deterministic', () => {
    fc.assert(fc.property(vpcCidr, azCount, (vpc, azs) => expect(layout(vpc, azs, TIERS)).toEqual(layout({ ...vpc }, azs, TIERS))), { numRuns: 50 });
  });

  it('counts usable addresses after the five AWS reserves', () => {
    expect(usableAddresses(cidrOf('10.0.0.0/16'), 'staging')).toBe(8192 - 5);
    expect(usableAddresses(cidrOf('10.0.0.0/23'), 'staging')).toBe(59);
    expect(usableAddresses(cidrOf('10.0.0.0/23'), 'endpoints')).toBe(11);
  });

  it('puts the resolver on the first address AWS does not reserve, inside its endpoint subnet', () => {
    expect(resolverAddress('10.0.192.0/21')).toBe('10.0.192.4');
    fc.assert(
      fc.property(vpcCidr, azCount, (vpc, azs) => {
        for (const s of layout(vpc, azs, ['endpoints'])) {
          const ip = parseIp(resolverAddress(s.cidr))!;
          expect(containsIp(cidrOf(s.cidr), ip)).toBe(true);
          expect(ip - cidrOf(s.cidr).base).toBe(4);
        }
      }),
      { numRuns: 50 },
    );
  });
});
