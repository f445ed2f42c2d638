/** Source-side shapes that a schema alone cannot express. */
import { stagingGroups } from '../effective';
import type { Environment } from '../schema';
import { Problem, problem } from '../problems';

export function sourceRules(env: Environment): Problem[] {
  const out: Problem[] = [];
  env.sites.forEach((site, i) => {
    const source = site.source;
    if (source.type === 'aws') {
      if (source.vpc.id !== undefined && source.vpc.routeTableIds === undefined) {
        out.push(problem(['sites', i, 'source', 'vpc', 'routeTableIds'], `is required with vpc.id: list the route tables of ${source.vpc.id} that must route to the staging VPCs`));
      }
      if (source.vpc.id === undefined && source.vpc.routeTableIds !== undefined) {
        out.push(problem(['sites', i, 'source', 'vpc', 'routeTableIds'], 'only applies to an adopted VPC: add vpc.id, or remove routeTableIds to create the VPC'));
      }
    } else {
      const both = source.transitGatewayId !== undefined && source.vpnGatewayId !== undefined;
      const neither = source.transitGatewayId === undefined && source.vpnGatewayId === undefined;
      if (both || neither) {
        out.push(problem(['sites', i, 'source'], `an onprem source needs exactly one of transitGatewayId or vpnGatewayId (found ${both ? 'both' : 'neither'}): it is how staging VPCs route back on premises`));
      }
    }
  });

  // A VPC attaches to at most one virtual private gateway.
  for (const group of stagingGroups(env.sites)) {
    const vgws = new Map<string, string>();
    for (const m of group.members) {
      const vgw = m.site.source.type === 'onprem' ? m.site.source.vpnGatewayId : undefined;
      if (vgw) vgws.set(vgw, vgws.get(vgw) ?? m.site.name);
      if (vgw && vgws.size > 1) {
        const [firstVgw, firstSite] = [...vgws.entries()][0];
        out.push(problem(['sites', m.siteIndex, 'source', 'vpnGatewayId'], `${vgw} differs from ${firstVgw} of site "${firstSite}", which shares the staging VPC of "${group.account}" in ${group.region}; a VPC attaches to one virtual private gateway, so use the same one or a transit gateway`));
        break;
      }
    }
  }
  return out;
}
