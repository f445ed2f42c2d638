// stacks/construct-paths.ts must return what constructs computes, for every construct of a real
// synthesis, and put constructs' getter back when uninstalled.
import { App } from 'cdktf';
import { Node } from 'constructs';
import { loadEnvironment } from '../config/load';
import { planEnvironment } from '../plan/plan';
import { buildStacks } from '../stacks/build';
import { installMemoizedPaths, uninstallMemoizedPaths } from '../stacks/construct-paths';
import { ALL_FILES, synthBytes, tempDir } from './support/synth';

afterEach(() => uninstallMemoizedPaths());

test('every construct of every bundled environment and scenario keeps its path', () => {
  for (const file of ALL_FILES) {
    const app = new App({ outdir: tempDir() });
    buildStacks(app, planEnvironment(loadEnvironment(file)));
    const all = app.node.findAll();
    uninstallMemoizedPaths();
    const computed = all.map((c) => c.node.path);
    installMemoizedPaths();
    expect(all.map((c) => c.node.path)).toEqual(computed); // first read: remembered
    expect(all.map((c) => c.node.path)).toEqual(computed); // second read: from memory
    expect(new Set(computed).size).toBe(computed.length);
  }
});

test('a synthesis writes the same bytes with remembered paths', () => {
  const file = ALL_FILES.find((f) => f.endsWith('multi-staging.yaml'))!;
  uninstallMemoizedPaths();
  const before = synthBytes(file);
  installMemoizedPaths();
  expect(synthBytes(file)).toEqual(before);
});

test('installing twice is a no-op, uninstalling restores constructs', () => {
  const original = Object.getOwnPropertyDescriptor(Node.prototype, 'path');
  if (!original?.get) {
    // Newer constructs (10.7, CDK Terrain's) store the path when a construct is created.
    expect(installMemoizedPaths()).toBe(false);
    expect(Object.getOwnPropertyDescriptor(Node.prototype, 'path')).toEqual(original);
    return;
  }
  expect(installMemoizedPaths()).toBe(true);
  expect(installMemoizedPaths()).toBe(false);
  expect(Object.getOwnPropertyDescriptor(Node.prototype, 'path')).not.toEqual(original);
  uninstallMemoizedPaths();
  expect(Object.getOwnPropertyDescriptor(Node.prototype, 'path')).toEqual(original);
});
