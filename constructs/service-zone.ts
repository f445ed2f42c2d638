/**
 * A private hosted zone named like the service's public API (drs.<region>.amazonaws.com) whose
 * apex points at the interface endpoint. Unlike the endpoint's own private DNS, this zone can be
 * associated with peered VPCs in other regions and accounts and answered to on-prem resolvers,
 * and agents keep using the default API name, which DRS needs for failback (reference, 1.3).
 */
import type { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { Route53VpcAssociationAuthorization } from '@cdktf/provider-aws/lib/route53-vpc-association-authorization';
import { Route53ZoneAssociation } from '@cdktf/provider-aws/lib/route53-zone-association';
import { Route53Zone } from '@cdktf/provider-aws/lib/route53-zone';
import type { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';

export function serviceApiName(serviceId: string, region: string): string {
  return `${serviceId}.${region}.amazonaws.com`;
}

export interface ServiceZoneProps {
  readonly serviceId: string;
  readonly region: string;
  readonly vpcId: string;
  readonly endpoint: VpcEndpoint;
}

export class ServiceZone extends Construct {
  readonly zone: Route53Zone;
  readonly apiName: string;

  constructor(scope: Construct, id: string, props: ServiceZoneProps) {
    super(scope, id);
    this.apiName = serviceApiName(props.serviceId, props.region);
    this.zone = new Route53Zone(this, 'zone', {
      name: this.apiName,
      comment: `Resolves ${this.apiName} to the private endpoint; shared with peered source VPCs (private-dr)`,
      vpc: [{ vpcId: props.vpcId, vpcRegion: props.region }],
      // Source VPCs are associated by the peering stacks; without this the zone would undo them.
      lifecycle: { ignoreChanges: ['vpc'] },
    });
    const entry = props.endpoint.dnsEntry.get(0);
    new Route53Record(this, 'api', {
      zoneId: this.zone.zoneId,
      name: this.apiName,
      type: 'A',
      alias: { name: entry.dnsName, zoneId: entry.hostedZoneId, evaluateTargetHealth: false },
    });
  }
}

export interface ZoneAssociationProps {
  readonly zoneId: string;
  readonly vpcId: string;
  readonly vpcRegion: string;
  /** The zone and the VPC belong to different accounts. */
  readonly crossAccount: boolean;
  /** Provider of the zone's account (default: the stack's). */
  readonly zoneProvider?: TerraformProvider;
  /** Provider of the VPC's account (default: the stack's). */
  readonly vpcProvider?: TerraformProvider;
}

/**
 * Associates a private hosted zone with a VPC, across accounts too: the zone's owner authorizes,
 * the VPC's owner associates (Route 53 developer guide, "Associating an Amazon VPC and a private
 * hosted zone that you created with different AWS accounts"). Ids are `<id>_authorization` and
 * `<id>_association`.
 */
export function associateZone(scope: Construct, id: string, p: ZoneAssociationProps): Route53ZoneAssociation {
  const where = { zoneId: p.zoneId, vpcId: p.vpcId, vpcRegion: p.vpcRegion };
  const authorization = p.crossAccount
    ? new Route53VpcAssociationAuthorization(scope, `${id}_authorization`, { ...(p.zoneProvider ? { provider: p.zoneProvider } : {}), ...where })
    : undefined;
  return new Route53ZoneAssociation(scope, `${id}_association`, {
    ...(p.vpcProvider ? { provider: p.vpcProvider } : {}),
    ...where,
    ...(authorization ? { dependsOn: [authorization] } : {}),
  });
}
