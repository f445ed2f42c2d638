/**
 * The stacks of planned environments as rows for people (an aligned table) and machines (JSON for
 * CI matrices), and grouped in deploy waves. Pure functions: scripts/stacks.ts does the I/O.
 *
 * The JSON shape is a contract (.github/workflows/private-dr.yml reads name, account, accountId,
 * region, roleArn, dependsOn and purpose): add fields, never rename them.
 */
import type { EnvironmentPlan, StackPurpose } from './types';

export interface StackRow {
  readonly name: string;
  readonly env: string;
  readonly purpose: StackPurpose;
  /** Account alias. */
  readonly account: string;
  readonly accountId: string;
  readonly region: string;
  /** Role the stack's provider assumes; null means ambient credentials. */
  readonly roleArn: string | null;
  /** Peering stacks only: the accepter side. */
  readonly peerAccount?: string;
  readonly peerAccountId?: string;
  readonly peerRegion?: string;
  readonly peerRoleArn?: string | null;
  /** Stacks applied before this one (their outputs are read through remote state). */
  readonly dependsOn: readonly string[];
  /** Terraform working directory, relative to the repository: <outdir>/stacks/<name>. */
  readonly dir: string;
}

export const DEFAULT_OUTDIR = 'cdktf.out';

/** Every stack of each plan, in deploy order (each plan's order; plans one after another). */
export function stackRows(plans: readonly EnvironmentPlan[], outdir: string = DEFAULT_OUTDIR): StackRow[] {
  const base = outdir.replace(/\\/g, '/').replace(/\/+$/, '') || '.';
  return plans.flatMap((plan) =>
    plan.stacks.map((stack): StackRow => ({
      name: stack.name,
      env: plan.env.name,
      purpose: stack.purpose,
      account: stack.account.alias,
      accountId: stack.account.id,
      region: stack.region,
      roleArn: stack.account.roleArn ?? null,
      ...(stack.peer
        ? {
            peerAccount: stack.peer.account.alias,
            peerAccountId: stack.peer.account.id,
            peerRegion: stack.peer.region,
            peerRoleArn: stack.peer.account.roleArn ?? null,
          }
        : {}),
      dependsOn: [...stack.dependsOn],
      dir: `${base}/stacks/${stack.name}`,
    })),
  );
}

/**
 * Deploy waves: wave 1 holds the stacks that depend on nothing, wave n+1 those whose
 * dependencies are all in waves 1..n. Stacks of one wave can be applied in parallel; the order
 * inside a wave is deploy order. A dependency outside the rows, or a cycle, is an error.
 */
export function deployWaves(rows: readonly StackRow[]): StackRow[][] {
  const byName = new Map(rows.map((r) => [r.name, r]));
  const wave = new Map<string, number>();
  const visiting = new Set<string>();
  const depth = (row: StackRow): number => {
    const known = wave.get(row.name);
    if (known !== undefined) return known;
    if (visiting.has(row.name)) throw new Error(`stack dependencies form a cycle through ${row.name}`);
    visiting.add(row.name);
    let w = 0;
    for (const dep of row.dependsOn) {
      const upstream = byName.get(dep);
      if (!upstream) throw new Error(`stack ${row.name} depends on ${dep}, which is not listed`);
      w = Math.max(w, depth(upstream) + 1);
    }
    visiting.delete(row.name);
    wave.set(row.name, w);
    return w;
  };
  const waves: StackRow[][] = [];
  for (const row of rows) (waves[depth(row)] ??= []).push(row);
  return waves.filter((w) => w !== undefined);
}

/** Left-aligned columns separated by two spaces, with a header; no trailing spaces. */
export function alignedTable(header: readonly string[], body: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), ...body.map(line)].join('\n');
}

const HEADER = ['STACK', 'ENV', 'PURPOSE', 'ACCOUNT', 'REGION', 'PEER', 'DEPENDS ON'];

function cells(row: StackRow): string[] {
  return [
    row.name,
    row.env,
    row.purpose,
    `${row.account} (${row.accountId})`,
    row.region,
    row.peerAccount ? `${row.peerAccount} (${row.peerAccountId}) ${row.peerRegion}` : '-',
    row.dependsOn.length ? row.dependsOn.join(', ') : '-',
  ];
}

export function formatStackTable(rows: readonly StackRow[]): string {
  return alignedTable(HEADER, rows.map(cells));
}

/** The table with a WAVE column, wave by wave. */
export function formatWaveTable(waves: readonly (readonly StackRow[])[]): string {
  return alignedTable(
    ['WAVE', ...HEADER],
    waves.flatMap((rows, i) => rows.map((row) => [String(i + 1), ...cells(row)])),
  );
}

/** Waves as JSON: [{ wave: 1, stacks: [row, ...] }, ...]. */
export function wavesJson(waves: readonly (readonly StackRow[])[]): { wave: number; stacks: readonly StackRow[] }[] {
  return waves.map((stacks, i) => ({ wave: i + 1, stacks }));
}
