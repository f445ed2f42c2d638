/**
 * IAM role names that AWS (DRS) fixes: DRS looks these roles up by name, so each exists once per
 * account whatever creates it (DRS guide, "Trusted accounts" and cross-account replication pages;
 * reference, section 6). Kept apart from the constructs so planning can reason about them.
 */

export function stagingAccountRoleName(targetAccountId: string): string {
  return `DRSStagingAccountRole_${targetAccountId}`;
}

export const crossAccountNames = {
  authorized: (stagingId: string) => `DRSCrossAccountAgentAuthorizedRole_${stagingId}`,
  agent: (sourceId: string) => `DRSCrossAccountAgentRole_${sourceId}`,
  replication: (otherId: string) => `DRSCrossAccountReplicationRole_${otherId}`,
};

/** The six service roles `aws drs initialize-service` would create (constructs/identity/drs-initialization.ts). */
export const DRS_SERVICE_ROLE_NAMES = [
  'AWSElasticDisasterRecoveryAgentRole',
  'AWSElasticDisasterRecoveryFailbackRole',
  'AWSElasticDisasterRecoveryConversionServerRole',
  'AWSElasticDisasterRecoveryRecoveryInstanceRole',
  'AWSElasticDisasterRecoveryReplicationServerRole',
  'AWSElasticDisasterRecoveryRecoveryInstanceWithLaunchActionsRole',
] as const;
