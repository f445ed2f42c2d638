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

  // One private hosted zone per service name and VPC: an adopted VPC serves one site.
  const adopted = new Map<string, number>();
  env.sites.forEach((site, i) => {
    const id = site.source.type === 'aws' ? site.source.vpc.id : undefined;
    if (!id) return;
    const first = adopted.get(id);
    if (first !== undefined) out.push(problem(['sites', i, 'source', 'vpc', 'id'], `${id} is already the source VPC of sites[${first}]; describe each source VPC once, with all of its staging accounts`));
    else adopted.set(id, i);
  });

  // A virtual private gateway belongs to one account and region and attaches to one VPC.
  const vgwSites = new Map<string, number>();
  env.sites.forEach((site, i) => {
    const vgw = site.source.type === 'onprem' ? site.source.vpnGatewayId : undefined;
    if (!vgw) return;
    if (site.recovery.staging.length > 1 || site.recovery.target !== undefined) {
      out.push(problem(['sites', i, 'source', 'vpnGatewayId'], `a virtual private gateway attaches to one VPC, but this site needs ${site.recovery.staging.length + (site.recovery.target ? 1 : 0)} (its staging and target VPCs); use transitGatewayId`));
    }
    const other = vgwSites.get(vgw);
    if (other !== undefined && JSON.stringify(env.sites[other].recovery.staging.map((s) => s.account)) !== JSON.stringify(site.recovery.staging.map((s) => s.account))) {
      out.push(problem(['sites', i, 'source', 'vpnGatewayId'], `${vgw} is already attached for sites[${other}] to another staging VPC; a virtual private gateway attaches to one VPC: use transitGatewayId`));
    } else if (other === undefined) vgwSites.set(vgw, i);
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
