/**
 * The account and region's default launch settings, in place before any agent is installed
 * (DRS: "The default launch settings apply to any new source server added"; MGN creates each
 * server's launch settings from its launch settings template when the agent is installed).
 *
 * - DRS launch configuration template (launch disposition, right-sizing, copy private IP,
 *   transfer tags, licensing, post-launch actions): hashicorp/aws has no resource for it
 *   (issue #49441), so a `terraform_data` step calls DescribeLaunchConfigurationTemplates and then
 *   CreateLaunchConfigurationTemplate or UpdateLaunchConfigurationTemplate with the values in its
 *   `input`, which the plan shows; `set -e` fails the apply on any refusal.
 * - DRS default EC2 launch template: an `aws_launch_template` with the name and tags AWS's
 *   "Disaster recovery of VMware workloads" guidance (DRSPrivateBaseTemplate.yaml) gives the
 *   account-level template DRS copies into each new server's template. The DRS API reference does
 *   not document this template; it is a Terraform resource so the plan shows every value.
 * - MGN: its launch configuration template owns an EC2 launch template (`ec2LaunchTemplateID`,
 *   MGN API reference) that MGN creates, so one step creates-or-updates the template and then
 *   makes a new default version of that EC2 template with the network settings.
 */
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import type { DrService } from '../../catalog/services';
import type { Launch } from '../../config/schema';
import type { AccountRef } from '../../plan/types';
import { accountPreamble, cliStep, type TerraformData } from '../cli-step';
import { drsLaunchConfiguration, ec2LaunchTemplateData, mgnLaunchConfiguration, type Ec2LaunchInputs } from './settings';

/** Name and tags of the DRS account-level EC2 launch template, as AWS's guidance creates it. */
export const DRS_ACCOUNT_TEMPLATE_NAME = 'created-and-used-by-elastic-disaster-recovery-service-account_level_template-230101-00000';
export const DRS_ACCOUNT_TEMPLATE_TAGS = { 'drs-default-template': 'created-by-aws-drs-do-not-delete', AWSElasticDisasterRecoveryManaged: 'drs.amazonaws.com' };

/** Create-or-update of the service's one launch configuration template, from $CREATE / $UPDATE JSON. */
export function launchTemplateCommand(service: 'drs' | 'mgn'): string {
  const id = `id=$(aws ${service} describe-launch-configuration-templates --region "$REGION" --query 'items[0].launchConfigurationTemplateID' --output text)`;
  if (service === 'drs') {
    return [
      ...accountPreamble('private-dr-launch-defaults'),
      id,
      'if [ -z "$id" ] || [ "$id" = None ]; then',
      '  aws drs create-launch-configuration-template --region "$REGION" --cli-input-json "$CREATE" >/dev/null',
      'else',
      '  aws drs update-launch-configuration-template --region "$REGION" --launch-configuration-template-id "$id" --cli-input-json "$UPDATE" >/dev/null',
      'fi',
    ].join('\n');
  }
  return [
    ...accountPreamble('private-dr-launch-defaults'),
    id,
    'if [ -z "$id" ] || [ "$id" = None ]; then',
    '  lt=$(aws mgn create-launch-configuration-template --region "$REGION" --cli-input-json "$CREATE" --query ec2LaunchTemplateID --output text)',
    'else',
    '  lt=$(aws mgn update-launch-configuration-template --region "$REGION" --launch-configuration-template-id "$id" --cli-input-json "$UPDATE" --query ec2LaunchTemplateID --output text)',
    'fi',
    'case "$lt" in lt-*) ;; *) echo "MGN returned no EC2 launch template id ($lt)" >&2; exit 1;; esac',
    // "\$Default": the literal version name EC2 expects, written as in existing-servers.ts (shellcheck-clean).
    `version=$(aws ec2 create-launch-template-version --region "$REGION" --launch-template-id "$lt" --source-version "\\$Default" --launch-template-data "$EC2" --query LaunchTemplateVersion.VersionNumber --output text)`,
    'aws ec2 modify-launch-template --region "$REGION" --launch-template-id "$lt" --default-version "$version" >/dev/null',
  ].join('\n');
}

export interface LaunchDefaultsProps {
  readonly account: AccountRef;
  readonly region: string;
  readonly service: DrService;
  readonly launch: Launch;
  readonly ec2: Ec2LaunchInputs;
  readonly tags: Record<string, string>;
  readonly after?: readonly ITerraformDependable[];
}

export class LaunchDefaults extends Construct {
  readonly step: TerraformData;
  readonly ec2Template?: LaunchTemplate;

  constructor(scope: Construct, id: string, props: LaunchDefaultsProps) {
    super(scope, id);
    const { launch, service } = props;
    const { ec2 } = props;
    const settings = service.id === 'drs' ? drsLaunchConfiguration(launch) : mgnLaunchConfiguration(launch);
    const input: Record<string, unknown> = {
      launch_configuration_template: settings,
      tags: props.tags,
      ...(service.id === 'mgn' ? { ec2_launch_template_data: ec2LaunchTemplateData(ec2) } : {}),
    };
    // Terraform's jsonencode turns the planned input back into the request bodies.
    const environment: Record<string, string> = {
      CREATE: '${jsonencode(merge(self.input.launch_configuration_template, { tags = self.input.tags }))}',
      UPDATE: '${jsonencode(self.input.launch_configuration_template)}',
      ...(service.id === 'mgn' ? { EC2: '${jsonencode(self.input.ec2_launch_template_data)}' } : {}),
    };
    this.step = cliStep(this, 'launch_configuration_template', {
      account: props.account,
      region: props.region,
      command: launchTemplateCommand(service.id),
      input,
      environment,
      triggersReplace: { account: props.account.id, region: props.region, settings: input },
      ...(props.after?.length ? { dependsOn: props.after } : {}),
    });

    if (service.id === 'drs') {
      this.ec2Template = new LaunchTemplate(this, 'ec2_launch_template', {
        name: DRS_ACCOUNT_TEMPLATE_NAME,
        description: 'DRS default EC2 launch settings for new source servers (private-dr)',
        updateDefaultVersion: true,
        ...(ec2.instanceType ? { instanceType: ec2.instanceType } : {}),
        iamInstanceProfile: { name: ec2.instanceProfile },
        metadataOptions: { httpTokens: 'required', httpEndpoint: 'enabled', httpPutResponseHopLimit: 1 },
        networkInterfaces: [{ deviceIndex: 0, subnetId: ec2.subnetId, securityGroups: [...ec2.securityGroupIds], associatePublicIpAddress: 'false', deleteOnTermination: 'true' }],
        tags: DRS_ACCOUNT_TEMPLATE_TAGS,
        dependsOn: [this.step],
      });
    }
  }
}
