/**
 * Where a stack keeps its state, and how another stack reads it. Both come from the same
 * function, so a consumer always reads exactly where its producer writes, whatever the backend.
 */
import {
  DataTerraformRemoteState,
  DataTerraformRemoteStateLocal,
  DataTerraformRemoteStateS3,
  LocalBackend,
  RemoteBackend,
  S3Backend,
  TerraformStack,
} from 'cdktf';
import type { Construct } from 'constructs';
import type { Backend } from '../config/schema';
import { localStatePath, localWorkspaceDir } from '../output/local-state';

export const TERRAFORM_REQUIRED_VERSION = '>= 1.10.0';

export function stateKey(backend: Extract<Backend, { type: 's3' }>, envName: string, stack: string): string {
  return `${backend.keyPrefix ?? `private-dr/${envName}`}/${stack}.tfstate`;
}

export function workspaceName(backend: Extract<Backend, { type: 'remote' }>, stack: string): string {
  return `${backend.workspacePrefix ?? ''}${stack}`;
}

export function configureBackend(stack: TerraformStack, backend: Backend, envName: string, stackName: string): void {
  switch (backend.type) {
    case 'local':
      // state/ beside the output directory, never inside it: see output/local-state.ts.
      new LocalBackend(stack, { path: localStatePath(stackName), workspaceDir: localWorkspaceDir(stackName) });
      return;
    case 's3': {
      new S3Backend(stack, {
        bucket: backend.bucket,
        key: stateKey(backend, envName, stackName),
        region: backend.region,
        encrypt: true,
        ...(backend.roleArn ? { assumeRole: { roleArn: backend.roleArn } } : {}),
      });
      // Native S3 locking (Terraform >= 1.10); cdktf 0.21 has no typed field for it.
      stack.addOverride('terraform.backend.s3.use_lockfile', true);
      return;
    }
    case 'remote':
      new RemoteBackend(stack, {
        organization: backend.organization,
        ...(backend.hostname ? { hostname: backend.hostname } : {}),
        workspaces: { name: workspaceName(backend, stackName) },
      });
      return;
  }
}

/** Reads the outputs of `producer` from the state its own backend block writes. */
export function remoteState(scope: Construct, id: string, backend: Backend, envName: string, producer: string): DataTerraformRemoteState | DataTerraformRemoteStateLocal | DataTerraformRemoteStateS3 {
  switch (backend.type) {
    case 'local':
      // The same relative strings as the producer's backend: both resolve from sibling stack directories.
      return new DataTerraformRemoteStateLocal(scope, id, { path: localStatePath(producer), workspaceDir: localWorkspaceDir(producer) });
    case 's3':
      return new DataTerraformRemoteStateS3(scope, id, {
        bucket: backend.bucket,
        key: stateKey(backend, envName, producer),
        region: backend.region,
        encrypt: true,
        ...(backend.roleArn ? { assumeRole: { roleArn: backend.roleArn } } : {}),
      });
    case 'remote':
      return new DataTerraformRemoteState(scope, id, {
        organization: backend.organization,
        ...(backend.hostname ? { hostname: backend.hostname } : {}),
        workspaces: { name: workspaceName(backend, producer) },
      });
  }
}
