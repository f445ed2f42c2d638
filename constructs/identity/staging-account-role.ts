/**
 * DRSStagingAccountRole_<target account id>: lets DRS, acting for the target account, read this
 * staging account's source servers. Name, path, trust and policy exactly as the DRS guide's
 * "Trusted accounts" page gives them (reference, section 6); DRS looks the role up by name.
 */
import { Construct } from 'constructs';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { policyJson, type PolicyDocument } from '../policy';
import { trustDrs } from './trust';

export const STAGING_ACCOUNT_POLICY_ARN = 'arn:aws:iam::aws:policy/service-role/AWSElasticDisasterRecoveryStagingAccountPolicy_v2';

export { stagingAccountRoleName } from '../../catalog/iam-role-names';
import { stagingAccountRoleName } from '../../catalog/iam-role-names';

export function stagingAccountTrust(targetAccountId: string): PolicyDocument {
  return trustDrs(['sts:AssumeRole', 'sts:SetSourceIdentity'], {
    StringLike: { 'sts:SourceIdentity': targetAccountId, 'aws:SourceAccount': targetAccountId },
    ArnLike: { 'aws:SourceArn': 'arn:aws:drs:*:*:source-server/*' },
  });
}

export class StagingAccountRole extends Construct {
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: { targetAccountId: string }) {
    super(scope, id);
    this.role = new IamRole(this, 'role', {
      name: stagingAccountRoleName(props.targetAccountId),
      path: '/service-role/',
      description: `DRS in target account ${props.targetAccountId} recovers from this staging account`,
      assumeRolePolicy: policyJson(stagingAccountTrust(props.targetAccountId)),
    });
    new IamRolePolicyAttachment(this, 'policy', { role: this.role.name, policyArn: STAGING_ACCOUNT_POLICY_ARN });
  }
}
