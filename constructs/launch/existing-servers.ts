/**
 * The operator command that gives source servers added before the defaults existed the same
 * settings (DRS: "existing servers keep theirs until updated"): for each source server of this
 * environment in the account and region, UpdateLaunchConfiguration, then a new default version of
 * the server's own EC2 launch template (GetLaunchConfiguration returns its ec2LaunchTemplateID)
 * with the recovery subnet, security group, no public IP, IMDSv2 and instance profile.
 *
 * Scope: DRS in a target account takes only the servers extended from this environment's staging
 * accounts (DescribeSourceServers filter stagingAccountIDs); in a staging account every server
 * replicates through this environment's replication template (one per account and region), so all
 * of them are its own. MGN: every unarchived source server of the account and region.
 */
import type { ServiceName } from '../../catalog/services';
import type { Launch } from '../../config/schema';

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export interface ExistingServersInputs {
  readonly service: ServiceName;
  readonly region: string;
  readonly launch: Launch;
  /** EC2 launch template data (settings.ts), as JSON. */
  readonly ec2Data: string;
  /** DRS in a target account: the staging accounts whose extended servers are this environment's. */
  readonly stagingAccountIds?: readonly string[];
}

export function existingServersCommand(i: ExistingServersInputs): string {
  const r = i.region;
  const l = i.launch;
  const flag = (on: boolean, name: string) => (on ? `--${name}` : `--no-${name}`);
  const filters =
    i.service === 'drs'
      ? JSON.stringify(i.stagingAccountIds?.length ? { stagingAccountIDs: i.stagingAccountIds } : {})
      : JSON.stringify({ isArchived: false });
  // The same flags for both services but post-launch actions: DRS switches them on or off, MGN
  // names the deployment they run in.
  const postLaunch = i.service === 'drs' ? [flag(l.postLaunchActions, 'post-launch-enabled')] : l.postLaunchActions ? ['--post-launch-actions deployment=TEST_AND_CUTOVER'] : [];
  const update = [
    `aws ${i.service} update-launch-configuration --region ${r} --source-server-id "$id"`,
    `--launch-disposition ${l.disposition}`,
    `--target-instance-type-right-sizing-method ${l.rightSizing}`,
    '--no-copy-private-ip',
    flag(l.copyTags, 'copy-tags'),
    `--licensing osByol=${l.byol}`,
    ...postLaunch,
  ];
  return [
    `# Run with credentials for this account. Applies the default launch settings to source servers that already exist.`,
    'set -eu',
    `ids=$(aws ${i.service} describe-source-servers --region ${r} --filters ${shellQuote(filters)} --query 'items[].sourceServerID' --output text)`,
    'for id in $ids; do',
    `  [ "$id" = None ] && continue`,
    `  ${update.join(' ')} >/dev/null`,
    `  lt=$(aws ${i.service} get-launch-configuration --region ${r} --source-server-id "$id" --query ec2LaunchTemplateID --output text)`,
    // "\$Default": EC2 takes the literal version name $Default (CreateLaunchTemplateVersion, SourceVersion); escaped in
    // double quotes rather than single-quoted, which shellcheck reports as an expansion that never happens (SC2016).
    `  version=$(aws ec2 create-launch-template-version --region ${r} --launch-template-id "$lt" --source-version "\\$Default" --launch-template-data ${shellQuote(i.ec2Data)} --query LaunchTemplateVersion.VersionNumber --output text)`,
    `  aws ec2 modify-launch-template --region ${r} --launch-template-id "$lt" --default-version "$version" >/dev/null`,
    '  echo "$id: launch settings applied (template $lt version $version)"',
    'done',
  ].join('\n');
}
