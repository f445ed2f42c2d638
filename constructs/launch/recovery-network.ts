/**
 * What recovered (DRS) or test/cutover (MGN) instances need in a VPC with recovery subnets:
 *
 * - a security group: ingress only from launch.access (default: nothing), egress only HTTPS to
 *   the VPC's interface endpoints and to S3 through the recovery gateway endpoint;
 * - their own S3 gateway endpoint on the recovery route table, so workloads are not bound by the
 *   replication servers' read-only policy (which stays on the staging route tables): the
 *   service's buckets, the SSM buckets and launch.s3Buckets;
 * - with post-launch actions on, the Systems Manager endpoints ssm, ssmmessages and ec2messages
 *   (private DNS on), which the SSM agent needs in a VPC without internet access (Systems
 *   Manager user guide, "Use VPC endpoints to improve the security of EC2 instances").
 */
import { Construct } from 'constructs';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import type { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import type { DrService } from '../../catalog/services';
import { HTTPS_PORT } from '../../catalog/network';
import type { Launch } from '../../config/schema';
import { allowIn, allowOut, securityGroup } from '../firewall';
import type { PrivateVpc } from '../private-vpc';
import type { ServiceEndpoints } from '../service-endpoints';
import { policyJson, type PolicyDocument } from '../policy';

/** One ingress rule per (range, protocol, port), in file order; repeats collapse (one resource each). */
export function accessRules(access: Launch['access']): { cidr: string; protocol: 'tcp' | 'udp'; port: number }[] {
  const seen = new Map<string, { cidr: string; protocol: 'tcp' | 'udp'; port: number }>();
  for (const rule of access) for (const port of rule.ports) seen.set(`${rule.cidr} ${rule.protocol} ${port}`, { cidr: rule.cidr, protocol: rule.protocol, port });
  return [...seen.values()];
}

export const SSM_ENDPOINTS = ['ssm', 'ssmmessages', 'ec2messages'] as const;

/**
 * AWS-managed buckets the SSM agent and its documents read (Systems Manager user guide, "SSM
 * Agent communications with AWS managed S3 buckets"): amazon-ssm-<region> is the agent itself.
 */
export function ssmBuckets(region: string): string[] {
  return [
    `amazon-ssm-${region}`,
    `amazon-ssm-packages-${region}`,
    `${region}-birdwatcher-prod`,
    `aws-ssm-distributor-file-${region}`,
    `aws-ssm-document-attachments-${region}`,
    `aws-windows-downloads-${region}`,
    `patch-baseline-snapshot-${region}`,
  ];
}

/** Read the service's and SSM's buckets; read, write and list the buckets the file names. */
export function recoveryS3Policy(service: DrService, region: string, buckets: readonly string[]): PolicyDocument {
  const aws = [...new Set([...service.buckets(region), ...ssmBuckets(region)])];
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'ReadServiceAndSsmBuckets', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: aws.map((b) => `arn:aws:s3:::${b}/*`) },
      ...(buckets.length
        ? [
            {
              Sid: 'WorkloadBuckets',
              Effect: 'Allow',
              Principal: '*',
              Action: ['s3:GetObject', 's3:PutObject', 's3:ListBucket'],
              Resource: buckets.flatMap((b) => [`arn:aws:s3:::${b}`, `arn:aws:s3:::${b}/*`]),
            },
          ]
        : []),
    ],
  };
}

export interface RecoveryNetworkProps {
  readonly name: string;
  readonly network: PrivateVpc;
  readonly region: string;
  readonly service: DrService;
  readonly endpoints: ServiceEndpoints;
  readonly launch: Launch;
}

export class RecoveryNetwork extends Construct {
  readonly securityGroup: SecurityGroup;
  readonly s3Gateway: VpcEndpoint;
  readonly ssm: VpcEndpoint[] = [];

  constructor(scope: Construct, id: string, props: RecoveryNetworkProps) {
    super(scope, id);
    const { network, region, launch } = props;
    const vpcId = network.vpc.id;
    const recoveryTable = network.routeTables.get('recovery');
    if (!recoveryTable) throw new Error(`${props.name}: RecoveryNetwork needs recovery subnets`);

    this.s3Gateway = new VpcEndpoint(this, 's3_gateway', {
      vpcId,
      serviceName: `com.amazonaws.${region}.s3`,
      vpcEndpointType: 'Gateway',
      routeTableIds: [recoveryTable.id],
      policy: policyJson(recoveryS3Policy(props.service, region, launch.s3Buckets)),
      tags: { Name: `${props.name}-recovery-s3-gateway` },
    });

    if (launch.postLaunchActions) {
      for (const key of SSM_ENDPOINTS) {
        this.ssm.push(props.endpoints.interfaceEndpoint(this, key, `com.amazonaws.${region}.${key}`, { privateDns: true }));
      }
    }

    this.securityGroup = securityGroup(this, 'instances_sg', vpcId, `${props.name}-recovered-instances`, 'Recovered instances: only what launch.access names may reach them');
    for (const { cidr, port, protocol } of accessRules(launch.access)) {
      allowIn(this.securityGroup, port, protocol, [{ cidr }], 'Allowed by launch.access in the environment file');
    }
    allowOut(this.securityGroup, HTTPS_PORT, 'tcp', [{ group: props.endpoints.securityGroup, name: 'endpoints' }], 'Service, EC2 and SSM APIs through the interface endpoints');
    allowOut(this.securityGroup, HTTPS_PORT, 'tcp', [{ prefixList: this.s3Gateway.prefixListId, name: 's3_gateway' }], 'S3 through the recovery gateway endpoint');
  }
}
