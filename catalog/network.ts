/** Ports and sizes with a documented source. */

/** Agents and replication servers talk to the service, EC2 and S3 APIs over HTTPS (DRS/MGN network requirements). */
export const HTTPS_PORT = 443;
/** Source servers stream data to replication servers on TCP 1500 (DRS/MGN network requirements). */
export const REPLICATION_PORT = 1500;
/** Route 53 Resolver inbound endpoints take DNS on TCP and UDP 53 (Route 53 developer guide, inbound endpoint values). */
export const DNS_PORT = 53;

/** AWS allows VPC prefixes /16 to /28 and reserves five addresses in every subnet (VPC user guide, subnet sizing). */
export const VPC_MIN_PREFIX = 16;
export const SUBNET_MAX_PREFIX = 28;
export const RESERVED_ADDRESSES_PER_SUBNET = 5;

/** IAM bounds role sessions to 1 h .. 12 h; a role's max_session_duration must be at least 3600 (IAM CreateRole). */
export const IAM_MIN_MAX_SESSION = 3600;
export const IAM_MAX_SESSION = 43200;
/** sts:AssumeRole accepts 900 s as the shortest session. */
export const STS_MIN_SESSION = 900;

/** Point-in-time rules DRS requires; only the daily retention may change (provider docs, aws_drs_replication_configuration_template). */
export const PIT_RULES = [
  { ruleId: 1, units: 'MINUTE', interval: 10, retentionDuration: 60 },
  { ruleId: 2, units: 'HOUR', interval: 1, retentionDuration: 24 },
] as const;
export const PIT_DAILY_RULE_ID = 3;
