/**
 * Issue 16, finding 5: two environment files with on-prem sites in the same region each write a
 * forwarder file for the same zones. One DNS server cannot load both (BIND: "zone ... already
 * exists"); synthesis must say so, naming the files, and the files must say it too. Synthesized
 * the way `npm run synth` does it for envs/ (planFiles, then synthesize).
 */
import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { planFiles } from '../plan/plan-files';
import { synthesize } from '../stacks/synthesize';
import { tempDir } from './support/synth';
import { requireTools, run } from './support/tools';

/** An on-prem site behind a transit gateway recovering into eu-west-3, in an account of its own. */
function tgwEnv(name: string, account: string, cidr: string, onPrem: string): Record<string, unknown> {
  return {
    name,
    accounts: { staging: { id: account } },
    sites: [
      {
        name: 'dc',
        source: { type: 'onprem', cidrs: [onPrem], dnsServers: [onPrem.replace(/0\.0\/16$/, '10.10')], transitGatewayId: 'tgw-0123456789abcdef0' },
        recovery: { region: 'eu-west-3', staging: [{ account: 'staging', cidr, servers: 40 }] },
      },
    ],
    agentInstall: { principals: ['arn:aws:iam::111111111111:role/DRInstallers'] },
  };
}

const envDir = tempDir('private-dr-envs-');
const write = (env: Record<string, unknown>) => {
  const file = path.join(envDir, `${env.name as string}.yaml`);
  fs.writeFileSync(file, stringify(env));
  return file;
};
const tgwa = write(tgwEnv('tgwa', '222222222222', '10.1.0.0/16', '192.168.0.0/16'));
const tgwb = write(tgwEnv('tgwb', '444444444444', '10.2.0.0/16', '192.169.0.0/16'));

function synth(files: string[]): { outdir: string; lines: string[] } {
  const outdir = path.join(tempDir(), 'cdktf.out');
  const lines: string[] = [];
  synthesize(outdir, planFiles(files), (line) => lines.push(line));
  return { outdir, lines };
}

const both = synth([tgwa, tgwb]);
const named = (env: string) => path.join(both.outdir, 'dns', `${env}-eu-west-3.named.conf`);

describe('two environments forwarding the same region', () => {
  test('synthesis prints one warning for the region, naming both files, the shared zones and what to do', () => {
    const warnings = both.lines.filter((l) => l.startsWith('WARNING: DNS forwarders'));
    expect(warnings).toEqual([
      `WARNING: DNS forwarders for eu-west-3 from 2 environments: ${named('tgwa')}, ${named('tgwb')} (and each .ps1) all declare ` +
        'drs.eu-west-3.amazonaws.com, ec2.eu-west-3.amazonaws.com, eu-west-3.vpce.amazonaws.com, each forwarding to its own ' +
        `environment's inbound resolvers. One DNS server (or BIND view) can load only one of them (BIND: "zone ... already exists"). ` +
        "The sites reach different staging VPCs: give each site's source servers a DNS server that loads its own environment's file. " +
        "A DNS server serving sites of several of these environments loads only one file, and all its clients then resolve these zones to that environment's endpoints " +
        '(tgwa: tgwa-staging-staging-eu-west-3; tgwb: tgwb-staging-staging-eu-west-3), which the other sites must be able to reach.',
    ]);
  });

  test('one environment alone synthesizes without the warning', () => {
    expect(synth([tgwa]).lines.filter((l) => l.includes('DNS forwarders'))).toEqual([]);
  });

  test("each generated file's header says that other environments' files for the region declare the same zones", () => {
    for (const env of ['tgwa', 'tgwb']) {
      for (const [ext, mark] of [['named.conf', '//'], ['ps1', '#']]) {
        const text = fs.readFileSync(path.join(both.outdir, 'dns', `${env}-eu-west-3.${ext}`), 'utf8');
        expect(text).toContain(`${mark} Load one forwarding file per region on a DNS server (or view): each zone may be declared once.`);
        expect(text).toContain(`${mark} all its clients then reach that environment's endpoints in its staging VPCs; give each site a DNS server of its own.`);
      }
    }
  });

  const tools = requireTools(['named-checkconf'], 'bind9-utils');
  (tools ? test : test.skip)('named-checkconf accepts each file alone and refuses both in one server', () => {
    const check = (files: string[]) => {
      const conf = path.join(envDir, `check-${files.length}-${path.basename(files[0])}`);
      fs.writeFileSync(conf, files.map((f) => `include "${f}";\n`).join(''));
      return run(tools!['named-checkconf'], [conf]);
    };
    expect(check([named('tgwa')])).toEqual({ code: 0, out: '' });
    expect(check([named('tgwb')])).toEqual({ code: 0, out: '' });
    const together = check([named('tgwa'), named('tgwb')]);
    expect(together.code).not.toBe(0);
    expect(together.out).toMatch(/zone 'drs\.eu-west-3\.amazonaws\.com': already exists/);
  });
});
