/**
 * Where replication servers run and how they are reached: their security group (TCP 1500 from
 * the sources only; out only HTTPS to the endpoints and S3), and for DRS the account's
 * replication template with a private data path and no public addresses.
 */
import { Construct } from 'constructs';
import { DrsReplicationConfigurationTemplate } from '@cdktf/provider-aws/lib/drs-replication-configuration-template';
import type { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import type { ITerraformDependable } from 'cdktf';
import { HTTPS_PORT, PIT_DAILY_RULE_ID, PIT_RULES, REPLICATION_PORT } from '../catalog/network';
import type { Replication } from '../config/schema';
import { allowIn, allowOut, securityGroup } from './firewall';
import type { ServiceEndpoints } from './service-endpoints';

export interface ReplicationServersProps {
  readonly name: string;
  readonly vpcId: string;
  readonly sourceCidrs: readonly string[];
  readonly endpoints: ServiceEndpoints;
}

export class ReplicationServers extends Construct {
  readonly securityGroup: SecurityGroup;

  constructor(scope: Construct, id: string, props: ReplicationServersProps) {
    super(scope, id);
    this.securityGroup = securityGroup(this, 'replication_sg', props.vpcId, `${props.name}-replication-servers`, 'Replication servers: TCP 1500 from the sources');
    allowIn(this.securityGroup, REPLICATION_PORT, 'tcp', props.sourceCidrs.map((cidr) => ({ cidr })), 'Replication data from source servers');
    allowOut(this.securityGroup, HTTPS_PORT, 'tcp', [{ group: props.endpoints.securityGroup, name: 'endpoints' }], 'Service, EC2 and S3 APIs through the interface endpoints');
    allowOut(this.securityGroup, HTTPS_PORT, 'tcp', [{ prefixList: props.endpoints.s3Gateway.prefixListId, name: 's3_gateway' }], 'Replication software from S3 through the gateway endpoint');
  }
}

export interface ReplicationTemplateProps {
  readonly stagingSubnetId: string;
  readonly securityGroupId: string;
  readonly replication: Replication;
  /** The customer managed key with encryption: cmk. */
  readonly kmsKeyArn?: string;
  readonly stagingTags: Record<string, string>;
  readonly dependsOn?: ITerraformDependable[];
}

export function drsReplicationTemplate(scope: Construct, id: string, props: ReplicationTemplateProps): DrsReplicationConfigurationTemplate {
  const r = props.replication;
  return new DrsReplicationConfigurationTemplate(scope, id, {
    stagingAreaSubnetId: props.stagingSubnetId,
    replicationServersSecurityGroupsIds: [props.securityGroupId],
    associateDefaultSecurityGroup: false,
    dataPlaneRouting: 'PRIVATE_IP',
    createPublicIp: false,
    replicationServerInstanceType: r.instanceType,
    defaultLargeStagingDiskType: r.stagingDiskType,
    bandwidthThrottling: r.bandwidthMbps,
    useDedicatedReplicationServer: r.dedicatedServers,
    ebsEncryption: props.kmsKeyArn ? 'CUSTOM' : 'DEFAULT',
    ...(props.kmsKeyArn ? { ebsEncryptionKeyArn: props.kmsKeyArn } : {}),
    stagingAreaTags: props.stagingTags,
    pitPolicy: [
      ...PIT_RULES.map((rule) => ({ ...rule, enabled: true })),
      { ruleId: PIT_DAILY_RULE_ID, units: 'DAY', interval: 1, retentionDuration: r.pitRetentionDays, enabled: true },
    ],
    ...(props.dependsOn?.length ? { dependsOn: props.dependsOn } : {}),
    // Later tag changes go through ReplicationTemplateTags (hashicorp/terraform-provider-aws#42010).
    lifecycle: { ignoreChanges: ['staging_area_tags'] },
  });
}
