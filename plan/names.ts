/**
 * Stack names. They are Terraform working directories and state keys, so they never change for
 * an unchanged file: <env>-<site>-source, <env>-staging-<account alias>-<region>,
 * <env>-<site>-target, <env>-<site>-peering-<peer account alias>.
 */
export const stackNames = {
  source: (env: string, site: string) => `${env}-${site}-source`,
  staging: (env: string, account: string, region: string) => `${env}-staging-${account}-${region}`,
  target: (env: string, site: string) => `${env}-${site}-target`,
  peering: (env: string, site: string, peerAccount: string) => `${env}-${site}-peering-${peerAccount}`,
};
