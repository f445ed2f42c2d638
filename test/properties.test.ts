/**
 * Properties over generated environments: every valid file is accepted and synthesizes with
 * pinned providers; one injected mistake of each family is refused at the right path; and the
 * same input always gives the same result.
 */
import fc from 'fast-check';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { App } from 'cdktf';
import { stringify } from 'yaml';
import { parseYaml } from '../config/load';
import { validateEnvironment } from '../config/validate';
import { planEnvironment } from '../plan/plan';
import { buildStacks } from '../stacks/build';
import { LIMITS, REGIONS, STAGING_ACCOUNTS, TARGET_ACCOUNTS, validEnvironment } from './support/arbitraries';
import { accepted, edited, problemsOf, type Json } from './support/env';

const RUNS = 60;
const site = (env: Json) => fc.nat({ max: env.sites.length - 1 });

describe('valid environments', () => {
  it('are accepted, also after a YAML roundtrip, with defaults filled in', () => {
    fc.assert(
      fc.property(validEnvironment, (data) => {
        const env = accepted(data);
        expect(env.name).toBe('prop');
        expect(env.replication.pitRetentionDays).toBe(data.replication?.pitRetentionDays ?? 7);
        expect(env.agentInstall.sessionSeconds).toBe(data.agentInstall.sessionSeconds ?? 3600);
        const { data: reread, problems } = parseYaml(stringify(data));
        expect(problems).toEqual([]);
        expect(accepted(reread)).toEqual(env);
      }),
      { numRuns: 100 },
    );
  });

  it('synthesize in-process, every stack with a provider pinned to its account', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'private-dr-props-'));
    let run = 0;
    try {
      fc.assert(
        fc.property(validEnvironment, (data) => {
          const plan = planEnvironment(accepted(data));
          const outdir = path.join(root, String(run++));
          const app = new App({ outdir });
          buildStacks(app, plan);
          app.synth();
          const written = fs.readdirSync(path.join(outdir, 'stacks')).sort();
          expect(written).toEqual(plan.stacks.map((s) => s.name).sort());
          const ids = new Set(Object.values(data.accounts as Record<string, { id: string }>).map((a) => a.id));
          for (const stack of plan.stacks) {
            const json = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', stack.name, 'cdk.tf.json'), 'utf8'));
            const providers: Json[] = json.provider.aws;
            expect(providers.length).toBeGreaterThan(0);
            for (const p of providers) {
              expect(p.allowed_account_ids).toHaveLength(1);
              expect(ids.has(p.allowed_account_ids[0])).toBe(true);
            }
            expect(providers.some((p) => p.alias === undefined && p.allowed_account_ids[0] === stack.account.id && p.region === stack.region)).toBe(true);
          }
          fs.rmSync(outdir, { recursive: true, force: true });
        }),
        { numRuns: 25 },
      );
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('validate and plan deterministically', () => {
    fc.assert(
      fc.property(validEnvironment, (data) => {
        const a = validateEnvironment(data, 'x');
        const b = validateEnvironment(structuredClone(data), 'x');
        expect(b).toEqual(a);
        if (!a.ok || !b.ok) throw new Error('refused');
        expect(planEnvironment(b.env)).toEqual(planEnvironment(a.env));
      }),
      { numRuns: 50 },
    );
  });

  it('give every staging network one CIDR and at most the service limit of servers', () => {
    fc.assert(
      fc.property(validEnvironment, (data) => {
        const plan = planEnvironment(accepted(data));
        // Forward staging is refused above the limit; reverse-only networks (failback) are counted and
        // warned about instead (plan/capacity.ts): they exceed it only if everything fails back at once.
        for (const s of plan.stagings.filter((st) => st.sites.length)) expect(s.servers).toBeLessThanOrEqual(LIMITS[data.service as 'drs' | 'mgn']);
        expect(new Set(plan.stacks.map((s) => s.name)).size).toBe(plan.stacks.length);
      }),
      { numRuns: 50 },
    );
  });
});

describe('one injected mistake is refused at its path', () => {
  /** A valid environment, a site index in it, and the mutated copy. */
  const withSite = <T>(extra: (env: Json) => fc.Arbitrary<T>) =>
    validEnvironment.chain((env) => fc.tuple(fc.constant(env), site(env), extra(env)));
  const nothing = () => fc.constant(null);

  it('a staging VPC overlapping its site\'s source range', () => {
    fc.assert(
      fc.property(withSite(nothing), ([env, i]) => {
        const source = env.sites[i].source;
        const range: string = source.type === 'aws' ? source.vpc.cidr : source.cidrs[0];
        const bad = edited(env, (e) => (e.sites[i].recovery.staging[0].cidr = range));
        const path = `sites[${i}].recovery.staging[0].cidr`;
        expect(problemsOf(bad)).toContainEqual({
          path,
          message: expect.stringMatching(new RegExp(`^${range.replace(/\./g, '\\.')} overlaps the (source VPC|on-prem range) of site "site-${i}" ${range.replace(/\./g, '\\.')} \\(sites\\[${i}\\]\\.source\\.`)),
        });
      }),
      { numRuns: RUNS },
    );
  });

  it('two staging VPCs of one site that overlap', () => {
    fc.assert(
      fc.property(withSite(nothing), ([env, i]) => {
        fc.pre(env.sites[i].recovery.staging.length > 1);
        const first = env.sites[i].recovery.staging[0].cidr;
        const bad = edited(env, (e) => (e.sites[i].recovery.staging[1].cidr = first.replace(/\/\d+$/, '/23')));
        expect(problemsOf(bad).some((p) => p.path === `sites[${i}].recovery.staging[1].cidr` && p.message.includes(`overlaps the staging VPC of "${env.sites[i].recovery.staging[0].account}"`))).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('recovery.region equal to an AWS source region', () => {
    fc.assert(
      fc.property(withSite(nothing), ([env, i]) => {
        fc.pre(env.sites[i].source.type === 'aws');
        const region = env.sites[i].source.region;
        const bad = edited(env, (e) => (e.sites[i].recovery.region = region));
        // MGN is not DR: the same refusal (the file contract) gives MGN's reason (issue 16).
        const why = env.service === 'mgn' ? 'this tool migrates with MGN into a landing VPC in another region than the source VPC' : 'DR recovers into another region';
        expect(problemsOf(bad)).toContainEqual({ path: `sites[${i}].recovery.region`, message: `must differ from source.region (${region}); ${why}` });
      }),
      { numRuns: RUNS },
    );
  });

  it('a region that is not a commercial region', () => {
    fc.assert(
      fc.property(withSite(() => fc.constantFrom('cn-north-1', 'us-gov-west-1', 'eu-west-9', 'EU-WEST-1')), ([env, i, region]) => {
        const bad = edited(env, (e) => (e.sites[i].recovery.region = region));
        expect(problemsOf(bad)).toContainEqual({ path: `sites[${i}].recovery.region`, message: expect.stringMatching(new RegExp(`^"${region}" is not an AWS commercial region; use one of: us-east-1, `)) });
      }),
      { numRuns: 30 },
    );
  });

  it('an alias that accounts does not define', () => {
    fc.assert(
      fc.property(withSite(() => fc.constantFrom('ghost', 'staging-z', 'recovery')), ([env, i, alias]) => {
        const bad = edited(env, (e) => (e.sites[i].recovery.staging[0].account = alias));
        expect(problemsOf(bad)).toContainEqual({
          path: `sites[${i}].recovery.staging[0].account`,
          message: `account alias "${alias}" is not defined under accounts; defined: ${Object.keys(env.accounts).join(', ')}`,
        });
      }),
      { numRuns: RUNS },
    );
  });

  it('more servers than the service allows in one staging account', () => {
    fc.assert(
      fc.property(withSite(() => fc.integer({ min: 1, max: 1000 })), ([env, i, extra]) => {
        const limit = LIMITS[env.service as 'drs' | 'mgn'];
        const servers = limit + extra;
        const bad = edited(env, (e) => (e.sites[i].recovery.staging[0].servers = servers));
        expect(problemsOf(bad)).toContainEqual({
          path: `sites[${i}].recovery.staging[0].servers`,
          message: `${servers} servers exceed the ${env.service} limit of ${limit} replicating servers per account and region; spread them over at least ${Math.ceil(servers / limit)} staging accounts`,
        });
      }),
      { numRuns: RUNS },
    );
  });

  it('an account id that is not 12 digits', () => {
    const badId = fc.oneof(fc.stringMatching(/^\d{1,11}$/), fc.stringMatching(/^\d{13,14}$/), fc.constant('11111111111a'), fc.constant(''));
    fc.assert(
      fc.property(validEnvironment.chain((env) => fc.tuple(fc.constant(env), fc.constantFrom(...Object.keys(env.accounts)), badId)), ([env, alias, id]) => {
        const bad = edited(env, (e) => (e.accounts[alias].id = id));
        expect(problemsOf(bad)).toContainEqual({ path: `accounts.${alias}.id`, message: 'must be a 12-digit AWS account id, quoted in YAML ("012345678901")' });
      }),
      { numRuns: RUNS },
    );
  });

  it('an unknown key anywhere', () => {
    const places: [string, (e: Json, i: number) => Json][] = [
      ['', (e) => e],
      ['sites[#]', (e, i) => e.sites[i]],
      ['sites[#].source', (e, i) => e.sites[i].source],
      ['sites[#].recovery', (e, i) => e.sites[i].recovery],
      ['sites[#].recovery.staging[0]', (e, i) => e.sites[i].recovery.staging[0]],
      ['agentInstall', (e) => e.agentInstall],
    ];
    fc.assert(
      fc.property(withSite(() => fc.tuple(fc.constantFrom(...places), fc.constantFrom('replicaton', 'Name', 'cidr_block', 'extra'))), ([env, i, [[where, at], key]]) => {
        const bad = edited(env, (e) => {
          const node = at(e, i);
          fc.pre(!(key in node));
          node[key] = 'x';
        });
        const prefix = where.replace('#', String(i));
        expect(problemsOf(bad)).toContainEqual({ path: prefix ? `${prefix}.${key}` : key, message: expect.stringMatching(new RegExp(`^unknown key "${key}"; valid keys here: `)) });
      }),
      { numRuns: RUNS },
    );
  });

  it('a target while encryption is default', () => {
    fc.assert(
      fc.property(withSite(() => fc.constantFrom(...TARGET_ACCOUNTS)), ([env, i, target]) => {
        fc.pre(env.service === 'drs');
        const bad = edited(env, (e) => {
          e.replication = { ...e.replication, encryption: 'default' };
          e.sites[i].recovery.target = target;
          e.sites[i].recovery.targetCidr = `10.${200 + i}.0.0/16`;
        });
        expect(problemsOf(bad)).toContainEqual({
          path: `sites[${i}].recovery.target`,
          message: 'needs replication.encryption: cmk; with the default EBS key the target account cannot read the staging snapshots',
        });
      }),
      { numRuns: RUNS },
    );
  });

  it('a staging VPC of /24 or smaller, naming the minimum', () => {
    fc.assert(
      fc.property(withSite(() => fc.integer({ min: 24, max: 28 })), ([env, i, prefix]) => {
        const cidr = env.sites[i].recovery.staging[0].cidr.replace(/\/\d+$/, `/${prefix}`);
        const bad = edited(env, (e) => (e.sites[i].recovery.staging[0].cidr = cidr));
        expect(problemsOf(bad)).toContainEqual({
          path: `sites[${i}].recovery.staging[0].cidr`,
          message: `${cidr}: a staging VPC is too small to carve its staging, recovery and endpoint subnets in up to 3 AZs; the minimum is a /23 (use a prefix from /16 to /23)`,
        });
      }),
      { numRuns: RUNS },
    );
  });

  it('sites sharing a staging network with different CIDRs', () => {
    fc.assert(
      fc.property(validEnvironment, fc.nat({ max: STAGING_ACCOUNTS.length - 1 }), fc.nat({ max: REGIONS.length - 1 }), (env, account, region) => {
        // Point every site's first staging entry at one network; the last one names another CIDR.
        fc.pre(env.sites.length > 1 && env.sites.every((s: Json) => s.source.type !== 'aws' || s.source.region !== REGIONS[region]));
        const alias = STAGING_ACCOUNTS[account];
        const bad = edited(env, (e) => {
          e.sites.forEach((s: Json, k: number) => {
            s.recovery.region = REGIONS[region];
            delete s.recovery.availabilityZones;
            s.recovery.staging = [{ account: alias, cidr: k === e.sites.length - 1 ? '10.100.0.0/16' : '10.99.0.0/16', servers: 1 }];
          });
        });
        const last = env.sites.length - 1;
        expect(problemsOf(bad)).toContainEqual({
          path: `sites[${last}].recovery.staging[0].cidr`,
          message: `10.100.0.0/16 differs from 10.99.0.0/16 that site "site-0" gives the same staging account "${alias}" in ${REGIONS[region]}; sites sharing a staging account and region share one staging VPC, so use 10.99.0.0/16`,
        });
      }),
      { numRuns: 30 },
    );
  });

  it('duplicate site names', () => {
    fc.assert(
      fc.property(withSite(nothing), ([env, i]) => {
        fc.pre(i > 0);
        const bad = edited(env, (e) => (e.sites[i].name = e.sites[0].name));
        expect(problemsOf(bad)).toContainEqual({ path: `sites[${i}].name`, message: `"site-0" is already the name of sites[0]; site names must be unique` });
      }),
      { numRuns: 30 },
    );
  });
});
