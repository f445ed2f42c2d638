/**
 * The role agents are installed with: only the named principals may assume it, it carries only
 * the service's AgentInstallation managed policy, and it hands out short-lived credentials (the
 * install kit asks for agentInstall.sessionSeconds). No IAM user or access key exists anywhere.
 */
import { Construct } from 'constructs';
import { policyJson } from '../policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { IAM_MIN_MAX_SESSION } from '../../catalog/network';
import type { DrService } from '../../catalog/services';
import { trustPrincipals } from './trust';

export interface AgentInstallRoleProps {
  readonly envName: string;
  readonly service: DrService;
  readonly principals: readonly string[];
  readonly sessionSeconds: number;
}

export function agentInstallRoleName(envName: string, service: DrService): string {
  return `${envName}-${service.id}-agent-installation`;
}

export class AgentInstallRole extends Construct {
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: AgentInstallRoleProps) {
    super(scope, id);
    this.role = new IamRole(this, 'role', {
      name: agentInstallRoleName(props.envName, props.service),
      path: '/private-dr/',
      description: `Installs the ${props.service.title} agent with temporary credentials`,
      // Sorted: the order in the file means nothing, so reordering it must not change the policy.
      assumeRolePolicy: policyJson(trustPrincipals(props.principals)),
      maxSessionDuration: Math.max(IAM_MIN_MAX_SESSION, props.sessionSeconds),
    });
    new IamRolePolicyAttachment(this, 'installation_policy', { role: this.role.name, policyArn: props.service.agentInstallationPolicyArn });
  }
}
