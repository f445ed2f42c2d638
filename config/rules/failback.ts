/**
 * Failback (issue 14): where recovered instances replicate back to. The reverse staging network of a
 * source account and region is the forward staging network there if one exists, else
 * recovery.failbackCidr (or a range derived from 100.64.0.0/10 that overlaps nothing in the file).
 * It is peered with every recovery VPC of its sites, so it must not overlap what is routed there.
 */
import { LAYOUT_MAX_VPC_PREFIX } from '../../net/layout';
import { VPC_MIN_PREFIX } from '../../catalog/network';
import { formatCidr, overlaps, parseCidr, type Cidr } from '../../net/cidr';
import { sourceCidrs, stagingGroups, stagingKey } from '../effective';
import type { Environment, Site } from '../schema';
import { formatPath, problem, type Problem } from '../problems';

const on = (env: Environment, site: Site) => env.service === 'drs' && site.recovery.failback !== false;

export function failbackRules(env: Environment): Problem[] {
  const out: Problem[] = [];
  const forward = new Map(stagingGroups(env.sites).map((g) => [g.key, g.members[0]]));
  const pinned = new Map<string, { cidr: string; site: number }>();

  /** Reverse network range of each aws site with failback on, and where it is written. */
  const reverseOf = new Map<number, { cidr: Cidr; text: string; path: string; what: string }>();
  /** Every aws site with failback on -> its reverse network's key (source account and region). */
  const reverseKey = new Map<number, string>();
  env.sites.forEach((site, i) => {
    const path = ['sites', i, 'recovery', 'failbackCidr'];
    const text = site.recovery.failbackCidr;
    if (text !== undefined) {
      if (site.source.type !== 'aws') return void out.push(problem(path, 'only AWS-hosted sites replicate back into a reverse staging VPC; remove failbackCidr (on-prem sites fail back with the Failback Client)'));
      if (!on(env, site)) return void out.push(problem(path, env.service !== 'drs' ? 'failback is a DRS feature; remove failbackCidr' : 'failback is false for this site; remove failbackCidr or turn failback on'));
      const parsed = parseCidr(text);
      if (!parsed.ok) return void out.push(problem(path, parsed.reason));
      if (parsed.cidr.prefix < VPC_MIN_PREFIX || parsed.cidr.prefix > LAYOUT_MAX_VPC_PREFIX) {
        return void out.push(problem(path, `${text}: a reverse staging VPC needs a prefix from /${VPC_MIN_PREFIX} to /${LAYOUT_MAX_VPC_PREFIX}`));
      }
    }
    if (site.source.type !== 'aws' || !on(env, site)) return;
    const key = stagingKey(site.source.account, site.source.region);
    reverseKey.set(i, key);
    const shared = forward.get(key);
    if (shared) {
      if (text !== undefined && text !== shared.entry.cidr) {
        out.push(problem(path, `reverse replication shares the staging network of "${site.source.account}" in ${site.source.region} (${shared.entry.cidr}, sites[${shared.siteIndex}].recovery.staging[${shared.entryIndex}].cidr): one replication template per account and region; remove failbackCidr or set it to ${shared.entry.cidr}`));
        return;
      }
      const c = parseCidr(shared.entry.cidr);
      if (c.ok) reverseOf.set(i, { cidr: c.cidr, text: shared.entry.cidr, path: formatPath(['sites', shared.siteIndex, 'recovery', 'staging', shared.entryIndex, 'cidr']), what: `the staging network of "${site.source.account}" in ${site.source.region}` });
      return;
    }
    if (text === undefined) return; // derived: overlaps nothing by construction
    const first = pinned.get(key);
    if (first && first.cidr !== text) {
      out.push(problem(path, `sites[${first.site}].recovery.failbackCidr already sets the reverse staging VPC of "${site.source.account}" in ${site.source.region} to ${first.cidr}; sites of one source account and region share it, so use the same value`));
      return;
    }
    pinned.set(key, { cidr: text, site: i });
    const c = parseCidr(text);
    if (c.ok) reverseOf.set(i, { cidr: c.cidr, text, path: formatPath(path), what: `the reverse staging VPC of "${site.source.account}" in ${site.source.region}` });
  });

  // What each recovery VPC routes: its own range, its sites' source ranges, and their reverse networks.
  const recoveryVpcs = new Map<string, { ranges: { cidr: Cidr; label: string }[]; sites: number[] }>();
  const addVpc = (key: string, cidrText: string, label: string, siteIndexes: number[]) => {
    const vpc = recoveryVpcs.get(key) ?? { ranges: [], sites: [] };
    const c = parseCidr(cidrText);
    if (c.ok && !vpc.ranges.some((r) => r.label === label)) vpc.ranges.push({ cidr: c.cidr, label });
    for (const i of siteIndexes) {
      if (vpc.sites.includes(i)) continue;
      vpc.sites.push(i);
      for (const s of sourceCidrs(env.sites[i])) {
        const p = parseCidr(s);
        if (p.ok) vpc.ranges.push({ cidr: p.cidr, label: `the source range ${s} of site "${env.sites[i].name}"` });
      }
    }
    recoveryVpcs.set(key, vpc);
  };
  for (const group of stagingGroups(env.sites)) {
    const members = group.members.filter((m) => m.site.recovery.target === undefined);
    if (members.length) addVpc(`staging ${group.key}`, members[0].entry.cidr, `the staging VPC of "${group.account}" in ${group.region}`, members.map((m) => m.siteIndex));
  }
  env.sites.forEach((site, i) => {
    if (site.recovery.targetCidr) addVpc(`target ${site.name}`, site.recovery.targetCidr, `the target VPC of site "${site.name}"`, [i]);
  });
  // What each reverse network routes: its forward sites' source ranges and every recovery VPC peered with it.
  const reverseNetworks = new Map<string, { routed: { cidr: Cidr; label: string; vpc: string }[]; path: string; name: string }>();
  for (const [key, vpc] of recoveryVpcs) {
    const own = vpc.ranges[0];
    if (!own) continue;
    for (const i of vpc.sites) {
      const id = reverseKey.get(i);
      if (!id) continue;
      const r = reverseOf.get(i);
      const site = env.sites[i];
      const name = r ? `the reverse staging network ${r.text}` : `the reverse staging VPC of "${(site.source as { account: string }).account}" in ${(site.source as { region: string }).region}`;
      const net = reverseNetworks.get(id) ?? { routed: [], path: r?.path ?? formatPath(['sites', i, 'recovery', 'failback']), name };
      if (!net.routed.some((x) => x.vpc === key)) net.routed.push({ cidr: own.cidr, label: own.label, vpc: key });
      reverseNetworks.set(id, net);
    }
  }
  for (const [id, net] of reverseNetworks) {
    const shared = forward.has(id) ? stagingGroups(env.sites).find((g) => g.key === id) : undefined;
    const text = net.name;
    const forwardSources = (shared?.members ?? []).flatMap((m) =>
      sourceCidrs(m.site).flatMap((s) => {
        const p = parseCidr(s);
        return p.ok ? [{ cidr: p.cidr, label: `the source range ${s} of site "${m.site.name}"`, vpc: `source ${m.site.name}` }] : [];
      }),
    );
    net.routed.forEach((r, k) => {
      const hit = [...forwardSources, ...net.routed.slice(0, k)].find((o) => o.vpc !== r.vpc && overlaps(o.cidr, r.cidr));
      if (hit) {
        out.push(problem(net.path, `failback peers ${r.label} ${formatCidr(r.cidr)} with ${text}, which already routes ${hit.label} ${formatCidr(hit.cidr)}; ranges routed together must not overlap: change one, or set recovery.failback: false for the sites involved`));
      }
    });
  }

  for (const vpc of recoveryVpcs.values()) {
    const reverse = [...new Map(vpc.sites.flatMap((i) => (reverseOf.has(i) ? [[reverseOf.get(i)!.text, reverseOf.get(i)!] as const] : []))).values()];
    reverse.forEach((r, k) => {
      const others = [...vpc.ranges.map((x) => ({ cidr: x.cidr, label: x.label })), ...reverse.slice(0, k).map((x) => ({ cidr: x.cidr, label: x.what }))];
      const hit = others.find((o) => overlaps(o.cidr, r.cidr));
      if (hit) {
        out.push(problem(r.path, `${r.text} (${r.what}, where recovered instances replicate back) overlaps ${hit.label} ${formatCidr(hit.cidr)}; both are routed in one recovery VPC, so change one range, or set recovery.failback: false for the sites involved`));
      }
    });
  }
  return out;
}
