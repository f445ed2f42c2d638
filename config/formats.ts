/**
 * Formats of the free-text fields that end up in a Terraform backend block, and of EC2 instance
 * types: each refuses what AWS or HCP Terraform would refuse anyway, and bounds its length, so a
 * wrong value is named here rather than failing at `terraform init` (or, for a 1 MB value, not
 * being noticed at all). Backend blocks take strings verbatim (no escaping possible, see
 * untrusted.ts), so these patterns also keep every template character out.
 */
import { z } from 'zod';

/**
 * S3 general purpose bucket naming rules,
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html: 3-63 characters,
 * lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit, no
 * two adjacent periods, not an IP address, and none of the reserved prefixes and suffixes.
 */
const BUCKET_RESERVED_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const BUCKET_RESERVED_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'];

const BUCKET_LENGTH = 'must be 3 to 63 characters long (S3 bucket naming rules)';

/** The rules a pattern cannot say clearly; the schema's patterns cover length and characters. */
function bucketNameProblem(name: string): string | undefined {
  if (name.includes('..')) return 'must not contain two adjacent periods (S3 bucket naming rules)';
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return 'must not be formatted as an IP address (S3 bucket naming rules)';
  const prefix = BUCKET_RESERVED_PREFIXES.find((p) => name.startsWith(p));
  if (prefix) return `must not start with "${prefix}", which S3 reserves`;
  const suffix = BUCKET_RESERVED_SUFFIXES.find((s) => name.endsWith(s));
  if (suffix) return `must not end with "${suffix}", which S3 reserves`;
  return undefined;
}

const refined = (base: z.ZodString, check: (value: string) => string | undefined) =>
  base.check((ctx) => {
    const message = check(ctx.value);
    if (message) ctx.issues.push({ code: 'custom', message, input: ctx.value });
  });

export const bucketName = refined(
  z
    .string()
    .min(3, { error: BUCKET_LENGTH, abort: true })
    .max(63, { error: BUCKET_LENGTH, abort: true })
    .regex(/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/, { error: 'must be lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit (S3 bucket naming rules)', abort: true }),
  bucketNameProblem,
);

/**
 * S3 object keys are up to 1024 bytes; the "safe characters" are letters, digits and
 * ! - _ . * ' ( ) with "/" as the folder separator
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html). The state key is
 * <keyPrefix>/<stack>.tfstate, and stack names are well under 200 characters.
 */
export const KEY_PREFIX_MAX = 800;
export const keyPrefix = z
  .string()
  .min(1, { error: 'must not be empty', abort: true })
  .max(KEY_PREFIX_MAX, { error: `must be at most ${KEY_PREFIX_MAX} characters (the state key <keyPrefix>/<stack>.tfstate is at most 1024 bytes)`, abort: true })
  .regex(/^[A-Za-z0-9!_.*'()/-]+$/, { error: "may only use S3's safe key characters: letters, digits, ! - _ . * ' ( ) and / between folders", abort: true })
  .regex(/^(?!\/)(?!.*\/\/)(?!.*\/$)/, { error: 'must not start or end with "/" or contain "//" (an empty folder name)' });

/**
 * HCP Terraform: organization and workspace names "can only include letters, numbers, -, and _"
 * (https://developer.hashicorp.com/terraform/cloud-docs/workspaces/create; workspace names are
 * at most 90 characters, so the prefix is held to 60 to leave room for the stack name). The docs
 * give no organization length limit; 90 is our bound against absurd values.
 */
export const hcpName = (what: string, max: number) =>
  z
    .string()
    .min(1, { error: 'must not be empty', abort: true })
    .max(max, { error: `must be at most ${max} characters`, abort: true })
    .regex(/^[A-Za-z0-9_-]+$/, { error: `${what} may only contain letters, digits, "-" and "_" (HCP Terraform naming)` });

/** A DNS host name (RFC 1123 labels, 253 characters at most), optionally with a port. */
export const hostname = z
  .string()
  .max(259, { error: 'must be a host name of at most 253 characters (and an optional :port)', abort: true })
  .regex(/^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*(:\d{1,5})?$/, {
    error: 'must be a host name such as app.terraform.io or tfe.example.com (letters, digits, hyphens and dots; optionally :port)',
  });

/**
 * EC2 instance types are <family>.<size>: a family (t3, m5d, c7i-flex, u-6tb1, mac2-m2pro) and a
 * size from a fixed vocabulary (nano, micro, small, medium, large, xlarge, 2xlarge ... 480xlarge,
 * metal, metal-24xl). The list of types changes every month and the app has no offline copy it
 * may depend on (the AWS CLI's EC2 model has one, but the CLI need not be installed where you
 * synthesize), so this is a pattern; test/input-safety.test.ts checks that it accepts every type
 * in the CLI's model when the CLI is present.
 */
export const INSTANCE_TYPE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*\.(nano|micro|small|medium|large|xlarge|[1-9][0-9]{0,2}xlarge|metal(-[1-9][0-9]*xl)?)$/;
