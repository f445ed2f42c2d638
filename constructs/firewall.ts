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

export function allowIn(group: SecurityGroup, port: number, protocol: Protocol, peers: readonly Peer[], description: string): void {
  const securityGroupId = group.id;
  for (const peer of peers) {
    if ('cidr' in peer && (peer.cidr === '0.0.0.0/0' || peer.cidr === '::/0')) {
      throw new Error(`refusing ingress from ${peer.cidr} on ${group.node.id}`);
    }
    new VpcSecurityGroupIngressRule(group.node.scope as Construct, `${group.node.id}_in_${protocol}${port}_${peerKey(peer)}`, {
      securityGroupId,
      ipProtocol: protocol,
      fromPort: port,
      toPort: port,
      description,
      ...peerArgs(peer),
    });
  }
}

export function allowOut(group: SecurityGroup, port: number, protocol: Protocol, peers: readonly Peer[], description: string): void {
  const securityGroupId = group.id;
  for (const peer of peers) {
    new VpcSecurityGroupEgressRule(group.node.scope as Construct, `${group.node.id}_out_${protocol}${port}_${peerKey(peer)}`, {
      securityGroupId,
      ipProtocol: protocol,
      fromPort: port,
      toPort: port,
      description,
      ...peerArgs(peer),
    });
  }
}
