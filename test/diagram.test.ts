/** npm run diagram: the environment as a Mermaid flowchart, deterministic and well-formed. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { loadEnvironment } from '../config/load';
import { diagramMarkdown, environmentDiagram, mermaidText, planDiagram, safeId } from '../plan/diagram';
import { planEnvironment } from '../plan/plan';
import { SCENARIOS, tempDir } from './support/synth';

const ROOT = path.resolve(__dirname, '..');
const EXAMPLE = path.join(ROOT, 'envs', 'example.yaml');
const plan = (file: string) => planEnvironment(loadEnvironment(file));

/**
 * An offline check of the flowchart subset we emit (no Mermaid parser for flowcharts runs in
 * node without a browser): every line is a known statement, ids are safe and declared once,
 * every edge and class statement names declared nodes, subgraph/end balance, labels are quoted.
 */
function lintFlowchart(text: string): { nodes: Set<string>; subgraphs: Set<string>; edges: [string, string, string, string][] } {
  const ID = '([A-Za-z][A-Za-z0-9_]*)';
  const LABEL = '"([^"]*)"';
  const shapes = [`\\[${LABEL}\\]`, `\\[\\(${LABEL}\\)\\]`, `\\(\\[${LABEL}\\]\\)`, `\\{\\{${LABEL}\\}\\}`];
  const nodeRe = new RegExp(`^\\s*${ID}(?:${shapes.join('|')})$`);
  const subgraphRe = new RegExp(`^\\s*subgraph ${ID}\\[${LABEL}\\]$`);
  const edgeRe = new RegExp(`^\\s*${ID} (<-->|-->|-\\.->|---|-\\.-)(?:\\|${LABEL}\\|)? ${ID}$`);
  const classDefRe = /^\s*classDef ([a-z]+) ([a-z-]+:[#\w]+(,[a-z-]+:[#\w]+)*)$/;
  const classRe = new RegExp(`^\\s*class ([A-Za-z0-9_,]+) ([a-z]+)$`);
  const nodes = new Set<string>();
  const subgraphs = new Set<string>();
  const classes = new Set<string>();
  const edges: [string, string, string, string][] = [];
  const pendingClass: [string[], string][] = [];
  let depth = 0;
  const lines = text.trimEnd().split('\n');
  expect(lines.filter((l) => !l.startsWith('%%'))[0]).toBe('flowchart LR');
  for (const line of lines) {
    if (line === 'flowchart LR' || line.startsWith('%%')) continue;
    let m: RegExpMatchArray | null;
    if ((m = line.match(subgraphRe))) {
      expect(subgraphs.has(m[1]) || nodes.has(m[1])).toBe(false);
      subgraphs.add(m[1]);
      depth++;
    } else if (line.trim() === 'end') {
      depth--;
      expect(depth).toBeGreaterThanOrEqual(0);
    } else if ((m = line.match(nodeRe))) {
      const id = m[1];
      expect(nodes.has(id) || subgraphs.has(id)).toBe(false);
      expect(id).not.toMatch(/^(end|subgraph|graph|flowchart|class|classDef|style|click)$/i);
      nodes.add(id);
    } else if ((m = line.match(edgeRe))) {
      edges.push([m[1], m[2], m[3] ?? '', m[4]]);
    } else if ((m = line.match(classDefRe))) {
      classes.add(m[1]);
    } else if ((m = line.match(classRe))) {
      pendingClass.push([m[1].split(','), m[2]]);
    } else {
      throw new Error(`not a flowchart statement this lint knows: ${JSON.stringify(line)}`);
    }
  }
  expect(depth).toBe(0);
  for (const [from, , , to] of edges) {
    expect(nodes).toContain(from);
    expect(nodes).toContain(to);
  }
  for (const [members, cls] of pendingClass) {
    expect(classes).toContain(cls);
    for (const id of members) expect(nodes).toContain(id);
  }
  // Labels never carry raw quotes or angle brackets other than <br/>.
  for (const label of text.match(/"[^"\n]*"/g) ?? []) expect(label.replace(/<br\/>/g, '')).not.toMatch(/[<>]/);
  return { nodes, subgraphs, edges };
}

describe('diagram of envs/example.yaml', () => {
  const text = planDiagram(plan(EXAMPLE));
  const { nodes, subgraphs, edges } = lintFlowchart(text);
  const has = (from: string, arrow: string, label: string, to: string) => expect(edges).toContainEqual([from, arrow, label, to]);

  it('is the same text every time', () => {
    expect(planDiagram(plan(EXAMPLE))).toBe(text);
    expect(text.endsWith('\n')).toBe(true);
  });

  it('has a subgraph per account and region, plus on premises', () => {
    expect([...subgraphs]).toEqual([
      'grp_onprem',
      'grp_workloads_eu_west_1',
      'grp_staging_a_eu_west_2',
      'grp_staging_b_eu_west_2',
      'grp_staging_a_us_east_1',
      'grp_recovery_eu_west_2',
    ]);
    expect(text).toContain('subgraph grp_staging_a_eu_west_2["staging-a 222222222222 in eu-west-2"]');
  });

  it('has source, on-prem, staging, resolver, target and gateway nodes with their details', () => {
    expect([...nodes].sort()).toEqual(
      [
        'onp_paris_dc',
        'src_dublin',
        'stg_staging_a_eu_west_2',
        'stg_staging_b_eu_west_2',
        'stg_workloads_eu_west_1',
        'stg_staging_a_us_east_1',
        'res_staging_a_us_east_1',
        'tgt_dublin',
        'gw_tgw_0123456789abcdef0',
      ].sort(),
    );
    expect(text).toContain('src_dublin["dublin source VPC<br/>172.16.0.0/16"]');
    expect(text).toContain('onp_paris_dc[("paris-dc (on premises)<br/>192.168.0.0/16")]');
    expect(text).toContain('stg_staging_a_eu_west_2["staging VPC 10.0.0.0/16<br/>sites: dublin<br/>250/300 drs servers, CMK<br/>endpoints: drs, ec2, s3, s3 gateway"]');
    expect(text).toContain('res_staging_a_us_east_1(["inbound resolver<br/>10.1.192.4, 10.1.200.4"])');
    expect(text).toContain('tgt_dublin["dublin target VPC 10.9.0.0/16<br/>endpoints: drs, ec2, s3 gateway"]');
    expect(text).toContain('gw_tgw_0123456789abcdef0{{"transit gateway<br/>tgw-0123456789abcdef0"}}');
  });

  it('draws peering, routes home, replication, DNS forwarding and recovery', () => {
    has('src_dublin', '<-->', 'peering', 'stg_staging_a_eu_west_2');
    has('src_dublin', '<-->', 'peering', 'stg_staging_b_eu_west_2');
    has('src_dublin', '<-->', 'peering', 'tgt_dublin');
    has('src_dublin', '-.->', 'replication TCP 1500', 'stg_staging_a_eu_west_2');
    has('src_dublin', '-.->', 'replication TCP 1500', 'stg_staging_b_eu_west_2');
    has('onp_paris_dc', '-.->', 'replication TCP 1500', 'stg_staging_a_us_east_1');
    has('onp_paris_dc', '<-->', 'TGW attachment', 'gw_tgw_0123456789abcdef0');
    has('stg_staging_a_us_east_1', '-->', 'TGW route 192.168.0.0/16', 'gw_tgw_0123456789abcdef0');
    has('onp_paris_dc', '-.->', 'DNS forwarding 53', 'res_staging_a_us_east_1');
    has('stg_staging_a_eu_west_2', '-.->', 'recovery', 'tgt_dublin');
    has('stg_staging_b_eu_west_2', '-.->', 'recovery', 'tgt_dublin');
    expect(edges.filter(([, , label]) => label === 'peering')).toHaveLength(3);
  });

  it('writes Markdown with a mermaid block per environment through --out', () => {
    const out = path.join(tempDir('private-dr-diagram-'), 'docs', 'env.md');
    const env = { ...process.env };
    delete env.DR_ENV;
    execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'run.cjs'), path.join(ROOT, 'scripts', 'diagram.ts'), '--out', out, EXAMPLE], { cwd: ROOT, env, stdio: 'pipe' });
    const md = fs.readFileSync(out, 'utf8');
    expect(md).toBe(diagramMarkdown([plan(EXAMPLE)]));
    expect(md).toContain(`## example\n\n\`\`\`mermaid\n${text}\`\`\`\n`);
  });
});

describe('diagrams of the test scenarios', () => {
  const files = fs.readdirSync(SCENARIOS).filter((f) => f.endsWith('.yaml')).sort();

  it.each(files)('%s is a well-formed flowchart', (file) => {
    const p = plan(path.join(SCENARIOS, file));
    const { nodes, edges } = lintFlowchart(planDiagram(p));
    expect(nodes.size).toBeGreaterThan(0);
    // Every staging VPC receives replication, and every AWS site is peered with each of its staging VPCs.
    const d = environmentDiagram(p);
    for (const n of d.nodes.filter((x) => x.kind === 'staging')) expect(edges.some(([, , label, to]) => to === n.id && label.endsWith('replication TCP 1500'))).toBe(true);
    expect(edges.filter(([, , label]) => label === 'peering')).toHaveLength(p.peerings.length);
  });

  it('draws VPN gateway sites with route propagation and MGN endpoints', () => {
    const vgw = planDiagram(plan(path.join(SCENARIOS, 'onprem-vgw.yaml')));
    expect(vgw).toMatch(/-->\|"VGW route propagation"\| gw_vgw_[0-9a-f]+/);
    expect(vgw).toMatch(/gw_vgw_[0-9a-f]+\{\{"VPN gateway<br\/>vgw-/);
    expect(planDiagram(plan(path.join(SCENARIOS, 'mgn.yaml')))).toContain('endpoints: mgn, ec2');
  });
});

describe('ids and labels', () => {
  it('keeps ids to [a-z0-9_] and escapes what would end or break a quoted label', () => {
    expect(safeId('stg', 'staging-a', 'eu-west-2')).toBe('stg_staging_a_eu_west_2');
    expect(mermaidText('a "b" <c> & d')).toBe('a #quot;b#quot; #lt;c#gt; #amp; d');
  });
});
