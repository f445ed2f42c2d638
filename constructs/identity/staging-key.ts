/**
 * The customer managed key that encrypts one staging account's replication volumes and
 * snapshots. The account's own IAM administrators keep full control (the key-policy statement
 * that delegates to IAM); each target account gets the two statements DRS documents for
 * recovering from another account's snapshots (reference, section 6, "Using multiple staging
 * accounts"), both limited to EC2 in this region.
 */
import { Construct } from 'constructs';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { policyJson, type PolicyDocument } from '../policy';
import type { AccountRef } from '../../plan/types';

export interface StagingKeyTarget {
  readonly account: AccountRef;
  /** The staging account's DRSStagingAccountRole_<target id>. */
  readonly stagingRoleArn: string;
}

export function stagingKeyPolicy(stagingAccountId: string, region: string, targets: readonly StagingKeyTarget[]): PolicyDocument {
  const viaEc2 = (caller: string) => ({ StringEquals: { 'kms:CallerAccount': caller, 'kms:ViaService': `ec2.${region}.amazonaws.com` } });
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'AccountAdministration', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${stagingAccountId}:root` }, Action: 'kms:*', Resource: '*' },
      ...targets.flatMap((t) => [
        {
          Sid: `ShareSnapshotsWith${t.account.id}`,
          Effect: 'Allow',
          Principal: { AWS: [t.stagingRoleArn] },
          Action: 'kms:ReEncrypt*',
          Resource: '*',
          Condition: viaEc2(stagingAccountId),
        },
        {
          Sid: `TargetUsesKeyViaEc2${t.account.id}`,
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${t.account.id}:root` },
          Action: 'kms:ReEncrypt*',
          Resource: '*',
          Condition: viaEc2(t.account.id),
        },
      ]),
    ],
  };
}

export class StagingKey extends Construct {
  readonly key: KmsKey;

  constructor(scope: Construct, id: string, props: { name: string; accountId: string; region: string; targets: readonly StagingKeyTarget[] }) {
    super(scope, id);
    this.key = new KmsKey(this, 'key', {
      description: `Replication volumes and snapshots of ${props.name}`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: policyJson(stagingKeyPolicy(props.accountId, props.region, props.targets)),
    });
    new KmsAlias(this, 'alias', { name: `alias/${props.name}`, targetKeyId: this.key.keyId });
  }
}
