/** Launch settings that the schema alone cannot check (issue 13). */
import { stagingGroups, stagingKey } from '../effective';
import type { Environment } from '../schema';
import { Problem, excerpt, problem } from '../problems';
import { SOURCE_MIN_PREFIX } from './networks';
import { SECURITY_GROUP_RULE_QUOTA as SG_INBOUND_RULES } from './quotas';

export function launchRules(env: Environment): Problem[] {
  const out: Problem[] = [];
  const launch = env.launch;
  // MGN's TargetInstanceTypeRightSizingMethod is NONE | BASIC (MGN API reference); IN_AWS is DRS-only.
  if (env.service === 'mgn' && launch.rightSizing === 'IN_AWS') {
    out.push(problem(['launch', 'rightSizing'], 'IN_AWS is a drs setting; mgn offers NONE or BASIC'));
  }
  if (launch.rightSizing === 'NONE' && launch.instanceType === undefined) {
    out.push(problem(['launch', 'instanceType'], 'is required with rightSizing: NONE (nothing else would choose the instance type); set it, or use rightSizing: BASIC'));
  }
  launch.access.forEach((rule, i) => {
    // The same floor as for source ranges (networks.ts): nothing broader than the largest private block.
    const prefix = Number(rule.cidr.split('/')[1]);
    if (prefix < SOURCE_MIN_PREFIX) {
      out.push(problem(['launch', 'access', i, 'cidr'], `${rule.cidr} would open recovered servers to ${2 ** (32 - prefix)} addresses; name the ranges that need them (/${SOURCE_MIN_PREFIX} or narrower)`));
    }
  });
  out.push(...oneRecoveryNetworkPerAccountRegion(env));
  // AWS's default quota is 60 inbound rules per security group (VPC user guide, "Amazon VPC quotas").
  const rules = new Set(launch.access.flatMap((r) => r.ports.map((p) => `${r.cidr} ${r.protocol} ${p}`)));
  if (rules.size > SG_INBOUND_RULES) {
    out.push(problem(['launch', 'access'], `makes ${rules.size} inbound rules (one per range and port); a security group holds ${SG_INBOUND_RULES} by default: use fewer, wider ranges`));
  }
  return out;
}

/**
 * DRS and MGN keep one set of launch defaults per account and region (plan/launch.ts), naming one
 * subnet and its security groups. Two recovery networks in one account and region would launch
 * every recovery into the first one's subnet, where the other site has no routes, peering or
 * failback path. So a target account and region serves one site, and none where a staging network
 * already has recovery subnets.
 */
function oneRecoveryNetworkPerAccountRegion(env: Environment): Problem[] {
  const out: Problem[] = [];
  const recoveryHere = new Map<string, string>();
  for (const g of stagingGroups(env.sites)) {
    const launching = g.members.find((m) => m.site.recovery.target === undefined);
    if (launching) recoveryHere.set(g.key, `the staging network of site "${launching.site.name}"`);
  }
  env.sites.forEach((site, i) => {
    const target = site.recovery.target;
    if (target === undefined) return;
    const key = stagingKey(target, site.recovery.region);
    const other = recoveryHere.get(key);
    if (other) {
      out.push(
        problem(
          ['sites', i, 'recovery', 'target'],
          `target account ${excerpt(target)} in ${site.recovery.region} already launches the recoveries of ${other}; DRS and MGN keep one set of launch defaults (subnet and security groups) per account and region, so recoveries of site "${site.name}" would land there: use another target account or recovery region`,
        ),
      );
    } else {
      recoveryHere.set(key, `the target VPC of site "${site.name}"`);
    }
  });
  return out;
}
