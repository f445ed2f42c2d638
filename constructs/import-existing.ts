/**
 * Terraform `import` blocks (Terraform >= 1.5; the stacks require >= 1.10): the plan of the first
 * apply shows "will be imported" and takes over what exists instead of creating a second one.
 *
 * Not cdktf's TerraformResource.importFrom: it adds a validation that runs `terraform version` at
 * synthesis, so synthesizing would need Terraform on the machine. The block it writes is the same.
 */
import { TerraformStack, type TerraformResource } from 'cdktf';

export function importExisting(resource: TerraformResource, id: string): void {
  const stack = TerraformStack.of(resource);
  stack.addOverride('import', [{ to: `${resource.terraformResourceType}.${resource.friendlyUniqueId}`, id }]);
}
