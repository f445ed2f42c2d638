/**
 * On-prem DNS forwarding to the Route 53 Resolver inbound endpoints, as text a network team
 * reviews and pastes: BIND (ISC) and Windows DNS Server (Microsoft). Pure functions: the
 * resolver addresses are fixed at synthesis (net/layout.ts), so the same text is a file in
 * cdktf.out/dns/ and a Terraform output.
 */

/** Zones on-prem resolvers forward to the inbound resolver. */
export function forwardedZones(serviceId: string, region: string): string[] {
  return [`${serviceId}.${region}.amazonaws.com`, `ec2.${region}.amazonaws.com`, `${region}.vpce.amazonaws.com`];
}

/**
 * The `validate-except` clause for named.conf's `options { }` (or the view holding the zones).
 * BIND validates DNSSEC by default (`dnssec-validation auto`, ISC BIND 9 ARM); a forwarded
 * answer is validated like any other, which needs the DS chain from the root. A resolver with no
 * path to the root then answers SERVFAIL for every forwarded name (seen with named 9.18; the
 * live-named test proves both sides). `validate-except` (BIND 9.13+) treats exactly these
 * zones as insecure; the Route 53 Resolver answers for them are unsigned anyway.
 */
export function bindValidateExcept(zones: readonly string[]): string {
  return `validate-except { ${zones.map((z) => `"${z}";`).join(' ')} };`;
}

/**
 * The zones of a region are the same for every environment, and one DNS server (or BIND view) can
 * declare each zone once (BIND: "zone ... already exists"; Windows: the zone exists). Static text,
 * so a staging stack's outputs never change because another environment file was added; synthesis
 * names the actual files when several environments share a region (stacks/dns-files.ts).
 */
export const SHARED_ZONES_NOTE: readonly string[] = [
  'Load one forwarding file per region on a DNS server (or view): each zone may be declared once. Other environments',
  'with sites in this region write files forwarding the same zones to their own inbound resolvers (cdktf.out/dns/',
  '<env>-<region>.*; synthesis warns). A DNS server serving sites of several environments loads only one of them, and',
  "all its clients then reach that environment's endpoints in its staging VPCs; give each site a DNS server of its own.",
];

/** Forward-only zones (no fallback to the root: a public answer would bypass the endpoints). */
export function bindForwarders(zones: readonly string[], addresses: readonly string[], port?: number): string {
  const to = addresses.map((a) => `${a}${port ? ` port ${port}` : ''};`).join(' ');
  return zones.map((z) => `zone "${z}" { type forward; forward only; forwarders { ${to} }; };`).join('\n');
}

/** The BIND file: how to include it, the options clause it needs, then the zones. */
export function bindForwarderFile(title: string, zones: readonly string[], addresses: readonly string[]): string {
  return [
    `// ${title}`,
    '// 1. Include this file from named.conf (top level, or inside the view that serves the source servers):',
    '//      include "/etc/bind/<this file>";',
    '// 2. Add this to options { } (or to that view); without it a resolver that cannot reach the DNS root',
    '//    answers SERVFAIL for these zones, because BIND validates DNSSEC by default (dnssec-validation auto):',
    `//      ${bindValidateExcept(zones)}`,
    ...SHARED_ZONES_NOTE.map((l) => `// ${l}`),
    bindForwarders(zones, addresses),
    '',
  ].join('\n');
}

/**
 * Windows DNS Server. Add-DnsServerConditionalForwarderZone has two parameter sets (Microsoft
 * docs, DnsServer module): the Active Directory-integrated one (-ReplicationScope
 * Forest|Domain|Legacy|Custom; only on a domain controller, stored in AD and replicated to the DNS
 * servers of that scope) and the file-backed one (no -ReplicationScope; this server only).
 * -ReplicationScope on a standalone server fails, and "Forest" on a DC silently reaches every
 * DNS server of the forest: the script makes the operator choose.
 */
export function windowsForwarders(zones: readonly string[], addresses: readonly string[]): string {
  const masters = addresses.join(',');
  return [
    '# Save as a .ps1 file (synthesis writes it as cdktf.out/dns/<env>-<region>.ps1) and run it in PowerShell as',
    '# Administrator on the DNS server with one scope, e.g. .\\<env>-<region>.ps1 -Scope Standalone:',
    '#   -Scope Standalone : a DNS server that is not a domain controller; the zones live on this server only:',
    '#                       run it on every DNS server the source servers use.',
    '#   -Scope Domain     : on a domain controller; stored in Active Directory and replicated to the DNS servers',
    '#                       on all domain controllers of this domain. Run once per domain.',
    '#   -Scope Forest     : on a domain controller; replicated to the DNS servers on all domain controllers of',
    '#                       the forest. Run once per forest.',
    "param([Parameter(Mandatory = $true)][ValidateSet('Standalone', 'Domain', 'Forest')][string]$Scope)",
    "$ErrorActionPreference = 'Stop'",
    `foreach ($zone in @(${zones.map((z) => `'${z}'`).join(', ')})) {`,
    `  if ($Scope -eq 'Standalone') { Add-DnsServerConditionalForwarderZone -Name $zone -MasterServers ${masters} }`,
    `  else { Add-DnsServerConditionalForwarderZone -Name $zone -MasterServers ${masters} -ReplicationScope $Scope }`,
    '}',
  ].join('\n');
}

export function windowsForwarderFile(title: string, zones: readonly string[], addresses: readonly string[]): string {
  // param() must be the first statement of a script: the title goes in a comment after it would
  // be invalid, so it is a comment before it (comments may precede param).
  return [`# ${title}`, ...SHARED_ZONES_NOTE.map((l) => `# ${l}`), windowsForwarders(zones, addresses), ''].join('\n');
}
