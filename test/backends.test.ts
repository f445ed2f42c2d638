/** Issue: state per stack in every backend, and cross-stack reads from the producer's own state. */
import path from 'node:path';
import { scenario, synthFile } from './support/synth';

describe('backends and cross-stack remote state', () => {
  it('local: state in state/ beside the output directory, read by the same relative path', () => {
    const { stacks, outdir } = synthFile(scenario('same-account'));
    const local = (stack: string) => ({ path: `../../../state/terraform.${stack}.tfstate`, workspace_dir: `../../../state/terraform.${stack}.tfstate.d` });
    expect(stacks['same-dublin-source'].terraform.backend).toEqual({ local: local('same-dublin-source') });
    expect(stacks['same-dublin-peering-main'].data?.terraform_remote_state).toEqual({
      peer_state: { backend: 'local', config: local('same-staging-main-eu-west-2') },
      source_state: { backend: 'local', config: local('same-dublin-source') },
    });
    // Terraform resolves both from its working directory, the stack's folder: each reader finds
    // exactly the file its producer writes, outside the output directory.
    const at = (stack: string, p: string) => path.resolve(outdir, 'stacks', stack, p);
    const written = at('same-dublin-source', stacks['same-dublin-source'].terraform.backend.local.path);
    expect(written).toBe(path.join(path.dirname(outdir), 'state', 'terraform.same-dublin-source.tfstate'));
    expect(at('same-dublin-peering-main', stacks['same-dublin-peering-main'].data!.terraform_remote_state.source_state.config.path)).toBe(written);
  });

  it('s3: one key per stack under the default prefix, encrypted, native locking, optional role', () => {
    const { stacks } = synthFile(scenario('mixed'));
    const s3 = {
      bucket: 'acme-tf-state',
      region: 'eu-west-1',
      encrypt: true,
      assume_role: { role_arn: 'arn:aws:iam::999999999999:role/tf-state' },
    };
    expect(stacks['mixed-dublin-source'].terraform.backend).toEqual({ s3: { ...s3, key: 'private-dr/mixed/mixed-dublin-source.tfstate', use_lockfile: true } });
    expect(stacks['mixed-dublin-peering-staging'].data?.terraform_remote_state.peer_state).toEqual({
      backend: 's3',
      config: { ...s3, key: 'private-dr/mixed/mixed-staging-staging-eu-west-2.tfstate' },
    });
  });

  it('remote: one workspace per stack, read by workspace name', () => {
    const { stacks } = synthFile(scenario('multi-staging'));
    expect(stacks['big-dublin-target'].terraform.backend).toEqual({ remote: { organization: 'acme', workspaces: { name: 'dr-big-dublin-target' } } });
    expect(stacks['big-dublin-peering-recovery'].data?.terraform_remote_state.peer_state).toEqual({
      backend: 'remote',
      config: { organization: 'acme', workspaces: { name: 'dr-big-dublin-target' } },
    });
  });

  it('pins Terraform and the provider in every stack', () => {
    for (const name of ['same-account', 'mixed', 'multi-staging']) {
      for (const stack of Object.values(synthFile(scenario(name)).stacks)) {
        expect(stack.terraform.required_version).toBe('>= 1.10.0');
        expect(stack.terraform.required_providers.aws.version).toBe('6.25.0');
      }
    }
  });
});
