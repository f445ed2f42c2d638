/** Launch settings that the schema alone cannot check (issue 13). */
import type { Environment } from '../schema';
import { Problem, problem } from '../problems';

const SG_INBOUND_RULES = 60;

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
    if (rule.cidr.endsWith('/0')) {
      out.push(problem(['launch', 'access', i, 'cidr'], `${rule.cidr} would open recovered servers to every address; name the ranges that need them`));
    }
  });
  // AWS's default quota is 60 inbound rules per security group (VPC user guide, "Amazon VPC quotas").
  const rules = new Set(launch.access.flatMap((r) => r.ports.map((p) => `${r.cidr} ${r.protocol} ${p}`)));
  if (rules.size > SG_INBOUND_RULES) {
    out.push(problem(['launch', 'access'], `makes ${rules.size} inbound rules (one per range and port); a security group holds ${SG_INBOUND_RULES} by default: use fewer, wider ranges`));
  }
  return out;
}
