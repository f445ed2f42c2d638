/** Address ranges that would be routed together must be valid, big enough and disjoint. */
import { COMMERCIAL_REGIONS } from '../../catalog/regions';
import { SUBNET_MAX_PREFIX, VPC_MIN_PREFIX } from '../../catalog/network';
import { Cidr, containsIp, formatCidr, overlaps, parseCidr, parseIp } from '../../net/cidr';
import { LAYOUT_MAX_VPC_PREFIX } from '../../net/layout';
import { stagingGroups } from '../effective';
import type { Environment } from '../schema';
import { PathPart, Problem, excerpt, formatPath, problem } from '../problems';

interface Range {
  readonly cidr: Cidr;
  readonly path: string;
  readonly what: string;
}

/**
 * The broadest on-prem range accepted. Every on-prem range becomes a security group source (443,
 * 1500, and 53 when no dnsServers are named) and a route; a range like 0.0.0.0/1 would open them
 * to half the internet while passing the 0.0.0.0/0 guard. No DR source network is larger than
 * 10.0.0.0/8, the largest private block (RFC 1918), so /8 is the floor; the docs are silent on
 * a limit, so this is our choice, documented in the README.
 */
export const SOURCE_MIN_PREFIX = 8;

type VpcKind = 'source VPC' | 'adopted source VPC' | 'staging VPC' | 'target VPC';

export function networkRules(env: Environment): Problem[] {
  const out: Problem[] = [];
  const parse = (text: string, path: PathPart[], vpc?: VpcKind): Cidr | undefined => {
    const parsed = parseCidr(text);
    if (!parsed.ok) {
      out.push(problem(path, parsed.reason));
      return undefined;
    }
    const { prefix } = parsed.cidr;
    if (!vpc && prefix < SOURCE_MIN_PREFIX) {
      out.push(problem(path, `${text} is broader than /${SOURCE_MIN_PREFIX}: it would open the endpoints, replication servers and resolver to ${2 ** (32 - prefix)} addresses; list the on-prem networks themselves (/${SOURCE_MIN_PREFIX} or narrower)`));
      return undefined;
    }
    // A created source VPC is split into two subnets of AWS's smallest size or larger.
    const maxPrefix = vpc === 'adopted source VPC' ? SUBNET_MAX_PREFIX : vpc === 'source VPC' ? SUBNET_MAX_PREFIX - 1 : LAYOUT_MAX_VPC_PREFIX;
    if (vpc && prefix < VPC_MIN_PREFIX) {
      out.push(problem(path, `${text} is larger than AWS allows for a VPC; use a prefix from /${VPC_MIN_PREFIX} to /${maxPrefix}`));
      return undefined;
    }
    if (vpc && prefix > maxPrefix) {
      const why =
        vpc === 'adopted source VPC'
          ? 'AWS allows VPCs up to /28'
          : vpc === 'source VPC'
            ? `a source VPC created here is split into two subnets in two AZs, and AWS's smallest subnet is a /${SUBNET_MAX_PREFIX}`
            : `a ${vpc} is too small to carve its staging, recovery and endpoint subnets in up to 3 AZs; the minimum is a /${LAYOUT_MAX_VPC_PREFIX}`;
      out.push(problem(path, `${text}: ${why} (use a prefix from /${VPC_MIN_PREFIX} to /${maxPrefix})`));
      return undefined;
    }
    return parsed.cidr;
  };
  const clash = (a: Range, b: Range) => {
    if (overlaps(a.cidr, b.cidr)) {
      out.push(problem(a.path, `${formatCidr(a.cidr)} overlaps ${b.what} ${formatCidr(b.cidr)} (${b.path}); ranges routed together must not overlap`));
    }
  };

  const sourceRanges = new Map<number, Range[]>();
  env.sites.forEach((site, i) => {
    const at = (...rest: PathPart[]) => ['sites', i, ...rest];
    const sources: Range[] = [];
    if (site.source.type === 'aws') {
      const cidr = parse(site.source.vpc.cidr, at('source', 'vpc', 'cidr'), site.source.vpc.id ? 'adopted source VPC' : 'source VPC');
      if (cidr) sources.push({ cidr, path: formatPath(at('source', 'vpc', 'cidr')), what: `the source VPC of site "${site.name}"` });
      if (site.source.region === site.recovery.region) {
        // The contract (spec: recovery.region must differ) holds for MGN too; only the reason differs.
        const why = env.service === 'mgn' ? 'this tool migrates with MGN into a landing VPC in another region than the source VPC' : 'DR recovers into another region';
        out.push(problem(at('recovery', 'region'), `must differ from source.region (${site.source.region}); ${why}`));
      }
    } else {
      const onprem = site.source;
      onprem.cidrs.forEach((text, j) => {
        const cidr = parse(text, at('source', 'cidrs', j));
        if (cidr) sources.push({ cidr, path: formatPath(at('source', 'cidrs', j)), what: `the on-prem range of site "${site.name}"` });
      });
      onprem.dnsServers?.forEach((ip, j) => {
        const addr = parseIp(ip);
        if (addr === undefined) out.push(problem(at('source', 'dnsServers', j), `${excerpt(ip)} is not an IPv4 address`));
        else if (sources.length && !sources.some((s) => containsIp(s.cidr, addr))) {
          out.push(problem(at('source', 'dnsServers', j), `${ip} is outside source.cidrs (${onprem.cidrs.join(', ')}); answers could not route back to it: add its range to cidrs`));
        }
      });
    }
    sources.forEach((a, j) => sources.slice(j + 1).forEach((b) => clash(b, a)));
    sourceRanges.set(i, sources);

    const staging: Range[] = [];
    site.recovery.staging.forEach((entry, j) => {
      const path = at('recovery', 'staging', j, 'cidr');
      const cidr = parse(entry.cidr, path, 'staging VPC');
      if (!cidr) return;
      const range = { cidr, path: formatPath(path), what: `the staging VPC of "${entry.account}"` };
      sources.forEach((s) => clash(range, s));
      staging.forEach((s) => clash(range, s));
      staging.push(range);
    });

    if (site.recovery.targetCidr !== undefined) {
      const path = at('recovery', 'targetCidr');
      const cidr = parse(site.recovery.targetCidr, path, 'target VPC');
      if (cidr) {
        const range = { cidr, path: formatPath(path), what: 'the target VPC' };
        [...sources, ...staging].forEach((s) => clash(range, s));
      }
    }

    const azs = site.recovery.availabilityZones;
    const available = COMMERCIAL_REGIONS[site.recovery.region];
    if (azs !== undefined && available !== undefined && azs > available) {
      out.push(problem(at('recovery', 'availabilityZones'), `${site.recovery.region} gives new accounts ${available} availability zones; use at most ${available}`));
    }
  });

  // Sites sharing a staging network are all routed into it: their source ranges must be disjoint.
  for (const group of stagingGroups(env.sites)) {
    const siteIndexes = [...new Set(group.members.map((m) => m.siteIndex))];
    siteIndexes.forEach((a, k) =>
      siteIndexes.slice(0, k).forEach((b) =>
        sourceRanges.get(a)?.forEach((ra) =>
          sourceRanges.get(b)?.forEach((rb) => {
            if (overlaps(ra.cidr, rb.cidr)) {
              out.push(problem(ra.path, `${formatCidr(ra.cidr)} overlaps ${rb.what} ${formatCidr(rb.cidr)} (${rb.path}); both sites share the staging network of "${group.account}" in ${group.region}, so their source ranges must not overlap`));
            }
          }),
        ),
      ),
    );
  }
  return out;
}
