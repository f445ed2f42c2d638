/** Issue: state per stack in every backend, and cross-stack reads from the producer's own state. */
import { scenario, synthFile } from './support/synth';

describe('backends and cross-stack remote state', () => {
  it('local: state beside each stack, read by relative path', () => {
    const { stacks } = synthFile(scenario('same-account'));
    expect(stacks['same-dublin-source'].terraform.backend).toEqual({ local: { path: 'terraform.same-dublin-source.tfstate' } });
    expect(stacks['same-dublin-peering-main'].data?.terraform_remote_state).toEqual({
      peer_state: { backend: 'local', config: { path: '../same-staging-main-eu-west-2/terraform.same-staging-main-eu-west-2.tfstate' } },
      source_state: { backend: 'local', config: { path: '../same-dublin-source/terraform.same-dublin-source.tfstate' } },
    });
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
