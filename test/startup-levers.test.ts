// The synth command's levers (stacks/startup.ts: fast resolve, prepared fragments, remembered
// paths, cdktf's util helpers) together must write what cdktf writes without them, also for cdktf
// features private-dr's own stacks do not use but a change could bring in. (The bundle's JSON
// writer, stacks/stable-json.ts, is compared in test/stable-json.test.ts and, with all of these,
// in test/synth-bundle.test.ts.) Each case builds an App, synthesizes it with
// and without the levers and compares the files; the cases come from an independent review that
// found each of them diverging in an earlier version.
import fs from 'node:fs';
import path from 'node:path';
import { App, Aspects, DefaultTokenResolver, Lazy, StringConcat, TerraformLocal, TerraformOutput, TerraformStack, Testing, Tokenization, type IAspect, type IResolveContext } from 'cdktf';
import { Construct, type IConstruct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { installUtilHelpers, uninstallUtilHelpers } from '../stacks/cdktf-util';
import { installMemoizedPaths, uninstallMemoizedPaths } from '../stacks/construct-paths';
import { installFastResolve, uninstallFastResolve } from '../stacks/fast-resolve';
import { installPreparedFragments, uninstallPreparedFragments } from '../stacks/prepared-fragments';
import { tempDir } from './support/synth';

function levers(on: boolean): void {
  if (on) {
    installFastResolve();
    installPreparedFragments();
    installMemoizedPaths();
    installUtilHelpers();
  } else {
    uninstallPreparedFragments();
    uninstallFastResolve();
    uninstallMemoizedPaths();
    uninstallUtilHelpers();
  }
}
afterEach(() => levers(false));

/** Every stack's cdk.tf.json and the manifest, by stack name. */
function synth(build: (app: App) => void): Record<string, string> {
  const outdir = tempDir();
  const app = new App({ outdir });
  build(app);
  app.synth();
  const out: Record<string, string> = { manifest: fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8') };
  for (const s of fs.readdirSync(path.join(outdir, 'stacks'))) out[s] = fs.readFileSync(path.join(outdir, 'stacks', s, 'cdk.tf.json'), 'utf8');
  return out;
}
function withAndWithout(build: (app: App) => void): { before: Record<string, string>; after: Record<string, string> } {
  levers(false);
  const before = synth(build);
  levers(true);
  const after = synth(build);
  levers(false);
  return { before, after };
}
const stackWithProvider = (scope: Construct, id: string) => {
  const stack = new TerraformStack(scope, id);
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  return stack;
};

test('an array shared by two elements, overridden in one: neither the other element nor the array changes', () => {
  const shared = ['a', 'b'];
  const { before, after } = withAndWithout((app) => {
    const s = new TerraformStack(app, 's');
    new TerraformLocal(s, 'l1', shared);
    new TerraformLocal(s, 'l2', shared);
    s.addOverride('locals.l1.0', 'X');
  });
  expect(JSON.parse(before.s).locals).toEqual({ l1: ['X', 'b'], l2: ['a', 'b'] });
  expect(after).toEqual(before);
  expect(shared).toEqual(['a', 'b']);
});

test('a lazy value reading what a later stack adds while preparing (a cross-stack output)', () => {
  const { before, after } = withAndWithout((app) => {
    const a = stackWithProvider(app, 'a');
    const vpc = new Vpc(a, 'vpc', { cidrBlock: '10.0.0.0/16' });
    new TerraformOutput(a, 'children', { value: Lazy.numberValue({ produce: () => a.node.children.length }) });
    const b = stackWithProvider(app, 'b');
    new TerraformOutput(b, 'vpc', { value: vpc.id });
  });
  expect(after).toEqual(before);
});

test("an aspect on an outer stack changes an element of a stack nested in it", () => {
  const retag: IAspect = {
    visit(node: IConstruct) {
      if (node instanceof Vpc) node.tags = { Name: 'changed-by-aspect' };
    },
  };
  const { before, after } = withAndWithout((app) => {
    const outer = stackWithProvider(app, 'outer');
    const inner = stackWithProvider(new Construct(outer, 'holder'), 'inner');
    new Vpc(inner, 'vpc', { cidrBlock: '10.0.0.0/16', tags: { Name: 'original' } });
    Aspects.of(outer).add(retag);
  });
  expect(before.inner).toContain('changed-by-aspect');
  expect(after).toEqual(before);
});

test('a lazy value that counts its calls, in an element and in the stack overrides', () => {
  const { before, after } = withAndWithout((app) => {
    const s = stackWithProvider(app, 's');
    let inElement = 0;
    let inOverride = 0;
    new Vpc(s, 'vpc', { cidrBlock: '10.0.0.0/16', tags: { Calls: Lazy.stringValue({ produce: () => String(++inElement) }) } });
    s.addOverride('locals.calls', Lazy.numberValue({ produce: () => ++inOverride }));
  });
  expect(JSON.parse(before.s).locals.calls).toBe(1);
  expect(after).toEqual(before);
});

test('a synthesis that fails leaves nothing behind for the next one', () => {
  const run = (on: boolean) => {
    levers(on);
    const app = Testing.app();
    const s1 = new TerraformStack(app, 's1');
    s1.node.addValidation({ validate: () => ['refused'] });
    const s2 = stackWithProvider(app, 's2');
    const vpc = new Vpc(s2, 'vpc', { cidrBlock: '10.0.0.0/16' });
    expect(() => app.synth()).toThrow(/refused/);
    vpc.cidrBlock = '10.9.0.0/16';
    return Testing.synth(s2);
  };
  const before = run(false);
  expect(before).toContain('10.9.0.0/16');
  expect(run(true)).toEqual(before);
});

test('a resolver of another class resolves a reference its own way', () => {
  class Upper extends DefaultTokenResolver {
    resolveString(fragments: Parameters<DefaultTokenResolver['resolveString']>[0], context: IResolveContext) {
      return String(super.resolveString(fragments, context)).toUpperCase();
    }
  }
  const app = new App({ outdir: tempDir() });
  const s = new TerraformStack(app, 's');
  const vpc = new Vpc(s, 'vpc', { cidrBlock: '10.0.0.0/16' });
  const resolve = (on: boolean) => {
    levers(on);
    return Tokenization.resolve(vpc.id, { scope: s, resolver: new Upper(new StringConcat()) });
  };
  expect(resolve(false)).toBe('${AWS_VPC.VPC.ID}');
  expect(resolve(true)).toBe('${AWS_VPC.VPC.ID}');
});
