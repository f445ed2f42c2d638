/**
 * The environment file, as one zod schema: it is the TypeScript types, the validator of shapes
 * and the JSON Schema for editors (scripts/schema.ts), so the three can never disagree.
 * Contract: ../shared/spec/environment-file.md. Cross-field rules live in rules/.
 *
 * CAUTION notes mark fields whose change replaces infrastructure.
 */
import { z } from 'zod';
import { REGION_NAMES } from '../catalog/regions';
import { excerpt } from './problems';
import { INSTANCE_TYPE, bucketName, hcpName, hostname, keyPrefix } from './formats';

const NAME = /^[a-z][a-z0-9-]*$/;
const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** A type-level message that leaves missing fields to the parse error map ("is required"). */
const unlessMissing = (message: string) => (issue: { input?: unknown }) => (issue.input === undefined ? undefined : message);

const name = (what: string) =>
  z
    .string()
    .max(64, { error: `${what} must be at most 64 characters`, abort: true })
    .regex(NAME, { error: `${what} must match [a-z][a-z0-9-]* (lower case, digits, dashes; starts with a letter)` });

const cidr = z
  .string({ error: unlessMissing('must be an IPv4 CIDR such as 10.0.0.0/16') })
  .regex(CIDR, { error: 'must be an IPv4 CIDR such as 10.0.0.0/16' });

const ipv4 = z.string().regex(IPV4, { error: 'must be an IPv4 address such as 192.168.10.10' });

const region = z.enum(REGION_NAMES, {
  error: (issue) =>
    issue.input === undefined
      ? undefined
      : `${excerpt(issue.input)} is not an AWS commercial region; use one of: ${REGION_NAMES.join(', ')}`,
});

const alias = z.string().min(1).max(64).describe('An alias defined under `accounts`.');

// IAM ARNs are at most 2048 characters (IAM quotas); the bound keeps a 1 MB value out of policies.
const roleArn = z
  .string()
  .max(2048)
  .regex(/^arn:aws:iam::\d{12}:role\/[\w+=,.@/-]+$/, { error: 'must be an IAM role ARN: arn:aws:iam::<12 digits>:role/<name>' });

export const accountSchema = z
  .strictObject({
    id: z
      .string({ error: unlessMissing('must be a 12-digit AWS account id, quoted in YAML ("012345678901")') })
      .regex(/^\d{12}$/, { error: 'must be a 12-digit AWS account id, quoted in YAML ("012345678901")' }),
    roleArn: roleArn.optional().describe('Role the provider assumes in this account; without it the ambient credentials are used.'),
    replicationTemplateIds: z
      .partialRecord(
        region,
        z.string().regex(/^rct-[0-9a-f]{8,17}$/, { error: 'must be a DRS replication template id such as rct-0123456789abcdef0' }),
      )
      .optional()
      .describe(
        'DRS replication templates that already exist in this staging account, by region (accounts initialized in the console have one), to take over with a Terraform import block instead of creating another. Find it with: aws drs describe-replication-configuration-templates --region <region> --query "items[].replicationConfigurationTemplateID" --output text',
      ),
  })
  .describe('An AWS account the environment touches.');

const s3Backend = z.strictObject({
  type: z.literal('s3'),
  bucket: bucketName.describe('State bucket (see docs/state-bootstrap.md).'),
  region,
  keyPrefix: keyPrefix.optional().describe('State key = <keyPrefix>/<stack>.tfstate. Default: private-dr/<env name>.'),
  roleArn: roleArn.optional().describe('Role to assume to reach the bucket.'),
});
const remoteBackend = z.strictObject({
  type: z.literal('remote'),
  organization: hcpName('an organization name', 90),
  workspacePrefix: hcpName('a workspace name', 60).optional().describe('Workspace = <workspacePrefix><stack>. Default: none.'),
  hostname: hostname.optional().describe('Default: app.terraform.io.'),
});
const localBackend = z.strictObject({ type: z.literal('local') });

export const backendSchema = z
  .discriminatedUnion('type', [localBackend, s3Backend, remoteBackend], { error: unlessMissing('backend.type must be one of: local, s3, remote') })
  .describe('Where each stack keeps its state. CAUTION: changing it needs a state migration.');

const awsSource = z.strictObject({
  type: z.literal('aws'),
  account: alias,
  region,
  vpc: z
    .strictObject({
      cidr: cidr.describe('CAUTION: replaces the source VPC when it is created here.'),
      id: z
        .string()
        .regex(/^vpc-[0-9a-f]{8,17}$/, { error: 'must be a VPC id such as vpc-0abc12345def67890' })
        .optional()
        .describe('Adopt this existing VPC instead of creating one.'),
      routeTableIds: z
        .array(z.string().regex(/^rtb-[0-9a-f]{8,17}$/, { error: 'must be a route table id such as rtb-0abc12345def67890' }))
        .min(1)
        .optional()
        .describe('Route tables of the adopted VPC that get routes to the staging VPCs.'),
    })
    .describe('The source VPC: created from cidr, or adopted with id + routeTableIds.'),
});

const onpremSource = z.strictObject({
  type: z.literal('onprem'),
  cidrs: z.array(cidr).min(1, { error: 'needs at least one CIDR where the source servers live' }),
  dnsServers: z.array(ipv4).min(1).optional().describe('On-prem resolvers that forward to AWS. Default: all of cidrs may query.'),
  transitGatewayId: z
    .string()
    .regex(/^tgw-[0-9a-f]{8,17}$/, { error: 'must be a transit gateway id such as tgw-0123456789abcdef0' })
    .optional(),
  vpnGatewayId: z
    .string()
    .regex(/^vgw-[0-9a-f]{8,17}$/, { error: 'must be a virtual private gateway id such as vgw-0123456789abcdef0' })
    .optional(),
});

const sourceSchema = z.discriminatedUnion('type', [awsSource, onpremSource], { error: unlessMissing('source.type must be one of: aws, onprem') });

const replicationFields = {
  instanceType: z.string().max(64).regex(INSTANCE_TYPE, { error: 'must be an EC2 instance type <family>.<size> such as t3.small (sizes: nano, micro, small, medium, large, xlarge, <n>xlarge, metal)' }),
  stagingDiskType: z.enum(['GP2', 'GP3', 'ST1', 'AUTO'], { error: unlessMissing('must be one of: GP2, GP3, ST1, AUTO') }),
  bandwidthMbps: z.number().int().min(0, { error: 'must be 0 (unthrottled) or a positive whole number of Mbps' }),
  dedicatedServers: z.boolean(),
  encryption: z.enum(['default', 'cmk'], { error: unlessMissing('must be one of: default, cmk') }),
  pitRetentionDays: z.number().int().min(1, { error: 'must be 1..365' }).max(365, { error: 'must be 1..365' }),
  initializeService: z
    .boolean()
    .describe('Run an idempotent `aws drs initialize-service` before the replication template (needs the AWS CLI where you deploy).'),
};

export const REPLICATION_DEFAULTS = {
  instanceType: 't3.small',
  stagingDiskType: 'GP3',
  bandwidthMbps: 0,
  dedicatedServers: false,
  encryption: 'default',
  pitRetentionDays: 7,
  initializeService: false,
} as const;

const replicationSchema = z.strictObject({
  instanceType: replicationFields.instanceType.default(REPLICATION_DEFAULTS.instanceType),
  stagingDiskType: replicationFields.stagingDiskType.default(REPLICATION_DEFAULTS.stagingDiskType),
  bandwidthMbps: replicationFields.bandwidthMbps.default(REPLICATION_DEFAULTS.bandwidthMbps),
  dedicatedServers: replicationFields.dedicatedServers.default(REPLICATION_DEFAULTS.dedicatedServers),
  encryption: replicationFields.encryption.default(REPLICATION_DEFAULTS.encryption),
  pitRetentionDays: replicationFields.pitRetentionDays.default(REPLICATION_DEFAULTS.pitRetentionDays),
  initializeService: replicationFields.initializeService.default(REPLICATION_DEFAULTS.initializeService),
});

const replicationOverride = z.strictObject({
  instanceType: replicationFields.instanceType.optional(),
  stagingDiskType: replicationFields.stagingDiskType.optional(),
  bandwidthMbps: replicationFields.bandwidthMbps.optional(),
  dedicatedServers: replicationFields.dedicatedServers.optional(),
  encryption: replicationFields.encryption.optional(),
  pitRetentionDays: replicationFields.pitRetentionDays.optional(),
  initializeService: replicationFields.initializeService.optional(),
});

const stagingSchema = z.strictObject({
  account: alias,
  cidr: cidr.describe('Staging VPC CIDR, /16 to /23. CAUTION: changing it replaces the staging VPC.'),
  servers: z
    .number({ error: unlessMissing('must be the number of replicating source servers planned in this account') })
    .int()
    .min(1, { error: 'must be at least 1' }),
});

const recoverySchema = z.strictObject({
  region,
  staging: z.array(stagingSchema).min(1, { error: 'needs at least one staging account' }),
  target: alias.optional().describe('Account that launches drills and recoveries (requires replication.encryption: cmk).'),
  targetCidr: cidr.optional().describe('Private recovery VPC in the target account; required with target.'),
  availabilityZones: z
    .number()
    .int()
    .min(2, { error: 'must be 2 or 3' })
    .max(3, { error: 'must be 2 or 3' })
    .optional()
    .describe('How many AZs the staging (and target) subnets span. Default 2. CAUTION: changing it replaces subnets.'),
  replication: replicationOverride.optional().describe('Per-site override of the environment-wide replication block.'),
  failback: z
    .boolean()
    .optional()
    .describe('DRS: build the private path back (reverse replication, failback client). Default true; false removes only the failback resources.'),
  failbackCidr: cidr
    .optional()
    .describe('AWS sites: the reverse staging VPC in the source account and region (/16 to /23). Default: the forward staging network there if one exists, else a /22 derived from 100.64.0.0/10. CAUTION: changing it replaces that VPC.'),
});

const siteSchema = z.strictObject({
  name: name('a site name').describe('CAUTION: part of every stack name and construct id of the site.'),
  source: sourceSchema,
  recovery: recoverySchema,
});

const agentInstallSchema = z.strictObject({
  principals: z
    .array(
      z.string().max(2048).regex(/^arn:aws:(iam::\d{12}:(root|role\/[\w+=,.@/-]+|user\/[\w+=,.@/-]+)|sts::\d{12}:assumed-role\/[\w+=,.@/-]+)$/, {
        error: 'must be an IAM principal ARN such as arn:aws:iam::111111111111:role/DRInstallers',
      }),
    )
    .min(1, { error: 'needs at least one IAM principal allowed to assume the agent-installation role' }),
  sessionSeconds: z
    .number()
    .int()
    .min(900, { error: 'must be 900..43200 seconds' })
    .max(43200, { error: 'must be 900..43200 seconds' })
    .default(3600),
  s3InterfaceEndpoint: z.boolean().default(true).describe('Only needed while agents are installed; false removes it.'),
});

/** Where drills, recoveries, tests and cutovers launch (issue 13); see config/launch.ts for the rules. */
export const LAUNCH_DEFAULTS = {
  disposition: 'STARTED',
  rightSizing: 'BASIC',
  copyTags: true,
  byol: false,
  postLaunchActions: true,
  access: [],
  s3Buckets: [],
} as const;

const launchAccessSchema = z.strictObject({
  cidr: cidr.describe('Range that may reach recovered servers (never 0.0.0.0/0).'),
  ports: z.array(z.number().int().min(1, { error: 'must be 1..65535' }).max(65535, { error: 'must be 1..65535' })).min(1),
  protocol: z.enum(['tcp', 'udp'], { error: unlessMissing('must be one of: tcp, udp') }).default('tcp'),
});

const launchSchema = z.strictObject({
  disposition: z
    .enum(['STARTED', 'STOPPED'], { error: unlessMissing('must be one of: STARTED, STOPPED') })
    .default(LAUNCH_DEFAULTS.disposition)
    .describe('Whether launched instances are left running (STARTED) or stopped.'),
  rightSizing: z
    .enum(['NONE', 'BASIC', 'IN_AWS'], { error: unlessMissing('must be one of: NONE, BASIC, IN_AWS') })
    .default(LAUNCH_DEFAULTS.rightSizing)
    .describe('Instance type right-sizing (IN_AWS: drs only). NONE needs instanceType.'),
  instanceType: replicationFields.instanceType.optional().describe('Instance type of the default launch template; right-sizing overrides it unless NONE.'),
  copyTags: z.boolean().default(LAUNCH_DEFAULTS.copyTags).describe('Transfer the source server tags to launched instances.'),
  byol: z.boolean().default(LAUNCH_DEFAULTS.byol).describe('Bring your own OS license (licensing.osByol).'),
  postLaunchActions: z
    .boolean()
    .default(LAUNCH_DEFAULTS.postLaunchActions)
    .describe('Run post-launch actions (SSM); adds ssm, ssmmessages and ec2messages endpoints to recovery VPCs.'),
  access: z.array(launchAccessSchema).default([]).describe('What may reach recovered servers, besides nothing. Default: nothing.'),
  s3Buckets: z
    .array(z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { error: 'must be an S3 bucket name' }))
    .default([])
    .describe('Buckets recovered servers may use through the recovery S3 gateway endpoint (besides the service and SSM buckets).'),
});

export const environmentSchema = z
  .strictObject({
    $schema: z.string().max(2048).optional().describe('Editor hint; ignored.'),
    name: name('name').optional().describe('Default: the file name stem. Prefixes every stack name. CAUTION: renames every stack.'),
    service: z.enum(['drs', 'mgn'], { error: unlessMissing('must be one of: drs, mgn') }).default('drs'),
    tags: z.record(z.string().min(1).max(128), z.string().max(256)).default({}).describe('Default tags on every taggable resource.'),
    backend: backendSchema.default({ type: 'local' }),
    accounts: z.record(name('an account alias'), accountSchema).describe('Every AWS account the environment touches, by alias.'),
    sites: z.array(siteSchema).min(1, { error: 'needs at least one site' }),
    replication: replicationSchema.default(REPLICATION_DEFAULTS),
    agentInstall: agentInstallSchema,
    launch: launchSchema.default(() => ({ ...LAUNCH_DEFAULTS, access: [], s3Buckets: [] })).describe('Default launch settings of drills and recoveries (DRS) or tests and cutovers (MGN).'),
  })
  .describe('private-dr environment file (contract v1).');

export type EnvironmentInput = z.input<typeof environmentSchema>;
export type Environment = z.output<typeof environmentSchema> & { name: string };
export type Site = Environment['sites'][number];
export type AwsSource = Extract<Site['source'], { type: 'aws' }>;
export type OnPremSource = Extract<Site['source'], { type: 'onprem' }>;
export type StagingEntry = Site['recovery']['staging'][number];
export type Replication = Environment['replication'];
export type Backend = Environment['backend'];
export type Account = z.output<typeof accountSchema>;
export type Launch = Environment['launch'];
