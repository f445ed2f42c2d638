/**
 * The only place that configures the aws provider: pinned to one account (allowed_account_ids,
 * always) and region, assuming the account's role when it has one, tagging by default.
 */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { Construct } from 'constructs';
import type { AccountRef } from '../plan/types';

export function awsProvider(scope: Construct, id: string, account: AccountRef, region: string, tags: Readonly<Record<string, string>>, alias?: string): AwsProvider {
  return new AwsProvider(scope, id, {
    ...(alias ? { alias } : {}),
    region,
    allowedAccountIds: [account.id],
    ...(account.roleArn ? { assumeRole: [{ roleArn: account.roleArn, sessionName: 'private-dr' }] } : {}),
    ...(Object.keys(tags).length ? { defaultTags: [{ tags: { ...tags } }] } : {}),
  });
}
