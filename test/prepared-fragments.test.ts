// stacks/prepared-fragments.ts must never change what cdktf writes: every environment and
// scenario synthesizes to the same bytes with and without it (with the fast resolve on, as the
// synth command runs), cross-stack references still register and resolve, and a stack with an
// aspect -- which runs between the two passes and may change an element -- takes cdktf's path.
import fs from 'node:fs';
import path from 'node:path';
import { App, Aspects, TerraformOutput, TerraformStack, type IAspect } from 'cdktf';
import type { IConstruct } from 'constructs';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { installFastResolve, uninstallFastResolve } from '../stacks/fast-resolve';
import { installPreparedFragments, uninstallPreparedFragments } from '../stacks/prepared-fragments';
import { ALL_FILES, synthBytes, tempDir } from './support/synth';

const ROOT = path.resolve(__dirname, '..');

beforeAll(() => installFastResolve());
afterAll(() => uninstallFastResolve());
afterEach(() => uninstallPreparedFragments());

const withFragments = <T>(on: boolean, run: () => T): T => {
  if (on) installPreparedFragments();
  else uninstallPreparedFragments();
  return run();
};

test.each(ALL_FILES.map((f) => [path.relative(ROOT, f), f]))('%s synthesizes byte-identically with prepared fragments', (_label, file) => {
  const before = withFragments(false, () => synthBytes(file));
  const after = withFragments(true, () => synthBytes(file));
  expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
  for (const [name, text] of before) expect({ name, text: after.get(name) }).toEqual({ name, text });
});

/** Two stacks, the second reading the first's VPC id (a cdktf cross-stack reference), one aspect optional. */
function synthApp(aspect?: IAspect, overrideWithToken = false): Record<string, string> {
  const outdir = tempDir();
  const app = new App({ outdir });
  const network = new TerraformStack(app, 'network');
  new AwsProvider(network, 'aws', { region: 'eu-west-1' });
  const vpc = new Vpc(network, 'vpc', { cidrBlock: '10.0.0.0/16', tags: { Name: 'n' } });
  const consumer = new TerraformStack(app, 'consumer');
  new AwsProvider(consumer, 'aws', { region: 'eu-west-1' });
  const subnet = new Subnet(consumer, 'subnet', { vpcId: vpc.id, cidrBlock: '10.0.1.0/24' });
  new TerraformOutput(consumer, 'vpc_id', { value: vpc.id });
  if (aspect) Aspects.of(network).add(aspect);
  if (overrideWithToken) consumer.addOverride('locals.subnet', subnet.id);
  app.synth();
  const read = (stack: string) => fs.readFileSync(path.join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8');
  return { network: read('network'), consumer: read('consumer') };
}

test("cross-stack references register and resolve the same way (cdktf's path: they change stacks between the passes)", () => {
  const before = withFragments(false, () => synthApp());
  const after = withFragments(true, () => synthApp());
  expect(after).toEqual(before);
  // The reference really crossed stacks: an output in one, a remote-state reader in the other.
  expect(before.network).toContain('cross-stack-output-aws_vpcvpcid');
  expect(before.consumer).toContain('terraform_remote_state');
});

test('each element is turned into Terraform once per synthesis instead of twice', () => {
  const calls = (on: boolean) => {
    const spy = jest.spyOn(Subnet.prototype, 'toTerraform');
    try {
      withFragments(on, () => {
        const app = new App({ outdir: tempDir() });
        const stack = new TerraformStack(app, 'one');
        new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
        const vpc = new Vpc(stack, 'vpc', { cidrBlock: '10.0.0.0/16' });
        new Subnet(stack, 'subnet', { vpcId: vpc.id, cidrBlock: '10.0.1.0/24' });
        app.synth();
      });
      return spy.mock.calls.length;
    } finally {
      spy.mockRestore();
    }
  };
  expect(calls(false)).toBe(2);
  expect(calls(true)).toBe(1);
});

test("a token in a stack's overrides is still resolved (the last whole-stack pass is kept)", () => {
  const before = withFragments(false, () => synthApp(undefined, true));
  const after = withFragments(true, () => synthApp(undefined, true));
  expect(after).toEqual(before);
  expect(JSON.parse(after.consumer).locals.subnet).toBe('${aws_subnet.subnet.id}');
});

test('an aspect that changes an element after the preparing pass is honoured', () => {
  const retag: IAspect = {
    visit(node: IConstruct) {
      if (node instanceof Vpc) node.tags = { Name: 'changed-by-aspect' };
    },
  };
  const after = withFragments(true, () => synthApp(retag));
  expect(after.network).toContain('changed-by-aspect');
  expect(after).toEqual(withFragments(false, () => synthApp(retag)));
});

test('installing twice is a no-op, uninstalling restores cdktf', () => {
  const proto = TerraformStack.prototype;
  const original = { prepareStack: proto.prepareStack, toTerraform: proto.toTerraform };
  expect(installPreparedFragments()).toBe(true);
  expect(installPreparedFragments()).toBe(false);
  expect(proto.prepareStack).not.toBe(original.prepareStack);
  uninstallPreparedFragments();
  expect({ prepareStack: proto.prepareStack, toTerraform: proto.toTerraform }).toEqual(original);
});
