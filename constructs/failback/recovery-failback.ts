/**
 * The failback pieces of one staging or target stack:
 *
 * - a security group for recovery instances (attach it in the launch settings): out on TCP 443 to
 *   the VPC's endpoints and the S3 prefix list; out on TCP 1500 and 443 to each reverse staging VPC
 *   (cross-region peering, so CIDRs: groups cannot be referenced across regions); in on TCP 1500 from
 *   on-prem sites' ranges, where the Failback Client connects ("TCP Port 1500 inbound and TCP Port
 *   443 outbound must be open on the recovery instance", DRS guide, "Failback to on-premises
 *   environment");
 * - an `sts` interface endpoint (private DNS on) where recovered instances fail back across accounts;
 * - IAM (global, so owned by one stack per account): DRSCrossAccountReplicationRole_<other>, which DRS
 *   uses in both accounts for failback (DRS guide, "Failback and in-AWS right-sizing roles"), and the
 *   failback-client role, built like the agent-installation role (trusted only by
 *   agentInstall.principals, short sessions, AWSElasticDisasterRecoveryFailbackInstallationPolicy).
 */
import { Construct } from 'constructs';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import type { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import type { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { HTTPS_PORT, IAM_MIN_MAX_SESSION, REPLICATION_PORT } from '../../catalog/network';
import type { StackFailback } from '../../plan/failback-types';
import { allowIn, allowOut, securityGroup } from '../firewall';
import { CROSS_ACCOUNT_REPLICATION_POLICY, crossAccountNames, replicationRoleTrust } from '../identity/cross-account';
import { trustPrincipals } from '../identity/trust';
import { policyJson } from '../policy';
import type { PrivateVpc } from '../private-vpc';
import type { ServiceEndpoints } from '../service-endpoints';
import { FAILBACK_INSTALLATION_POLICY, failbackRoleName } from './commands';

export interface RecoveryFailbackProps {
  readonly name: string;
  readonly envName: string;
  readonly region: string;
  readonly network: PrivateVpc;
  readonly endpoints: ServiceEndpoints;
  readonly failback: StackFailback;
  readonly principals: readonly string[];
  readonly sessionSeconds: number;
}

export class RecoveryFailback extends Construct {
  readonly securityGroup?: SecurityGroup;
  readonly sts?: VpcEndpoint;
  readonly failbackRole?: IamRole;

  constructor(scope: Construct, id: string, props: RecoveryFailbackProps) {
    super(scope, id);
    const { failback: f, endpoints, network } = props;
    if (f.reverse.length || f.onPremClients.length) {
      const sg = securityGroup(this, 'recovery_sg', network.vpc.id, `${props.name}-failback`, 'Recovery instances: failback and reverse replication');
      allowOut(sg, HTTPS_PORT, 'tcp', [{ group: endpoints.securityGroup, name: 'endpoints' }], 'DRS, EC2 and STS APIs through the interface endpoints');
      allowOut(sg, HTTPS_PORT, 'tcp', [{ prefixList: endpoints.s3Gateway.prefixListId, name: 's3_gateway' }], 'S3 through the gateway endpoint');
      const reverse = [...new Set(f.reverse.map((r) => r.cidr))].map((cidr) => ({ cidr }));
      allowOut(sg, REPLICATION_PORT, 'tcp', reverse, 'Reverse replication to the replication servers of the source region');
      allowOut(sg, HTTPS_PORT, 'tcp', reverse, 'DRS, EC2 and S3 endpoints of the source region (reverse replication)');
      allowIn(sg, REPLICATION_PORT, 'tcp', f.onPremClients.map((r) => ({ cidr: r.cidr })), 'The on-prem Failback Client connects to the recovery instance');
      this.securityGroup = sg;
    }
    if (f.sts) {
      this.sts = endpoints.interfaceEndpoint(this, 'sts', `com.amazonaws.${props.region}.sts`, { privateDns: true });
    }
    for (const other of f.replicationRoles) {
      const role = new IamRole(this, `replication_role_${other.id}`, {
        name: crossAccountNames.replication(other.id),
        path: '/service-role/',
        assumeRolePolicy: policyJson(replicationRoleTrust(other.id)),
      });
      new IamRolePolicyAttachment(this, `replication_role_${other.id}_policy`, { role: role.name, policyArn: CROSS_ACCOUNT_REPLICATION_POLICY });
    }
    if (f.failbackRole) {
      this.failbackRole = new IamRole(this, 'client_role', {
        name: failbackRoleName(props.envName),
        path: '/private-dr/',
        description: 'Credentials for the DRS Failback Client (on-prem failback)',
        assumeRolePolicy: policyJson(trustPrincipals(props.principals)),
        maxSessionDuration: Math.max(IAM_MIN_MAX_SESSION, props.sessionSeconds),
      });
      new IamRolePolicyAttachment(this, 'client_role_policy', { role: this.failbackRole.name, policyArn: FAILBACK_INSTALLATION_POLICY });
    }
  }
}
