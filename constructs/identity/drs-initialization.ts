/**
 * DRS must be initialized in each account and region before a replication template can exist,
 * and Terraform has no resource for it. With replication.initializeService: true, this does
 * what the DRS guide's "Initializing DRS through the API" says: the six service roles (once per
 * account: IAM is global) and then `aws drs initialize-service` in the region, run by Terraform
 * before the template. The call is safe to repeat on an initialized account. Leave the option
 * off for accounts initialized in the console: their roles already exist.
 */
import { Construct } from 'constructs';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { policyJson, type PolicyDocument } from '../policy';
import type { AccountRef } from '../../plan/types';
import { trustDrs, trustService } from './trust';
import { accountPreamble, cliStep, type TerraformData } from '../cli-step';

const SERVICE_ROLE_POLICY = (name: string) => `arn:aws:iam::aws:policy/service-role/${name}`;
const SSM_CORE = 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore';

/** Role name -> who assumes it and its managed policies (DRS guide, initializing through the API). */
export const DRS_SERVICE_ROLES: readonly { name: string; trust: 'drs-agent' | 'drs-failback' | 'ec2'; policies: string[] }[] = [
  { name: 'AWSElasticDisasterRecoveryAgentRole', trust: 'drs-agent', policies: [SERVICE_ROLE_POLICY('AWSElasticDisasterRecoveryAgentPolicy')] },
  { name: 'AWSElasticDisasterRecoveryFailbackRole', trust: 'drs-failback', policies: [SERVICE_ROLE_POLICY('AWSElasticDisasterRecoveryFailbackPolicy')] },
  { name: 'AWSElasticDisasterRecoveryConversionServerRole', trust: 'ec2', policies: [SERVICE_ROLE_POLICY('AWSElasticDisasterRecoveryConversionServerPolicy')] },
  { name: 'AWSElasticDisasterRecoveryRecoveryInstanceRole', trust: 'ec2', policies: [SERVICE_ROLE_POLICY('AWSElasticDisasterRecoveryRecoveryInstancePolicy')] },
  { name: 'AWSElasticDisasterRecoveryReplicationServerRole', trust: 'ec2', policies: [SERVICE_ROLE_POLICY('AWSElasticDisasterRecoveryReplicationServerPolicy')] },
  {
    name: 'AWSElasticDisasterRecoveryRecoveryInstanceWithLaunchActionsRole',
    trust: 'ec2',
    policies: [SERVICE_ROLE_POLICY('AWSElasticDisasterRecoveryRecoveryInstancePolicy'), SSM_CORE],
  },
];

/** Agent and failback roles: DRS assumes them for a source server (s-*) or recovery instance (i-*) of this account. */
export function drsSourceIdentityTrust(accountId: string, sourceIdentity: 's-*' | 'i-*'): PolicyDocument {
  return trustDrs(['sts:AssumeRole', 'sts:SetSourceIdentity'], { StringLike: { 'sts:SourceIdentity': sourceIdentity, 'aws:SourceAccount': accountId } });
}

/** The six roles, once per account. */
export class DrsServiceRoles extends Construct {
  readonly roles: IamRole[] = [];

  constructor(scope: Construct, id: string, props: { accountId: string }) {
    super(scope, id);
    for (const spec of DRS_SERVICE_ROLES) {
      const trust =
        spec.trust === 'ec2' ? trustService('ec2.amazonaws.com') : drsSourceIdentityTrust(props.accountId, spec.trust === 'drs-agent' ? 's-*' : 'i-*');
      const role = new IamRole(this, spec.name, { name: spec.name, path: '/service-role/', assumeRolePolicy: policyJson(trust) });
      spec.policies.forEach((policyArn, i) => new IamRolePolicyAttachment(this, `${spec.name}_policy_${i}`, { role: role.name, policyArn }));
      this.roles.push(role);
    }
  }
}

/** The shell step; it assumes the account's Terraform role itself, as local-exec does not inherit the provider's. */
export function initializeCommand(service: 'drs' | 'mgn'): string {
  return [...accountPreamble('private-dr-initialize'), `aws ${service} initialize-service --region "$REGION"`].join('\n');
}

export class DrsInitialization extends Construct {
  readonly resource: TerraformData;

  constructor(scope: Construct, id: string, props: { account: AccountRef; region: string; after?: readonly IamRole[] }) {
    super(scope, id);
    this.resource = cliStep(this, 'initialize_service', {
      account: props.account,
      region: props.region,
      command: initializeCommand('drs'),
      triggersReplace: { account: props.account.id, region: props.region },
      ...(props.after?.length ? { dependsOn: props.after } : {}),
    });
  }
}
