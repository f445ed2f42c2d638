/**
 * Security group rules, one Terraform resource per rule so a plan shows exactly which range
 * gains which port. Rule ids are derived from the rule itself (port, protocol, peer), so adding
 * a range adds one resource and never renumbers the others.
 */
import { Construct } from 'constructs';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';

export type Protocol = 'tcp' | 'udp';

/** Where a rule points: address ranges, another group, or a managed prefix list (S3 gateway). */
export type Peer = { cidr: string } | { group: SecurityGroup; name: string } | { prefixList: string; name: string };

const peerKey = (peer: Peer) => ('cidr' in peer ? peer.cidr.replace(/[./]/g, '_') : peer.name);

/** A security group with no rules: Terraform removes AWS's default allow-all egress. */
export function securityGroup(scope: Construct, id: string, vpcId: string, name: string, description: string): SecurityGroup {
  return new SecurityGroup(scope, id, { vpcId, name, description, tags: { Name: name } });
}

function peerArgs(peer: Peer) {
  if ('cidr' in peer) return { cidrIpv4: peer.cidr };
  if ('group' in peer) return { referencedSecurityGroupId: peer.group.id };
  return { prefixListId: peer.prefixList };
}

const OPEN = ['0.0.0.0/0', '::/0'];

function allow(direction: 'in' | 'out', group: SecurityGroup, port: number, protocol: Protocol, peers: readonly Peer[], description: string): void {
  const Rule = direction === 'in' ? VpcSecurityGroupIngressRule : VpcSecurityGroupEgressRule;
  const securityGroupId = group.id;
  for (const peer of peers) {
    if (direction === 'in' && 'cidr' in peer && OPEN.includes(peer.cidr)) {
      throw new Error(`refusing ingress from ${peer.cidr} on ${group.node.id}`);
    }
    new Rule(group.node.scope as Construct, `${group.node.id}_${direction}_${protocol}${port}_${peerKey(peer)}`, {
      securityGroupId,
      ipProtocol: protocol,
      fromPort: port,
      toPort: port,
      description,
      ...peerArgs(peer),
    });
  }
}

/** Ingress on one port from each peer; never from anywhere (0.0.0.0/0, ::/0). */
export const allowIn = (group: SecurityGroup, port: number, protocol: Protocol, peers: readonly Peer[], description: string) =>
  allow('in', group, port, protocol, peers, description);

/** Egress on one port to each peer. */
export const allowOut = (group: SecurityGroup, port: number, protocol: Protocol, peers: readonly Peer[], description: string) =>
  allow('out', group, port, protocol, peers, description);
