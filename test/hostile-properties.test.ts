/**
 * Issue 12: any environment with hostile strings in its free-text fields is either refused (with
 * printable, bounded messages) or synthesizes with no template sequence of its own in any
 * cdk.tf.json and every aws provider pinned to 12-digit account ids.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { App } from 'cdktf';
import { validateEnvironment } from '../config/validate';
import { formatProblem } from '../config/problems';
import { planEnvironment } from '../plan/plan';
import { buildStacks } from '../stacks/build';
import { validEnvironment } from './support/arbitraries';
import { validEnv, type Json } from './support/env';

const FRAGMENTS = ['${', '%{', '$${', '%%{', '}', '$', '%', '{', 'file("/etc/hostname")', '__proto__', 'constructor', 'toString', '\u001b[31m', '\u0000', '"', '\\', 'a', '-', 'é', '\u202e', 'aws:', ' ', 'x'.repeat(300), 'sg-', '0.0.0.0/1', '.'];
const hostile = fc.array(fc.constantFrom(...FRAGMENTS), { minLength: 1, maxLength: 4 }).map((parts) => parts.join(''));

/** Where a hostile string goes: every field a user types free text (or a name) into. */
const FIELDS: Record<string, (env: Json, text: string) => void> = {
  tagValue: (e, t) => (e.tags = { ...e.tags, Owner: t }),
  tagKey: (e, t) => (e.tags = { ...e.tags, [t]: 'x' }),
  name: (e, t) => (e.name = t),
  siteName: (e, t) => (e.sites[0].name = t),
  alias: (e, t) => {
    const alias = e.sites[0].recovery.staging[0].account;
    e.accounts[t] = e.accounts[alias];
    e.sites[0].recovery.staging[0].account = t;
  },
  accountReference: (e, t) => (e.sites[0].recovery.staging[0].account = t),
  target: (e, t) => (e.sites[0].recovery.target = t),
  bucket: (e, t) => (e.backend = { type: 's3', bucket: t, region: 'eu-west-1' }),
  keyPrefix: (e, t) => (e.backend = { type: 's3', bucket: 'acme-state', region: 'eu-west-1', keyPrefix: t }),
  organization: (e, t) => (e.backend = { type: 'remote', organization: t }),
  workspacePrefix: (e, t) => (e.backend = { type: 'remote', organization: 'acme', workspacePrefix: t }),
  hostname: (e, t) => (e.backend = { type: 'remote', organization: 'acme', hostname: t }),
  principal: (e, t) => (e.agentInstall.principals = [`arn:aws:iam::111111111111:role/${t}`]),
  roleArn: (e, t) => (Object.values(e.accounts)[0] as Json).roleArn = `arn:aws:iam::100000011111:role/${t}`,
  instanceType: (e, t) => (e.replication = { ...e.replication, instanceType: t }),
  region: (e, t) => (e.sites[0].recovery.region = t),
  schema: (e, t) => (e.$schema = t),
  onpremCidr: (e, t) => (e.sites[0].source = { type: 'onprem', cidrs: [t], transitGatewayId: 'tgw-0123456789abcdef0' }),
};

const placements = fc.array(fc.tuple(fc.constantFrom(...Object.keys(FIELDS)), hostile), { minLength: 1, maxLength: 3 });

/** Every `${` or `%{` Terraform would evaluate (not written $${ / %%{), with what follows it. */
function templateStarts(text: string): string[] {
  return [...text.matchAll(/(?<![$%])([$%])\{/g)].map((m) => text.slice(m.index, m.index + 40));
}
/** What private-dr itself writes: references to resources, data sources and self, and functions applied to them. */
const OWN_TEMPLATE = /^\$\{((aws_|data\.)|[a-z]+\((aws_|data\.|self\.|merge\(self\.|\[for [a-z]+ in data\.))/;

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

it('hostile free text is refused, or synthesizes with no template sequence of its own and every account pinned', () => {
  let synthesized = 0;
  fc.assert(
    fc.property(validEnvironment, placements, (base, places) => {
      const env = structuredClone(base);
      for (const [field, text] of places) FIELDS[field](env, text);
      const result = validateEnvironment(env, 'prop');
      if (!result.ok) {
        expect(result.problems.length).toBeGreaterThan(0);
        for (const p of result.problems) {
          const line = formatProblem(p);
          expect(line).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
          expect(line.length).toBeLessThan(2100);
        }
        return;
      }
      synthesized++;
      const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'private-dr-hostile-'));
      dirs.push(outdir);
      const app = new App({ outdir });
      buildStacks(app, planEnvironment(result.env));
      app.synth();
      for (const stack of fs.readdirSync(path.join(outdir, 'stacks'))) {
        const text = fs.readFileSync(path.join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8');
        const foreign = templateStarts(text).filter((t) => !OWN_TEMPLATE.test(t));
        expect({ stack, foreign }).toEqual({ stack, foreign: [] });
        const json = JSON.parse(text);
        for (const provider of json.provider.aws as { allowed_account_ids: unknown }[]) {
          expect(provider.allowed_account_ids).toEqual([expect.stringMatching(/^\d{12}$/)]);
        }
      }
      fs.rmSync(outdir, { recursive: true, force: true });
    }),
    // A hostile-looking value that is valid runs first, so the property never passes by refusing everything.
    { numRuns: 60, examples: [[validEnv(), [['tagValue', 'costs $ {x} 100% $$ %%']]]] },
  );
  // The property must not pass by refusing everything: some hostile-looking text is valid.
  expect(synthesized).toBeGreaterThan(0);
}, 300_000);
