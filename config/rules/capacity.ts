/** Shared staging networks must agree, and no staging account may take more servers than the service allows. */
import { SERVICES } from '../../catalog/services';
import { cidrOf, parseCidr } from '../../net/cidr';
import { LAYOUT_MAX_VPC_PREFIX, usableAddresses } from '../../net/layout';
import { effectiveReplication, stagingGroups } from '../effective';
import type { Environment, Replication } from '../schema';
import { Problem, listed, problem } from '../problems';

const REPLICATION_KEYS: (keyof Replication)[] = ['instanceType', 'stagingDiskType', 'bandwidthMbps', 'dedicatedServers', 'encryption', 'pitRetentionDays', 'initializeService'];

export function capacityRules(env: Environment): Problem[] {
  const out: Problem[] = [];
  const service = SERVICES[env.service];
  const limit = service.maxServersPerAccountRegion;

  for (const group of stagingGroups(env.sites)) {
    const [first, ...rest] = group.members;
    const at = (m: typeof first, ...tail: (string | number)[]) => ['sites', m.siteIndex, 'recovery', 'staging', m.entryIndex, ...tail];
    const firstReplication = effectiveReplication(env, first.site);

    for (const m of rest) {
      // A site listing the same staging account twice is reported once, by the reference rules.
      if (m.entry.cidr !== first.entry.cidr && m.siteIndex !== first.siteIndex) {
        out.push(problem(at(m, 'cidr'), `${m.entry.cidr} differs from ${first.entry.cidr} that site "${first.site.name}" gives the same staging account "${group.account}" in ${group.region}; sites sharing a staging account and region share one staging VPC, so use ${first.entry.cidr}`));
      }
      const replication = effectiveReplication(env, m.site);
      for (const key of REPLICATION_KEYS) {
        if (replication[key] !== firstReplication[key]) {
          out.push(problem(['sites', m.siteIndex, 'recovery', 'replication', key], `${JSON.stringify(replication[key])} disagrees with ${JSON.stringify(firstReplication[key])} of site "${first.site.name}", which shares the staging account "${group.account}" in ${group.region} (one replication template per account and region); make them equal`));
        }
      }
    }

    for (const m of group.members) {
      if (m.entry.servers > limit) {
        out.push(problem(at(m, 'servers'), `${m.entry.servers} servers exceed the ${env.service} limit of ${limit} replicating servers per account and region; spread them over at least ${Math.ceil(m.entry.servers / limit)} staging accounts`));
      }
    }
    const total = group.members.reduce((sum, m) => sum + m.entry.servers, 0);
    if (group.members.length > 1 && total > limit) {
      const sites = listed(group.members.map((m) => `${m.site.name} ${m.entry.servers}`));
      const last = group.members[group.members.length - 1];
      out.push(problem(at(last, 'servers'), `sites sharing staging account "${group.account}" in ${group.region} add up to ${total} servers (${sites}), over the ${env.service} limit of ${limit}; these sites need at least ${Math.ceil(total / limit)} staging accounts there`));
    }

    // Dedicated replication servers take one address each in the single staging subnet.
    const parsed = parseCidr(first.entry.cidr);
    if (firstReplication.dedicatedServers && parsed.ok && parsed.cidr.prefix <= LAYOUT_MAX_VPC_PREFIX && parsed.cidr.prefix >= 16) {
      const room = usableAddresses(cidrOf(first.entry.cidr), 'staging');
      if (total > room) {
        out.push(problem(at(first, 'cidr'), `${first.entry.cidr} leaves ${room} addresses in its staging subnet, fewer than the ${total} dedicated replication servers planned; use a larger staging VPC`));
      }
    }
  }
  return out;
}
