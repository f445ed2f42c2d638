/**
 * A private hosted zone named like the service's public API (drs.<region>.amazonaws.com) whose
 * apex points at the interface endpoint. Unlike the endpoint's own private DNS, this zone can be
 * associated with peered VPCs in other regions and accounts and answered to on-prem resolvers,
 * and agents keep using the default API name, which DRS needs for failback (reference, 1.3).
 */
import { Construct } from 'constructs';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
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
