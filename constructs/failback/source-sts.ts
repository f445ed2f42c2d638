/**
 * An `sts` interface endpoint in a created source VPC whose EC2 sources replicate into another
 * account: the installer's --account-id makes the instance assume DRSCrossAccountAgentAuthorizedRole_*
 * through STS (DRS guide, installer parameters; "Failback and in-AWS right-sizing roles"), and the
 * VPC has no internet path. Private DNS on, so the default regional STS name resolves to it; HTTPS
 * only from the VPC itself.
 */
import { Construct } from 'constructs';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { HTTPS_PORT } from '../../catalog/network';
import { allowIn, securityGroup } from '../firewall';
import type { SourceVpc } from '../source-vpc';

export class SourceStsEndpoint extends Construct {
  readonly endpoint: VpcEndpoint;

  constructor(scope: Construct, id: string, props: { name: string; vpc: SourceVpc; region: string; cidr: string }) {
    super(scope, id);
    const sg = securityGroup(this, 'endpoint_sg', props.vpc.vpc.id, `${props.name}-sts`, 'HTTPS from the source VPC to the STS endpoint');
    allowIn(sg, HTTPS_PORT, 'tcp', [{ cidr: props.cidr }], 'STS calls of cross-account agent installs');
    this.endpoint = new VpcEndpoint(this, 'endpoint', {
      vpcId: props.vpc.vpc.id,
      serviceName: `com.amazonaws.${props.region}.sts`,
      vpcEndpointType: 'Interface',
      subnetIds: props.vpc.subnets.map((s) => s.id),
      securityGroupIds: [sg.id],
      privateDnsEnabled: true,
      tags: { Name: `${props.name}-sts` },
    });
  }
}
