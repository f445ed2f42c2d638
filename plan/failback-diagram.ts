/**
 * The failback path in the diagram: each recovery VPC peered with the reverse staging network of
 * its sites' source account and region, reverse replication on TCP 1500 over that peering, and the
 * on-prem Failback Client connecting to recovery instances on TCP 1500.
 */
import { REPLICATION_PORT } from '../catalog/network';
import type { DiagramEdge } from './diagram';
import type { EnvironmentPlan } from './types';

export const FAILBACK_LABELS = {
  peering: 'failback peering',
  reverse: `failback: reverse replication TCP ${REPLICATION_PORT}`,
  client: `failback client TCP ${REPLICATION_PORT}`,
};

export function failbackEdges(
  plan: EnvironmentPlan,
  node: { staging: (alias: string, region: string) => string; target: (site: string) => string; onprem: (site: string) => string },
): DiagramEdge[] {
  const edges: DiagramEdge[] = [];
  const recoveryNode = (r: { kind: 'staging' | 'target'; stack: { account: { alias: string }; region: string } }, site: string) =>
    r.kind === 'staging' ? node.staging(r.stack.account.alias, r.stack.region) : node.target(site);
  for (const f of plan.failbacks) {
    const side = (s: typeof f.requester) => recoveryNode(s, f.sites[0].site);
    edges.push({ from: side(f.accepter), to: side(f.requester), style: 'both', label: FAILBACK_LABELS.peering });
    for (const dir of [...new Set(f.sites.map((s) => s.recoverySide))]) {
      const [from, to] = dir === 'accepter' ? [f.accepter, f.requester] : [f.requester, f.accepter];
      edges.push({ from: side(from), to: side(to), style: 'dotted', label: FAILBACK_LABELS.reverse });
    }
  }
  const clients = (kind: 'staging' | 'target', p: { stack: EnvironmentPlan['stacks'][number]; failback?: { onPremClients: readonly { site: string }[] } }, site?: string) => {
    const sites = [...new Set((p.failback?.onPremClients ?? []).map((c) => c.site))];
    for (const s of sites) edges.push({ from: node.onprem(s), to: recoveryNode({ kind, stack: p.stack }, site ?? s), style: 'dotted', label: FAILBACK_LABELS.client });
  };
  for (const s of plan.stagings) clients('staging', s);
  for (const t of plan.targets) clients('target', t, t.site);
  return edges;
}
