/**
 * Valid environment objects for tests, as a user would write them (before defaults), plus
 * helpers to run them through the validator. Every builder returns a fresh deep copy, so a test
 * may mutate what it gets.
 */
import { validateEnvironment } from '../../config/validate';
import type { Problem } from '../../config/problems';
import type { Environment } from '../../config/schema';

export type Json = any;

export const PRINCIPAL = 'arn:aws:iam::111111111111:role/DRInstallers';

/** One AWS-hosted site (one staging account) and one on-prem site (transit gateway). */
export function validEnv(): Json {
  return {
    name: 'test',
    service: 'drs',
    tags: { Owner: 'platform' },
    accounts: {
      workloads: { id: '111111111111' },
      'staging-a': { id: '222222222222' },
      'staging-b': { id: '444444444444' },
      recovery: { id: '333333333333' },
    },
    sites: [
      {
        name: 'dublin',
        source: { type: 'aws', account: 'workloads', region: 'eu-west-1', vpc: { cidr: '172.16.0.0/16' } },
        recovery: { region: 'eu-west-2', staging: [{ account: 'staging-a', cidr: '10.0.0.0/16', servers: 100 }] },
      },
      {
        name: 'paris-dc',
        source: { type: 'onprem', cidrs: ['192.168.0.0/16'], transitGatewayId: 'tgw-0123456789abcdef0' },
        recovery: { region: 'us-east-1', staging: [{ account: 'staging-a', cidr: '10.1.0.0/16', servers: 40 }] },
      },
    ],
    agentInstall: { principals: [PRINCIPAL] },
  };
}

/** An AWS-hosted site with two staging accounts and a target account (so encryption: cmk). */
export function targetEnv(): Json {
  const env = validEnv();
  env.sites[0].recovery.staging.push({ account: 'staging-b', cidr: '10.2.0.0/16', servers: 120 });
  env.sites[0].recovery.target = 'recovery';
  env.sites[0].recovery.targetCidr = '10.9.0.0/16';
  env.replication = { encryption: 'cmk' };
  return env;
}

/** A copy of `env` changed by `edit` (which may mutate its argument). */
export function edited(env: Json, edit: (e: Json) => void): Json {
  const copy = structuredClone(env);
  edit(copy);
  return copy;
}

/** The problems of a file the validator must refuse; fails the test if it is accepted. */
export function problemsOf(data: unknown, defaultName = 'test'): Problem[] {
  const result = validateEnvironment(data, defaultName);
  if (result.ok) throw new Error(`expected the environment to be refused, but it was accepted:\n${JSON.stringify(data, null, 2)}`);
  return result.problems;
}

/** The parsed environment of a file the validator must accept; fails with the problems otherwise. */
export function accepted(data: unknown, defaultName = 'test'): Environment {
  const result = validateEnvironment(data, defaultName);
  if (!result.ok) throw new Error(`expected the environment to be accepted, but:\n${result.problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}`);
  return result.env;
}
