/**
 * The only place that configures the aws provider: pinned to one account (allowed_account_ids,
 * always) and region, assuming the account's role when it has one, tagging by default.
 */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { Construct } from 'constructs';
import type { AccountRef } from '../plan/types';

const ACCOUNT_ID = /^\d{12}$/;

/**
 * The account pin is the guard that keeps a plan with the wrong credentials from touching the
 * wrong account; an empty or malformed list would silently switch it off (Terraform accepts
 * `allowed_account_ids = []`). Validation makes this unreachable from a file, so reaching it
 * means a bug: fail before any stack is written rather than write an unguarded one.
 */
export function assertAccountPin(where: string, ids: readonly unknown[]): void {
  if (!ids.length || !ids.every((id) => typeof id === 'string' && ACCOUNT_ID.test(id))) {
    throw new Error(`refusing to synthesize ${where}: its aws provider must pin allowed_account_ids to 12-digit account ids, got ${JSON.stringify(ids).slice(0, 100)}`);
  }
}

export function awsProvider(scope: Construct, id: string, account: AccountRef, region: string, tags: Readonly<Record<string, string>>, alias?: string): AwsProvider {
  assertAccountPin(`${scope.node.path}/${id}`, [account.id]);
  const provider = new AwsProvider(scope, id, {
    ...(alias ? { alias } : {}),
    region,
    allowedAccountIds: [account.id],
    ...(account.roleArn ? { assumeRole: [{ roleArn: account.roleArn, sessionName: 'private-dr' }] } : {}),
    ...(Object.keys(tags).length ? { defaultTags: [{ tags: { ...tags } }] } : {}),
  });
  // And once more on what is synthesized, so that no later override can empty it unnoticed.
  provider.node.addValidation({
    validate: () => {
      try {
        assertAccountPin(`${scope.node.path}/${id}`, provider.allowedAccountIds ?? []);
        return [];
      } catch (e) {
        return [(e as Error).message];
      }
    },
  });
  return provider;
}
