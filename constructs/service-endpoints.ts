/**
 * The private endpoints of a staging or target VPC, as a catalogue: each entry is one endpoint
 * keyed by a stable name, so adding an endpoint is one entry and never renames another.
 *
 * - service (drs | mgn): interface; its name resolves through a private hosted zone that peered
 *   VPCs and on-prem resolvers can share (ServiceZone), so AWS's own private DNS stays off.
 *   In a target VPC nothing is shared, so private DNS is on.
 * - ec2: interface, private DNS on (replication servers call EC2 in their region).
 * - s3 (interface): for installers outside the VPC, reached by its endpoint-specific DNS name;
 *   private DNS off; only while agentInstall.s3InterfaceEndpoint is true.
 * - s3 (gateway): on every route table but the recovery one, for replication servers; recovered
 *   instances get their own (constructs/launch/recovery-network.ts).
 */
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import type { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import type { DrService } from '../catalog/services';
import { HTTPS_PORT } from '../catalog/network';
import { PrivateVpc } from './private-vpc';
import { allowIn, securityGroup } from './firewall';
import { s3EndpointPolicy, serviceEndpointPolicy } from './endpoint-policies';
import { policyJson, type PolicyDocument } from './policy';

export interface ServiceEndpointsProps {
  readonly name: string;
  readonly network: PrivateVpc;
  readonly region: string;
  readonly service: DrService;
  /** Ranges that call the endpoints over HTTPS: sources, and the VPC's own server subnets. */
  readonly clients: readonly string[];
  readonly s3Interface: boolean;
  /** 'zone': the service name is published by a shared private hosted zone; 'private-dns': by AWS. */
  readonly serviceDns: 'zone' | 'private-dns';
  /** Created before any interface endpoint (the resolver address reservations of the endpoint subnets). */
  readonly after?: readonly ITerraformDependable[];
}

export class ServiceEndpoints extends Construct {
  readonly securityGroup: SecurityGroup;
  readonly service: VpcEndpoint;
  readonly ec2: VpcEndpoint;
  readonly s3Gateway: VpcEndpoint;
  readonly s3Interface?: VpcEndpoint;
  private readonly vpcId: string;
  private readonly subnetIds: string[];
  private readonly after: readonly ITerraformDependable[];
  private readonly namePrefix: string;

  constructor(scope: Construct, id: string, props: ServiceEndpointsProps) {
    super(scope, id);
    const { network, region, service } = props;
    const vpcId = network.vpc.id;
    this.securityGroup = securityGroup(this, 'endpoints_sg', vpcId, `${props.name}-endpoints`, `HTTPS to the ${service.id}, ec2 and s3 endpoints`);
    allowIn(this.securityGroup, HTTPS_PORT, 'tcp', props.clients.map((cidr) => ({ cidr })), 'HTTPS from sources and servers to the private endpoints');

    this.vpcId = vpcId;
    this.subnetIds = network.subnets('endpoints').map((s) => s.id);
    this.after = props.after ?? [];
    this.namePrefix = props.name;
    const iface = (key: string, serviceName: string, privateDns: boolean, policy?: PolicyDocument, dependsOn: ITerraformDependable[] = []) =>
      this.interfaceEndpoint(this, key, serviceName, { privateDns, ...(policy ? { policy } : {}), dependsOn });

    this.service = iface(service.id, `com.amazonaws.${region}.${service.id}`, props.serviceDns === 'private-dns', serviceEndpointPolicy(service, region));
    this.ec2 = iface('ec2', `com.amazonaws.${region}.ec2`, true);
    this.s3Gateway = new VpcEndpoint(this, 's3_gateway', {
      vpcId,
      serviceName: `com.amazonaws.${region}.s3`,
      vpcEndpointType: 'Gateway',
      routeTableIds: [...network.routeTables].filter(([tier]) => tier !== 'recovery').map(([, table]) => table.id),
      policy: policyJson(s3EndpointPolicy(service, region)),
      tags: { Name: `${props.name}-s3-gateway` },
    });
    if (props.s3Interface) {
      this.s3Interface = iface('s3_interface', `com.amazonaws.${region}.s3`, false, s3EndpointPolicy(service, region), [this.s3Gateway]);
    }
  }

  /**
   * An interface endpoint in the endpoint subnets behind this security group, created after the
   * resolver address reservations (`after`), so no endpoint ENI can take a reserved address.
   * Other constructs add theirs here (recovery SSM endpoints, STS) to keep that ordering.
   */
  interfaceEndpoint(
    scope: Construct,
    key: string,
    serviceName: string,
    options: { privateDns: boolean; policy?: PolicyDocument; dependsOn?: readonly ITerraformDependable[] },
  ): VpcEndpoint {
    const dependsOn = [...this.after, ...(options.dependsOn ?? [])];
    return new VpcEndpoint(scope, key, {
      vpcId: this.vpcId,
      serviceName,
      vpcEndpointType: 'Interface',
      subnetIds: this.subnetIds,
      securityGroupIds: [this.securityGroup.id],
      privateDnsEnabled: options.privateDns,
      ...(options.policy ? { policy: policyJson(options.policy) } : {}),
      tags: { Name: `${this.namePrefix}-${key.replace(/_/g, '-')}` },
      ...(dependsOn.length ? { dependsOn } : {}),
    });
  }
}
