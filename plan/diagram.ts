/**
 * An environment plan as a Mermaid flowchart: one subgraph per account and region (and one for
 * on premises), nodes for source VPCs and on-prem ranges, staging VPCs with their endpoints,
 * inbound resolvers, target VPCs and on-prem gateways, and edges for peering, on-prem routes,
 * replication (TCP 1500), DNS forwarding and recovery into target accounts.
 *
 * Pure and deterministic: the same plan always gives the same text. Node ids are a kind prefix
 * plus names made of [a-z0-9_] (aliases, regions, site names, gateway ids), so they are Mermaid-safe
 * (never a keyword such as `end`, never starting with o/x after an arrow) and unique; every
 * label is quoted.
 */
import { DNS_PORT, REPLICATION_PORT } from '../catalog/network';
import type { EnvironmentPlan, NetworkPlan, StackPlan, StagingPlan } from './types';
import { failbackEdges } from './failback-diagram';

export type NodeShape = 'box' | 'round' | 'hexagon' | 'cylinder';
export type NodeKind = 'source' | 'onprem' | 'staging' | 'resolver' | 'target' | 'gateway';

export interface DiagramNode {
  readonly id: string;
  readonly label: readonly string[];
  readonly kind: NodeKind;
  /** Id of the subgraph that holds it; none for gateways (they belong to the network team). */
  readonly group?: string;
}

export interface DiagramGroup {
  readonly id: string;
  readonly label: string;
}

export type EdgeStyle = 'both' | 'arrow' | 'dotted' | 'line';

export interface DiagramEdge {
  readonly from: string;
  readonly to: string;
  readonly style: EdgeStyle;
  readonly label?: string;
}

export interface Diagram {
  readonly title: string;
  readonly groups: readonly DiagramGroup[];
  readonly nodes: readonly DiagramNode[];
  readonly edges: readonly DiagramEdge[];
}

/** [a-z0-9_] only: every other character becomes "_". Inputs here never contain "_", so this is injective. */
export const safeId = (...parts: string[]): string => parts.join('_').toLowerCase().replace(/[^a-z0-9_]/g, '_');

/** Aliases, regions and site names are unique in their kind, so each id names one thing. */
export const ids = {
  group: (alias: string, region: string) => safeId('grp', alias, region),
  onpremGroup: 'grp_onprem',
  source: (site: string) => safeId('src', site),
  onprem: (site: string) => safeId('onp', site),
  staging: (alias: string, region: string) => safeId('stg', alias, region),
  resolver: (alias: string, region: string) => safeId('res', alias, region),
  target: (site: string) => safeId('tgt', site),
  gateway: (gatewayId: string) => safeId('gw', gatewayId),
};

const stagingId = (s: { stack: StackPlan }) => ids.staging(s.stack.account.alias, s.stack.region);
const resolverId = (s: { stack: StackPlan }) => ids.resolver(s.stack.account.alias, s.stack.region);

interface OnPremSite {
  readonly site: string;
  readonly cidrs: string[];
  /** Gateway id -> kind. */
  readonly gateways: Map<string, 'tgw' | 'vgw'>;
}

/** Which gateway carries a range of an on-prem site in a network: its transit gateway route, or the VPN gateway. */
function gatewayOf(network: NetworkPlan, cidr: string): { id: string; kind: 'tgw' | 'vgw' } | undefined {
  const tgw = network.onPrem?.transitGatewayRoutes.find((r) => r.cidr === cidr);
  if (tgw) return { id: tgw.transitGatewayId, kind: 'tgw' };
  return network.onPrem?.vpnGatewayId ? { id: network.onPrem.vpnGatewayId, kind: 'vgw' } : undefined;
}

function onPremSites(plan: EnvironmentPlan): OnPremSite[] {
  const aws = new Set(plan.sources.map((s) => s.site));
  const sites = new Map<string, OnPremSite>();
  for (const network of [...plan.stagings.map((s) => s.network), ...plan.targets.map((t) => t.network)]) {
    for (const range of network.sourceRanges) {
      if (aws.has(range.site)) continue;
      let site = sites.get(range.site);
      if (!site) sites.set(range.site, (site = { site: range.site, cidrs: [], gateways: new Map() }));
      if (!site.cidrs.includes(range.cidr)) site.cidrs.push(range.cidr);
      const gw = gatewayOf(network, range.cidr);
      if (gw) site.gateways.set(gw.id, gw.kind);
    }
  }
  return [...sites.values()];
}

function endpointNames(plan: EnvironmentPlan, s3Interface: boolean): string {
  return [plan.env.service.id, 'ec2', ...(s3Interface ? ['s3'] : []), 's3 gateway'].join(', ');
}

export function environmentDiagram(plan: EnvironmentPlan): Diagram {
  const groups = new Map<string, DiagramGroup>();
  const nodes: DiagramNode[] = [];
  const edges: DiagramEdge[] = [];
  const group = (alias: string, accountId: string, region: string): string => {
    const id = ids.group(alias, region);
    if (!groups.has(id)) groups.set(id, { id, label: `${alias} ${accountId} in ${region}` });
    return id;
  };
  const service = plan.env.service;

  // On premises first: the left edge of the picture.
  const onprem = onPremSites(plan);
  if (onprem.length) groups.set(ids.onpremGroup, { id: ids.onpremGroup, label: 'on premises' });
  for (const site of onprem) {
    nodes.push({ id: ids.onprem(site.site), kind: 'onprem', group: ids.onpremGroup, label: [`${site.site} (on premises)`, site.cidrs.join(', ')] });
  }
  for (const source of plan.sources) {
    const g = group(source.stack.account.alias, source.stack.account.id, source.stack.region);
    const vpc = source.adopted ? `adopted VPC ${source.adopted.vpcId}` : 'source VPC';
    nodes.push({ id: ids.source(source.site), kind: 'source', group: g, label: [`${source.site} ${vpc}`, source.cidr] });
  }

  const limit = service.maxServersPerAccountRegion;
  for (const staging of plan.stagings) {
    const { stack } = staging;
    const g = group(stack.account.alias, stack.account.id, stack.region);
    nodes.push({
      id: stagingId(staging),
      kind: 'staging',
      group: g,
      label: [
        `staging VPC ${staging.network.cidr}`,
        staging.reverse?.only ? `failback of: ${staging.reverse.sites.join(', ')}` : `sites: ${staging.sites.join(', ')}`,
        `${staging.servers}/${limit} ${service.id} servers, ${staging.replication.encryption === 'cmk' ? 'CMK' : 'default key'}`,
        `endpoints: ${endpointNames(plan, plan.env.agentInstall.s3InterfaceEndpoint)}`,
      ],
    });
    if (staging.resolverAddresses.length) {
      nodes.push({ id: resolverId(staging), kind: 'resolver', group: g, label: ['inbound resolver', staging.resolverAddresses.join(', ')] });
      edges.push({ from: stagingId(staging), to: resolverId(staging), style: 'line' });
    }
  }
  for (const target of plan.targets) {
    const { stack } = target;
    const g = group(stack.account.alias, stack.account.id, stack.region);
    nodes.push({
      id: ids.target(target.site),
      kind: 'target',
      group: g,
      label: [`${target.site} target VPC ${target.network.cidr}`, `endpoints: ${endpointNames(plan, false)}`],
    });
  }

  // Gateways on premises: one node each, outside any account (the network team owns them).
  const gateways = new Map<string, 'tgw' | 'vgw'>();
  for (const site of onprem) for (const [id, kind] of site.gateways) gateways.set(id, kind);
  for (const [id, kind] of gateways) {
    nodes.push({ id: ids.gateway(id), kind: 'gateway', label: [kind === 'tgw' ? 'transit gateway' : 'VPN gateway', id] });
  }
  for (const site of onprem) {
    for (const [id, kind] of site.gateways) {
      edges.push({ from: ids.onprem(site.site), to: ids.gateway(id), style: 'both', label: kind === 'tgw' ? 'TGW attachment' : 'VPN' });
    }
  }

  // Peering between each AWS source VPC and its staging and target VPCs.
  for (const peering of plan.peerings) {
    const to = peering.peer.kind === 'staging' ? stagingId(peering.peer) : ids.target(peering.site);
    edges.push({ from: ids.source(peering.site), to, style: 'both', label: 'peering' });
  }

  // Routes home from staging and target VPCs to on-prem gateways.
  const routesHome = (from: string, network: NetworkPlan) => {
    const seen = new Set<string>();
    for (const range of network.sourceRanges) {
      const gw = gatewayOf(network, range.cidr);
      if (!gw || !onprem.some((s) => s.site === range.site)) continue;
      const key = `${gw.id} ${gw.kind === 'tgw' ? range.cidr : ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      edges.push({ from, to: ids.gateway(gw.id), style: 'arrow', label: gw.kind === 'tgw' ? `TGW route ${range.cidr}` : 'VGW route propagation' });
    }
  };
  for (const staging of plan.stagings) routesHome(stagingId(staging), staging.network);
  for (const target of plan.targets) routesHome(ids.target(target.site), target.network);

  // Replication from every site into each of its staging VPCs, and DNS forwarding from on premises.
  const siteNode = (site: string) => (plan.sources.some((s) => s.site === site) ? ids.source(site) : ids.onprem(site));
  for (const staging of plan.stagings) {
    for (const site of staging.sites) {
      edges.push({ from: siteNode(site), to: stagingId(staging), style: 'dotted', label: `replication TCP ${REPLICATION_PORT}` });
    }
  }
  for (const staging of plan.stagings) {
    if (!staging.resolverAddresses.length) continue;
    for (const site of stagingOnPremSites(staging, onprem)) {
      edges.push({ from: ids.onprem(site), to: resolverId(staging), style: 'dotted', label: `DNS forwarding ${DNS_PORT}` });
    }
  }

  // Drills and recoveries launch in the target account from each staging account's replicated data.
  for (const target of plan.targets) {
    for (const account of target.stagingAccounts) {
      const staging = plan.stagings.find((s) => s.stack.account.alias === account.alias && s.stack.region === target.stack.region);
      if (staging) edges.push({ from: stagingId(staging), to: ids.target(target.site), style: 'dotted', label: 'recovery' });
    }
  }

  edges.push(...failbackEdges(plan, { staging: ids.staging, target: ids.target, onprem: ids.onprem }));

  return { title: `${plan.env.name} (${service.id})`, groups: [...groups.values()], nodes, edges };
}

function stagingOnPremSites(staging: StagingPlan, onprem: readonly OnPremSite[]): string[] {
  return staging.sites.filter((site) => onprem.some((s) => s.site === site));
}

/** A label as Mermaid reads it inside double quotes. */
export function mermaidText(text: string): string {
  return text.replace(/&/g, '#amp;').replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
}

const SHAPES: Record<NodeKind, [string, string]> = {
  source: ['[', ']'],
  onprem: ['[(', ')]'],
  staging: ['[', ']'],
  resolver: ['([', '])'],
  target: ['[', ']'],
  gateway: ['{{', '}}'],
};

const ARROWS: Record<EdgeStyle, string> = { both: '<-->', arrow: '-->', dotted: '-.->', line: '---' };

const CLASSES: Record<NodeKind, string> = {
  source: 'fill:#e8f1fb,stroke:#2f6db5',
  onprem: 'fill:#f3f3f3,stroke:#555',
  staging: 'fill:#fff4e0,stroke:#c27c0e',
  resolver: 'fill:#f0e8fb,stroke:#6b3fb5',
  target: 'fill:#e6f6ea,stroke:#2e8b4a',
  gateway: 'fill:#fdecec,stroke:#b53f3f',
};

/** The diagram as Mermaid flowchart text (no code fence). */
export function renderMermaid(diagram: Diagram): string {
  const node = (n: DiagramNode, indent: string) => {
    const [open, close] = SHAPES[n.kind];
    return `${indent}${n.id}${open}"${n.label.map(mermaidText).join('<br/>')}"${close}`;
  };
  const lines = [`%% private-dr: ${mermaidText(diagram.title)}`, 'flowchart LR'];
  for (const g of diagram.groups) {
    lines.push(`  subgraph ${g.id}["${mermaidText(g.label)}"]`);
    for (const n of diagram.nodes.filter((x) => x.group === g.id)) lines.push(node(n, '    '));
    lines.push('  end');
  }
  for (const n of diagram.nodes.filter((x) => x.group === undefined)) lines.push(node(n, '  '));
  for (const e of diagram.edges) {
    lines.push(`  ${e.from} ${ARROWS[e.style]}${e.label ? `|"${mermaidText(e.label)}"|` : ''} ${e.to}`);
  }
  for (const kind of Object.keys(CLASSES) as NodeKind[]) {
    const members = diagram.nodes.filter((n) => n.kind === kind).map((n) => n.id);
    if (!members.length) continue;
    lines.push(`  classDef ${kind} ${CLASSES[kind]}`);
    lines.push(`  class ${members.join(',')} ${kind}`);
  }
  return `${lines.join('\n')}\n`;
}

export function planDiagram(plan: EnvironmentPlan): string {
  return renderMermaid(environmentDiagram(plan));
}

/** A Markdown document with one ```mermaid block per environment. */
export function diagramMarkdown(plans: readonly EnvironmentPlan[]): string {
  const sections = plans.map((plan) => [`## ${plan.env.name}`, '', '```mermaid', planDiagram(plan).trimEnd(), '```'].join('\n'));
  return `${['# private-dr environments', '', 'Generated by `npm run diagram`; do not edit by hand.', '', sections.join('\n\n')].join('\n')}\n`;
}
