/**
 * Issue 15 (1): a staging account initialized in the console already has its one replication
 * template per region, and the provider asserts exactly one exists. accounts.<alias>.
 * replicationTemplateIds takes it over with a Terraform import block instead of creating another.
 */
import { accepted, edited, problemsOf, validEnv } from './support/env';
import { planEnvironment } from '../plan/plan';
import { synthPlan } from './support/stack-json';
import path from 'node:path';
import { resource, synthFile } from './support/synth';

// Not in test/scenarios: `npm run check:terraform` plans those, and its offline stand-in provider
// cannot import (ImportResourceState), so a plan of this stack can only run against real AWS.
const CONSOLE_INITIALIZED = path.join(__dirname, 'fixtures', 'environments', 'console-initialized.yaml');

describe('taking over an existing replication template', () => {
  it('imports the template named for the staging account and region, and only there', () => {
    const { stacks } = synthFile(CONSOLE_INITIALIZED);
    const staging = stacks['console-staging-staging-eu-west-3'] as any;
    expect(staging.import).toEqual([{ to: 'aws_drs_replication_configuration_template.replication_template', id: 'rct-0123456789abcdef0' }]);
    expect(resource(staging, 'aws_drs_replication_configuration_template', 'replication_template')).toMatchObject({ data_plane_routing: 'PRIVATE_IP' });
    for (const [name, stack] of Object.entries(stacks)) if (name !== 'console-staging-staging-eu-west-3') expect((stack as any).import).toBeUndefined();
  });

  it('imports nothing without the field', () => {
    for (const stack of Object.values(synthPlan(planEnvironment(accepted(validEnv()))))) expect((stack as any).import).toBeUndefined();
  });

  it('is keyed by account and region: another region of the same account is created as before', () => {
    const env = edited(validEnv(), (e) => (e.accounts['staging-a'].replicationTemplateIds = { 'us-east-1': 'rct-0123456789abcdef0' }));
    const stacks = synthPlan(planEnvironment(accepted(env))) as Record<string, any>;
    expect(stacks['test-staging-staging-a-us-east-1'].import).toEqual([{ to: 'aws_drs_replication_configuration_template.replication_template', id: 'rct-0123456789abcdef0' }]);
    expect(stacks['test-staging-staging-a-eu-west-2'].import).toBeUndefined();
  });

  it('refuses a region where the account has no staging network, naming the ones it has', () => {
    const env = edited(validEnv(), (e) => (e.accounts['staging-a'].replicationTemplateIds = { 'eu-west-3': 'rct-0123456789abcdef0' }));
    expect(problemsOf(env)).toEqual([
      {
        path: 'accounts.staging-a.replicationTemplateIds.eu-west-3',
        message: 'account "staging-a" has no staging network in eu-west-3 (no site lists it under recovery.staging there), so there is no template to take over; its staging regions are eu-west-2, us-east-1: remove this entry or fix the region',
      },
    ]);
  });

  it('refuses ids that are not template ids, and the field with MGN', () => {
    expect(problemsOf(edited(validEnv(), (e) => (e.accounts['staging-a'].replicationTemplateIds = { 'eu-west-2': 'lt-0123456789abcdef0' })))).toEqual([
      { path: 'accounts.staging-a.replicationTemplateIds.eu-west-2', message: 'must be a DRS replication template id such as rct-0123456789abcdef0' },
    ]);
    const mgn = edited(validEnv(), (e) => {
      e.service = 'mgn';
      e.accounts['staging-a'].replicationTemplateIds = { 'eu-west-2': 'rct-0123456789abcdef0' };
    });
    expect(problemsOf(mgn)).toContainEqual({ path: 'accounts.staging-a.replicationTemplateIds.eu-west-2', message: 'is DRS-only (service: mgn creates no replication template): remove it' });
  });
});
