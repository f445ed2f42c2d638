/**
 * An AWS API call that no Terraform resource makes, run by Terraform as a `terraform_data` step
 * with a local-exec provisioner (the AWS CLI must be where you deploy). local-exec does not
 * inherit the provider's credentials, so every step first assumes the account's Terraform role
 * itself and refuses to act in any other account. Used by DRS initialization and launch defaults.
 */
import { TerraformResource, anyToTerraform, hashMapper, type ITerraformDependable, type TerraformMetaArguments } from 'cdktf';
import type { Construct } from 'constructs';
import type { AccountRef } from '../plan/types';

/**
 * Shell lines: assume $ROLE_ARN when set, then insist the credentials belong to $ACCOUNT_ID.
 * --region on every call: where no default region is configured the CLI refuses to run. Each
 * call's output goes into a variable first, so a failing call stops the script with the CLI's own
 * error (set -e) instead of reporting a wrong account.
 */
export function accountPreamble(sessionName: string): string[] {
  return [
    'set -eu',
    'command -v aws >/dev/null 2>&1 || { echo "private-dr: this step needs the AWS CLI where Terraform runs" >&2; exit 1; }',
    'if [ -n "$ROLE_ARN" ]; then',
    `  creds=$(aws sts assume-role --region "$REGION" --role-arn "$ROLE_ARN" --role-session-name ${sessionName} --query "Credentials.[AccessKeyId,SecretAccessKey,SessionToken]" --output text)`,
    '  read -r AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN <<EOF',
    '$creds',
    'EOF',
    '  export AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN',
    'fi',
    'caller=$(aws sts get-caller-identity --region "$REGION" --query Account --output text)',
    'if [ "$caller" != "$ACCOUNT_ID" ]; then echo "credentials are for account $caller, not $ACCOUNT_ID: give Terraform credentials for $ACCOUNT_ID, or set the account\'s roleArn" >&2; exit 1; fi',
  ];
}

export interface CliStepProps {
  readonly account: AccountRef;
  readonly region: string;
  readonly command: string;
  /** Replaces the step (and so runs the command again) when any value changes. */
  readonly triggersReplace: Record<string, unknown>;
  /** Shown in the plan; the command reads it back through `self.input`. */
  readonly input?: Record<string, unknown>;
  /** Extra environment variables (Terraform expressions allowed). */
  readonly environment?: Record<string, string>;
  readonly dependsOn?: readonly ITerraformDependable[];
}

/**
 * Terraform's built-in `terraform_data` resource. Not cdktf's DataResource: that adds a
 * validation which runs `terraform version` during synthesis, so synthesizing would need
 * Terraform installed; every stack already requires Terraform >= 1.10 (stacks/dr-stack.ts), more
 * than the 1.4 that `terraform_data` needs, and Terraform itself enforces that at init.
 */
export class TerraformData extends TerraformResource {
  constructor(
    scope: Construct,
    id: string,
    private readonly data: TerraformMetaArguments & { readonly input?: Record<string, unknown>; readonly triggersReplace?: Record<string, unknown> },
  ) {
    super(scope, id, { ...data, terraformResourceType: 'terraform_data', terraformGeneratorMetadata: { providerName: 'terraform' } });
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return { input: hashMapper(anyToTerraform)(this.data.input), triggers_replace: hashMapper(anyToTerraform)(this.data.triggersReplace) };
  }
}

export function cliStep(scope: Construct, id: string, props: CliStepProps): TerraformData {
  return new TerraformData(scope, id, {
    triggersReplace: props.triggersReplace,
    ...(props.input ? { input: props.input } : {}),
    provisioners: [
      {
        type: 'local-exec',
        interpreter: ['/bin/sh', '-c'],
        command: props.command,
        environment: { ROLE_ARN: props.account.roleArn ?? '', ACCOUNT_ID: props.account.id, REGION: props.region, ...props.environment },
      },
    ],
    ...(props.dependsOn?.length ? { dependsOn: [...props.dependsOn] } : {}),
  });
}
