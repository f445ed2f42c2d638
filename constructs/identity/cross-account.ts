/**
 * DRS "Failback and in-AWS right-sizing roles" for EC2 sources in account S replicating into
 * staging account T (DRS guide, Trusted accounts; installer parameter --account-id):
 *  - in S: DRSCrossAccountAgentAuthorizedRole_<T>, which the instance profile may assume
 *    (AWSElasticDisasterRecoveryEc2InstancePolicy allows exactly that name), and which may only
 *    assume T's agent role;
 *  - in T: DRSCrossAccountAgentRole_<S> with the EC2 instance policy, trusting only that role;
 *  - in both: DRSCrossAccountReplicationRole_<other>, which DRS uses for failback.
 * The inline policy is the documented one; the trust policies are not printed in the guide and
 * follow the roles the console creates (see README, "Cross-account EC2 sources").
 */
import { Construct } from 'constructs';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { DRS } from '../../catalog/services';
import { policyJson, type PolicyDocument } from '../policy';
import { trustDrs } from './trust';

export const CROSS_ACCOUNT_REPLICATION_POLICY = 'arn:aws:iam::aws:policy/service-role/AWSElasticDisasterRecoveryCrossAccountReplicationPolicy';
const serviceRoleArn = (account: string, name: string) => `arn:aws:iam::${account}:role/service-role/${name}`;

export { crossAccountNames } from '../../catalog/iam-role-names';
import { crossAccountNames } from '../../catalog/iam-role-names';

export function authorizedRoleTrust(sourceId: string): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${sourceId}:root` },
        Action: ['sts:AssumeRole', 'sts:TagSession'],
        Condition: {
          StringLike: { 'aws:RequestTag/SourceInstanceARN': '${ec2:SourceInstanceARN}' },
          'ForAnyValue:StringEquals': { 'sts:TransitiveTagKeys': 'SourceInstanceARN' },
        },
      },
    ],
  };
}

export function authorizedRolePolicy(sourceId: string, stagingId: string): PolicyDocument {
  const agentRole = serviceRoleArn(stagingId, crossAccountNames.agent(sourceId));
  return {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:TagSession'], Resource: agentRole },
      { Effect: 'Allow', Action: ['sts:SetSourceIdentity'], Resource: agentRole, Condition: { StringLike: { 'sts:SourceIdentity': 'i-*' } } },
    ],
  };
}

export function agentRoleTrust(sourceId: string, stagingId: string): PolicyDocument {
  const onlyAuthorized = { ArnEquals: { 'aws:PrincipalArn': serviceRoleArn(sourceId, crossAccountNames.authorized(stagingId)) } };
  return {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${sourceId}:root` }, Action: ['sts:AssumeRole', 'sts:TagSession'], Condition: onlyAuthorized },
      {
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${sourceId}:root` },
        Action: 'sts:SetSourceIdentity',
        Condition: { ...onlyAuthorized, StringLike: { 'sts:SourceIdentity': 'i-*' } },
      },
    ],
  };
}

export function replicationRoleTrust(trustedId: string): PolicyDocument {
  return trustDrs('sts:AssumeRole', {
    ArnLike: { 'aws:SourceArn': [`arn:aws:drs:*:${trustedId}:recovery-instance/*`, `arn:aws:drs:*:${trustedId}:source-server/*`] },
  });
}

function serviceRole(scope: Construct, id: string, name: string, trust: PolicyDocument): IamRole {
  return new IamRole(scope, id, { name, path: '/service-role/', assumeRolePolicy: policyJson(trust) });
}

/** The source account's half, for one staging account. */
export class SourceCrossAccountRoles extends Construct {
  constructor(scope: Construct, id: string, props: { sourceId: string; stagingId: string; replicationRole: boolean }) {
    super(scope, id);
    const { sourceId, stagingId } = props;
    const authorized = serviceRole(this, 'agent_authorized', crossAccountNames.authorized(stagingId), authorizedRoleTrust(sourceId));
    new IamRolePolicy(this, 'agent_authorized_policy', { role: authorized.name, name: 'assume-staging-agent-role', policy: policyJson(authorizedRolePolicy(sourceId, stagingId)) });
    if (!props.replicationRole) return;
    const replication = serviceRole(this, 'replication', crossAccountNames.replication(stagingId), replicationRoleTrust(stagingId));
    new IamRolePolicyAttachment(this, 'replication_policy', { role: replication.name, policyArn: CROSS_ACCOUNT_REPLICATION_POLICY });
  }
}

/** The staging account's half, for one source account. */
export class StagingCrossAccountRoles extends Construct {
  constructor(scope: Construct, id: string, props: { sourceId: string; stagingId: string }) {
    super(scope, id);
    const { sourceId, stagingId } = props;
    const agent = serviceRole(this, 'agent', crossAccountNames.agent(sourceId), agentRoleTrust(sourceId, stagingId));
    new IamRolePolicyAttachment(this, 'agent_policy', { role: agent.name, policyArn: DRS.ec2InstancePolicyArn });
    const replication = serviceRole(this, 'replication', crossAccountNames.replication(sourceId), replicationRoleTrust(sourceId));
    new IamRolePolicyAttachment(this, 'replication_policy', { role: replication.name, policyArn: CROSS_ACCOUNT_REPLICATION_POLICY });
  }
}
