/**
 * Terraform `check` blocks (Terraform >= 1.5): a scoped data source read at every plan and
 * assertions with a message that says what to do. A failed assertion is a warning in the plan
 * and the apply (Terraform "Checks" docs: "check blocks ... do not block applies"); the message is
 * what a reviewer acts on. cdktf 0.21 has no check construct, so the block is written as an
 * override of the stack's JSON, one block per name (a check holds at most one data source).
 */
import { TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';

export interface CheckAssertion {
  /** A Terraform expression without ${ }, e.g. data.aws_vpc.adopted.enable_dns_support. */
  readonly condition: string;
  readonly message: string;
}

export function checkBlock(
  scope: Construct,
  name: string,
  data: { readonly type: string; readonly name: string; readonly args: Record<string, unknown> },
  assertions: readonly CheckAssertion[],
): void {
  TerraformStack.of(scope).addOverride(`check.${name}`, {
    data: { [data.type]: { [data.name]: data.args } },
    assert: assertions.map((a) => ({ condition: `\${${a.condition}}`, error_message: a.message })),
  });
}
