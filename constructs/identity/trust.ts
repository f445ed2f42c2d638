/** Trust policy documents, as plain data so tests and reviewers read exactly what IAM gets. */
import type { PolicyDocument } from '../policy';

/** Principals sorted: their order in the file means nothing, so reordering it never changes a policy. */
export function trustPrincipals(arns: readonly string[], actions: readonly string[] = ['sts:AssumeRole']): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [{ Sid: 'TrustedPrincipals', Effect: 'Allow', Principal: { AWS: [...arns].sort() }, Action: [...actions] }],
  };
}

export function trustService(service: string): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [{ Sid: 'TrustedService', Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
  };
}

/** DRS assumes the role, for the given actions, only under the given conditions. */
export function trustDrs(actions: string | string[], condition: Record<string, unknown>): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: 'drs.amazonaws.com' }, Action: actions, Condition: condition }],
  };
}
