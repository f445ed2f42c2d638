/** npm run stacks: every stack with its account, region and dependencies, in deploy order and in waves. */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { loadEnvironment } from '../config/load';
import { planEnvironment } from '../plan/plan';
import { type StackRow, alignedTable, deployWaves, formatStackTable, formatWaveTable, stackRows, wavesJson } from '../plan/stack-list';
import { scenario } from './support/synth';

const ROOT = path.resolve(__dirname, '..');
const EXAMPLE = path.join(ROOT, 'envs', 'example.yaml');
const plan = (file: string) => planEnvironment(loadEnvironment(file));

describe('stackRows on envs/example.yaml', () => {
  const rows = stackRows([plan(EXAMPLE)]);
  const byName = Object.fromEntries(rows.map((r) => [r.name, r]));

  it('lists every stack in deploy order: each after the stacks it depends on', () => {
    expect(rows.map((r) => r.name)).toEqual([
      'example-dublin-source',
      'example-staging-staging-a-eu-west-2',
      'example-staging-staging-b-eu-west-2',
      'example-staging-staging-a-us-east-1',
      'example-staging-workloads-eu-west-1',
      'example-dublin-target',
      'example-dublin-peering-staging-a',
      'example-dublin-peering-staging-b',
      'example-dublin-peering-recovery',
      'example-failback-dublin-target-workloads-eu-west-1',
    ]);
    rows.forEach((row, i) => row.dependsOn.forEach((dep) => expect(rows.findIndex((r) => r.name === dep)).toBeLessThan(i)));
  });

  it('gives env, purpose, account alias and id, region, role and working directory', () => {
    expect(byName['example-staging-staging-a-us-east-1']).toEqual({
      name: 'example-staging-staging-a-us-east-1',
      env: 'example',
      purpose: 'staging',
      account: 'staging-a',
      accountId: '222222222222',
      region: 'us-east-1',
      roleArn: 'arn:aws:iam::222222222222:role/terraform',
      dependsOn: ['example-staging-staging-a-eu-west-2'],
      dir: 'cdktf.out/stacks/example-staging-staging-a-us-east-1',
    });
    expect(byName['example-dublin-target']).toMatchObject({ purpose: 'target', account: 'recovery', accountId: '333333333333', region: 'eu-west-2', dependsOn: [] });
    expect(byName['example-dublin-source']).not.toHaveProperty('peerAccount');
  });

  it('names the peer account and region of peering stacks', () => {
    expect(byName['example-dublin-peering-recovery']).toMatchObject({
      purpose: 'peering',
      account: 'workloads',
      accountId: '111111111111',
      region: 'eu-west-1',
      peerAccount: 'recovery',
      peerAccountId: '333333333333',
      peerRegion: 'eu-west-2',
      peerRoleArn: 'arn:aws:iam::333333333333:role/terraform',
      dependsOn: ['example-dublin-source', 'example-dublin-target'],
    });
  });

  it('gives a null roleArn when the account has none (ambient credentials), and follows the output directory', () => {
    const same = stackRows([plan(scenario('same-account'))], 'out/dir/');
    expect(same.every((r) => r.roleArn === null)).toBe(true);
    expect(same[0].dir).toBe(`out/dir/stacks/${same[0].name}`);
  });

  it('groups stacks in waves: independent stacks first, each stack after every wave it depends on', () => {
    const waves = deployWaves(rows);
    expect(waves.map((w) => w.map((r) => r.name))).toEqual([
      ['example-dublin-source', 'example-staging-staging-a-eu-west-2', 'example-staging-staging-b-eu-west-2', 'example-staging-workloads-eu-west-1', 'example-dublin-target'],
      ['example-staging-staging-a-us-east-1', 'example-dublin-peering-staging-a', 'example-dublin-peering-staging-b', 'example-dublin-peering-recovery', 'example-failback-dublin-target-workloads-eu-west-1'],
    ]);
    expect(wavesJson(waves).map((w) => [w.wave, w.stacks.length])).toEqual([[1, 5], [2, 5]]);
  });

  it('prints an aligned table', () => {
    const lines = formatStackTable(rows).split('\n');
    expect(lines).toHaveLength(rows.length + 1);
    const regionAt = lines[0].indexOf('REGION');
    for (const line of lines.slice(1)) expect(line.slice(regionAt)).toMatch(/^(eu-west-[12]|us-east-1) /);
    expect(lines[1]).toMatch(/^example-dublin-source +example +source +workloads \(111111111111\) +eu-west-1 +- +-$/);
    expect(lines.every((l) => l === l.trimEnd())).toBe(true);
    expect(formatWaveTable(deployWaves(rows)).split('\n')[6]).toMatch(/^2 +example-staging-staging-a-us-east-1 /);
  });
});

describe('deployWaves', () => {
  const row = (name: string, dependsOn: string[] = []): StackRow => ({
    name, env: 'e', purpose: 'staging', account: 'a', accountId: '111111111111', region: 'eu-west-1', roleArn: null, dependsOn, dir: `cdktf.out/stacks/${name}`,
  });

  it('puts a stack one wave after its deepest dependency, keeping deploy order inside a wave', () => {
    const waves = deployWaves([row('a'), row('b', ['a']), row('c'), row('d', ['b', 'c']), row('e', ['a'])]);
    expect(waves.map((w) => w.map((r) => r.name))).toEqual([['a', 'c'], ['b', 'e'], ['d']]);
  });

  it('refuses dependencies that are not listed, and cycles', () => {
    expect(() => deployWaves([row('a', ['zzz'])])).toThrow('a depends on zzz, which is not listed');
    expect(() => deployWaves([row('a', ['b']), row('b', ['a'])])).toThrow(/cycle/);
  });

  it('aligns columns of any width', () => {
    expect(alignedTable(['A', 'BB'], [['xxx', 'y'], ['z', '']])).toBe('A    BB\nxxx  y\nz');
  });
});

describe('npm run stacks -- --json', () => {
  it('prints exactly the rows as a JSON array on stdout, and nothing else', () => {
    const env = { ...process.env };
    delete env.DR_ENV;
    delete env.CDKTF_OUTDIR;
    const stdout = execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'run.cjs'), path.join(ROOT, 'scripts', 'stacks.ts'), '--json', EXAMPLE], { cwd: ROOT, env, encoding: 'utf8' });
    const parsed = JSON.parse(stdout) as StackRow[];
    expect(parsed).toEqual(JSON.parse(JSON.stringify(stackRows([plan(EXAMPLE)]))));
    for (const r of parsed) {
      expect(Object.keys(r)).toEqual(expect.arrayContaining(['name', 'account', 'accountId', 'region', 'roleArn', 'dependsOn', 'purpose']));
      expect(r.name).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(r.account).toMatch(/^[A-Za-z0-9_-]+$/);
    }
  });
});
