/**
 * The instance profile EC2 source servers carry, so the agent installs and runs without typed
 * credentials: the service's EC2 instance policy only.
 */
import { Construct } from 'constructs';
import { policyJson } from '../policy';
import { IamInstanceProfile } from '@cdktf/provider-aws/lib/iam-instance-profile';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import type { DrService } from '../../catalog/services';
import { trustService } from './trust';

export class SourceInstanceProfile extends Construct {
  readonly profile: IamInstanceProfile;

  constructor(scope: Construct, id: string, props: { name: string; service: DrService }) {
    super(scope, id);
    const role = new IamRole(this, 'role', {
      name: props.name,
      path: '/private-dr/',
      description: `EC2 source servers replicating with ${props.service.title}`,
      assumeRolePolicy: policyJson(trustService('ec2.amazonaws.com')),
    });
    new IamRolePolicyAttachment(this, 'policy', { role: role.name, policyArn: props.service.ec2InstancePolicyArn });
    this.profile = new IamInstanceProfile(this, 'profile', { name: props.name, path: '/private-dr/', role: role.name });
  }
}
