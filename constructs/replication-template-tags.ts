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
import type { AccountRef } from '../plan/types';
import { accountPreamble, cliStep, type TerraformData } from './cli-step';

/** The shell step: the shared account preamble (cli-step.ts), then the tag update on the same template. */
export function updateTagsCommand(): string {
  return [
    ...accountPreamble('private-dr-template-tags'),
    'aws drs update-replication-configuration-template --region "$REGION" --replication-configuration-template-id "$TEMPLATE_ID" --staging-area-tags "$TAGS" >/dev/null',
  ].join('\n');
}

/** Tags in key order, so the same tags are always the same JSON. */
export const sortedTags = (tags: Readonly<Record<string, string>>): Record<string, string> =>
  Object.fromEntries(Object.entries(tags).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

export class ReplicationTemplateTags extends Construct {
  readonly resource: TerraformData;

  constructor(scope: Construct, id: string, props: { account: AccountRef; region: string; templateId: string; tags: Readonly<Record<string, string>> }) {
    super(scope, id);
    const tags = sortedTags(props.tags);
    this.resource = cliStep(this, 'staging_area_tags', {
      account: props.account,
      region: props.region,
      command: updateTagsCommand(),
      triggersReplace: { staging_area_tags: tags },
      environment: { TEMPLATE_ID: props.templateId, TAGS: JSON.stringify(tags) },
    });
  }
}
