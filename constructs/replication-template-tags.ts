/**
 * Staging area tags that really reach the DRS replication template, and changes that never break
 * an apply.
 *
 * hashicorp/aws (6.x) has a bug, hashicorp/terraform-provider-aws#42010: its Update compares
 * every template attribute except staging_area_tags (replicationConfigurationTemplateHasChanges in
 * internal/service/drs/replication_configuration_template.go), so a change of tags alone skips the
 * UpdateReplicationConfigurationTemplate call and the apply fails with "Provider produced
 * inconsistent result after apply". Create does send them.
 *
 * Workaround, readable in the plan: the template ignores later changes of staging_area_tags, and
 * `terraform_data.<id>` carries the tags as triggers_replace; when they change the plan shows it
 * replaced with the tag diff, and its local-exec calls `aws drs
 * update-replication-configuration-template --staging-area-tags` on the same template. The
 * template itself is never replaced: DRS keeps one template per account and region and its docs
 * do not say whether DeleteReplicationConfigurationTemplate is refused while source servers
 * replicate (the API lists ConflictException), so deleting it is not the safe option.
 * Needs the AWS CLI where Terraform runs (as replication.initializeService does).
 */
import { Construct } from 'constructs';
import { DataResource } from 'cdktf';
import type { AccountRef } from '../plan/types';

/** The shell step: assumes the account's Terraform role (local-exec does not inherit the provider's), then updates the tags. */
export function updateTagsCommand(): string {
  return [
    'set -eu',
    'command -v aws >/dev/null 2>&1 || { echo "private-dr: the AWS CLI is needed to set the replication template\'s staging area tags (hashicorp/terraform-provider-aws#42010)" >&2; exit 1; }',
    'if [ -n "$ROLE_ARN" ]; then',
    '  # shellcheck disable=SC2046 # split on purpose: key id, secret, session token',
    '  set -- $(aws sts assume-role --region "$REGION" --role-arn "$ROLE_ARN" --role-session-name private-dr-template-tags --query "Credentials.[AccessKeyId,SecretAccessKey,SessionToken]" --output text)',
    '  export AWS_ACCESS_KEY_ID="$1" AWS_SECRET_ACCESS_KEY="$2" AWS_SESSION_TOKEN="$3"',
    'fi',
    'test "$(aws sts get-caller-identity --region "$REGION" --query Account --output text)" = "$ACCOUNT_ID" || { echo "credentials are not for account $ACCOUNT_ID" >&2; exit 1; }',
    'aws drs update-replication-configuration-template --region "$REGION" --replication-configuration-template-id "$TEMPLATE_ID" --staging-area-tags "$TAGS" >/dev/null',
  ].join('\n');
}

/** Tags in key order, so the same tags are always the same JSON. */
export const sortedTags = (tags: Readonly<Record<string, string>>): Record<string, string> =>
  Object.fromEntries(Object.entries(tags).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

export class ReplicationTemplateTags extends Construct {
  readonly resource: DataResource;

  constructor(scope: Construct, id: string, props: { account: AccountRef; region: string; templateId: string; tags: Readonly<Record<string, string>> }) {
    super(scope, id);
    const tags = sortedTags(props.tags);
    this.resource = new DataResource(this, 'staging_area_tags', {
      triggersReplace: { staging_area_tags: tags },
      provisioners: [
        {
          type: 'local-exec',
          interpreter: ['/bin/sh', '-c'],
          command: updateTagsCommand(),
          environment: {
            ROLE_ARN: props.account.roleArn ?? '',
            ACCOUNT_ID: props.account.id,
            REGION: props.region,
            TEMPLATE_ID: props.templateId,
            TAGS: JSON.stringify(tags),
          },
        },
      ],
    });
  }
}
