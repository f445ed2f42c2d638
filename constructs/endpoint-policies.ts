/**
 * VPC endpoint policies. S3: read-only, and only the service's own buckets in that region
 * (never every bucket): installers, agent binaries, replication-server software and the AL2023
 * repositories. The buckets belong to AWS and installers use presigned URLs, so no
 * principal or organization condition can be added (reference, section 7).
 */
import type { DrService } from '../catalog/services';
import type { PolicyDocument } from './policy';


export function s3EndpointPolicy(service: DrService, region: string): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: `Read${service.id.toUpperCase()}Buckets`,
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:GetObject',
        Resource: service.buckets(region).map((b) => `arn:aws:s3:::${b}/*`),
      },
    ],
  };
}

/**
 * The service endpoint carries the service's API (any caller still needs IAM permission for
 * each call) and the agent's session start, which goes through execute-api (reference, 2.2).
 */
export function serviceEndpointPolicy(service: DrService, region: string): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: `${service.id.toUpperCase()}Api`, Effect: 'Allow', Principal: '*', Action: `${service.id}:*`, Resource: '*' },
      {
        Sid: 'AgentSession',
        Effect: 'Allow',
        Principal: '*',
        Action: 'execute-api:Invoke',
        Resource: `arn:aws:execute-api:${region}:*:*/POST/${service.createSessionAction}`,
      },
    ],
  };
}
