/**
 * The base of every stack: backend, aws provider(s), version pins, and readable Terraform
 * addresses. A resource's address is its construct path joined with "_" (no hash suffix), so
 * reviewers read `aws_vpc.network_vpc` in plans; the construct ids are chosen to be stable and a
 * collision fails synthesis instead of silently renaming anything.
 */
import { TerraformElement, TerraformOutput, TerraformStack } from 'cdktf';
import { Node, type Construct } from 'constructs';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { EnvContext, StackPlan } from '../plan/types';
import { TERRAFORM_REQUIRED_VERSION, configureBackend } from './backend';
import { awsProvider } from './provider';

export class DrStack extends TerraformStack {
  /** The provider of the stack's own account and region. */
  readonly provider: AwsProvider;
  /** Peering stacks: the provider of the peer's account and region (alias "peer"). */
  readonly peerProvider?: AwsProvider;
  private readonly addresses = new Map<string, unknown>();

  constructor(
    scope: Construct,
    readonly plan: StackPlan,
    readonly env: EnvContext,
  ) {
    super(scope, plan.name);
    configureBackend(this, env.backend, env.name, plan.name);
    this.addOverride('terraform.required_version', TERRAFORM_REQUIRED_VERSION);
    this.provider = awsProvider(this, 'aws', plan.account, plan.region, env.tags);
    if (plan.peer) this.peerProvider = awsProvider(this, 'aws_peer', plan.peer.account, plan.peer.region, env.tags, 'peer');
  }

  /** A plain output reviewers and other stacks read by name. */
  output(name: string, value: unknown, description: string): TerraformOutput {
    return new TerraformOutput(this, name, { value, description });
  }

  protected allocateLogicalId(element: TerraformElement | Node): string {
    const node = element instanceof Node ? element : element.node;
    const parts = node.scopes.slice(2).map((s) => s.node.id);
    const address = parts.join('_').replace(/[^A-Za-z0-9_-]/g, '_');
    const owner = this.addresses.get(address);
    if (owner && owner !== element) throw new Error(`two constructs in stack ${this.plan.name} map to the Terraform address "${address}"`);
    this.addresses.set(address, element);
    return address;
  }
}
