/**
 * The launch settings as API request bodies, shared by the Terraform steps and the operator
 * command so both send exactly the same values. Field names are the DRS / MGN / EC2 API members
 * (botocore models drs and mgn 2020-02-26, ec2 RequestLaunchTemplateData).
 */
import type { ServiceName } from '../../catalog/services';
import type { Launch } from '../../config/schema';

/**
 * Instance profiles the services create when initialized and pass to the instances they launch:
 * DRS "Initializing through the API" (RecoveryInstance and RecoveryInstanceWithLaunchActions roles;
 * the latter adds AmazonSSMManagedInstanceCore for post-launch actions) and MGN's
 * LaunchInstanceWithSsmRole. Using the service's own profiles means the service-linked role may
 * pass them; AWS's DR-for-VMware guidance names the DRS one in its default launch template.
 */
export function recoveredInstanceProfile(service: ServiceName, postLaunchActions: boolean): string {
  if (service === 'mgn') return 'AWSApplicationMigrationLaunchInstanceWithSsmRole';
  return postLaunchActions ? 'AWSElasticDisasterRecoveryRecoveryInstanceWithLaunchActionsRole' : 'AWSElasticDisasterRecoveryRecoveryInstanceRole';
}

/**
 * Copy private IP is always off: the validator refuses recovery networks that overlap the source
 * ranges, so a source address can never be inside a recovery subnet, and DRS/MGN fail the launch
 * when it is not ("Key considerations for EC2 launch templates").
 */
export function drsLaunchConfiguration(launch: Launch): Record<string, unknown> {
  return {
    launchDisposition: launch.disposition,
    targetInstanceTypeRightSizingMethod: launch.rightSizing,
    copyPrivateIp: false,
    copyTags: launch.copyTags,
    licensing: { osByol: launch.byol },
    postLaunchEnabled: launch.postLaunchActions,
    // Launching into the source instance is an in-AWS failback choice, not a default.
    launchIntoSourceInstance: false,
  };
}

export function mgnLaunchConfiguration(launch: Launch): Record<string, unknown> {
  return {
    launchDisposition: launch.disposition,
    targetInstanceTypeRightSizingMethod: launch.rightSizing,
    copyPrivateIp: false,
    associatePublicIpAddress: false,
    copyTags: launch.copyTags,
    licensing: { osByol: launch.byol },
    // MGN has no on/off flag: post-launch actions run when a deployment type is set.
    ...(launch.postLaunchActions ? { postLaunchActions: { deployment: 'TEST_AND_CUTOVER' } } : {}),
  };
}

export interface Ec2LaunchInputs {
  readonly subnetId: string;
  /** The recovered-instance group first, then any other group recovered instances need (failback). */
  readonly securityGroupIds: readonly string[];
  readonly instanceProfile: string;
  readonly instanceType?: string;
}

/**
 * EC2 launch template data: the recovery subnet and our security groups on the primary interface,
 * no public address, IMDSv2 only (hop limit 1), and the instance profile.
 */
export function ec2LaunchTemplateData(i: Ec2LaunchInputs): Record<string, unknown> {
  return {
    ...(i.instanceType ? { InstanceType: i.instanceType } : {}),
    IamInstanceProfile: { Name: i.instanceProfile },
    MetadataOptions: { HttpTokens: 'required', HttpEndpoint: 'enabled', HttpPutResponseHopLimit: 1 },
    NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: i.subnetId, Groups: [...i.securityGroupIds], AssociatePublicIpAddress: false, DeleteOnTermination: true }],
  };
}
