/** IAM and endpoint policies as data, and how any literal text reaches Terraform intact. */

export interface PolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: readonly Record<string, unknown>[];
}

/** Literal text for a Terraform string: escapes template syntax, leaves cdktf tokens alone. */
export function terraformLiteral(text: string): string {
  // Replacement functions, because "$$" in a replacement string means one "$".
  return text.replace(/\$\{(?!TfToken\[)/g, () => '$${').replace(/%\{/g, () => '%%{');
}

/**
 * A policy as the string Terraform gets. IAM variables such as ${ec2:SourceInstanceARN} would be
 * read by Terraform as interpolation, so they are escaped as $${...}; cdktf's own token
 * placeholders (${TfToken[...]}) are left for cdktf to resolve.
 */
export function policyJson(doc: PolicyDocument): string {
  return terraformLiteral(JSON.stringify(doc));
}
