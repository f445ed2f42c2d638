/**
 * One staging account in one recovery region: the isolated staging VPC with its endpoints, the
 * private hosted zone for the service name, replication servers' security group, the way home
 * to on-prem sources and their DNS, the account's DR identity, and the replication template.
 */
import { dependable } from 'cdktf';
import type { Construct } from 'constructs';
import { InboundResolver, reserveResolverAddresses } from '../constructs/inbound-resolver';
import { OnPremRoutes } from '../constructs/on-prem-routes';
import { PrivateVpc } from '../constructs/private-vpc';
import { ReplicationServers, drsReplicationTemplate } from '../constructs/replication-servers';
import { ServiceEndpoints } from '../constructs/service-endpoints';
import { ServiceZone } from '../constructs/service-zone';
import { ReplicationTemplateTags } from '../constructs/replication-template-tags';
import { importExisting } from '../constructs/import-existing';
import { AgentInstallRole } from '../constructs/identity/agent-install-role';
import { StagingAccountRole, stagingAccountRoleName } from '../constructs/identity/staging-account-role';
import { StagingKey } from '../constructs/identity/staging-key';
import { DrsInitialization, DrsServiceRoles } from '../constructs/identity/drs-initialization';
import { StagingCrossAccountRoles } from '../constructs/identity/cross-account';
import type { EnvContext, StagingPlan } from '../plan/types';
import { DrStack } from './dr-stack';
import { networkOutputs, onPremOutputs } from './outputs';
import { agentKitOutputs } from './agent-kit-outputs';
import { stagingAreaTags } from './staging-tags';
import { recoveryLaunch } from './launch-outputs';
import { recoveryFailback } from './failback-outputs';

export class StagingStack extends DrStack {
  readonly network: PrivateVpc;
  readonly endpoints: ServiceEndpoints;
  readonly serviceZone: ServiceZone;
  readonly resolver?: InboundResolver;
  readonly onPremRoutes?: OnPremRoutes;

  constructor(scope: Construct, readonly staging: StagingPlan, env: EnvContext) {
    super(scope, staging.stack, env);
    const { stack, network: net } = staging;
    const region = stack.region;
    const accountId = stack.account.id;
    const name = `${env.name}-${env.service.id}-staging`;

    this.network = new PrivateVpc(this, 'network', { name, cidr: net.cidr, subnets: net.subnets });
    const reservations = reserveResolverAddresses(this, this.network);
    const serverSubnets = [...this.network.subnetCidrs('staging'), ...this.network.subnetCidrs('recovery')];
    const sourceCidrs = [...new Set(net.sourceRanges.map((r) => r.cidr))];
    // Reverse replication (failback): recovered instances of other regions are this network's sources too.
    const reverseCidrs = (staging.reverse?.ranges ?? []).map((r) => r.cidr).filter((c) => !sourceCidrs.includes(c));
    this.endpoints = new ServiceEndpoints(this, 'endpoints', {
      name,
      network: this.network,
      region,
      service: env.service,
      clients: [...sourceCidrs, ...serverSubnets, ...reverseCidrs],
      s3Interface: env.agentInstall.s3InterfaceEndpoint,
      serviceDns: 'zone',
      after: reservations,
    });
    this.serviceZone = new ServiceZone(this, 'service_zone', { serviceId: env.service.id, region, vpcId: this.network.vpc.id, endpoint: this.endpoints.service });
    const replication = new ReplicationServers(this, 'replication', { name, vpcId: this.network.vpc.id, sourceCidrs: [...sourceCidrs, ...reverseCidrs], endpoints: this.endpoints });

    if (net.onPrem) this.onPremRoutes = new OnPremRoutes(this, 'on_prem', { name, network: this.network, routing: net.onPrem, after: reservations });
    if (staging.dnsClients.length) {
      this.resolver = new InboundResolver(this, 'inbound_resolver', { name, network: this.network, clients: staging.dnsClients, addresses: staging.resolverAddresses });
    }

    // A reverse-only network (failback) has no sites installing agents: recovered instances
    // replicate back with the agent they have, so no installation role or install kit.
    const installsAgents = staging.sites.length > 0;
    const stagingRoles: StagingAccountRole[] = [];
    if (staging.accountIdentity) {
      if (installsAgents) {
        new AgentInstallRole(this, 'agent_installation', {
          envName: env.name,
          service: env.service,
          principals: env.agentInstall.principals,
          sessionSeconds: env.agentInstall.sessionSeconds,
        });
      }
      for (const target of staging.accountIdentity.targets) {
        stagingRoles.push(new StagingAccountRole(this, `staging_account_role_${target.id}`, { targetAccountId: target.id }));
      }
      if (env.service.id === 'drs') {
        for (const source of staging.accountIdentity.crossAccountSources) {
          new StagingCrossAccountRoles(this, `cross_account_${source.id}`, { sourceId: source.id, stagingId: accountId });
        }
      }
    }

    const key =
      staging.replication.encryption === 'cmk'
        ? new StagingKey(this, 'replication_key', {
            name: `${name}-${region}`,
            accountId,
            region,
            targets: staging.targets.map((account) => ({
              account,
              stagingRoleArn: `arn:aws:iam::${accountId}:role/service-role/${stagingAccountRoleName(account.id)}`,
            })),
          })
        : undefined;
    if (key && stagingRoles.length) {
      // The key policy names the staging-account roles; KMS refuses principals that do not exist yet.
      key.key.dependsOn = stagingRoles.map((r) => dependable(r.role));
    }

    let init: DrsInitialization | undefined;
    if (env.service.id === 'drs') {
      const initialize = staging.replication.initializeService;
      const serviceRoles = staging.accountIdentity?.initializeService ? new DrsServiceRoles(this, 'drs_service_roles', { accountId }) : undefined;
      init = initialize ? new DrsInitialization(this, 'drs_initialization', { account: stack.account, region, after: serviceRoles?.roles }) : undefined;
      const stagingTags = stagingAreaTags(env, stack.name);
      const template = drsReplicationTemplate(this, 'replication_template', {
        stagingSubnetId: this.network.subnets('staging')[0].id,
        securityGroupId: replication.securityGroup.id,
        replication: staging.replication,
        ...(key ? { kmsKeyArn: key.key.arn } : {}),
        stagingTags,
        ...(init ? { dependsOn: [init.resource] } : {}),
      });
      if (staging.existingTemplateId) importExisting(template, staging.existingTemplateId);
      new ReplicationTemplateTags(this, 'replication_template_tags', { account: stack.account, region, templateId: template.id, tags: stagingTags });
    }

    const failback = recoveryFailback(this, staging, env, name, this.network, this.endpoints);
    networkOutputs(this, this.network, this.endpoints);
    this.output('service_zone_id', this.serviceZone.zone.zoneId, `Private hosted zone ${this.serviceZone.apiName}, associated with peered source VPCs`);
    this.output('replication_security_group_id', replication.securityGroup.id, 'Security group of the replication servers');
    if (key) this.output('replication_key_arn', key.key.arn, 'Customer managed key of replication volumes and snapshots');
    if (this.resolver) this.output('inbound_resolver_id', this.resolver.endpoint.id, 'Route 53 Resolver inbound endpoint');
    if (this.onPremRoutes) onPremOutputs(this, this.onPremRoutes, net.cidr);
    if (installsAgents) agentKitOutputs(this, { staging, env, endpoints: this.endpoints, network: this.network, replicationSecurityGroupId: replication.securityGroup.id, ...(key ? { kmsKeyArn: key.key.arn } : {}) });
    recoveryLaunch(this, {
      name,
      network: this.network,
      endpoints: this.endpoints,
      ...(failback?.securityGroup ? { extraSecurityGroupIds: [failback.securityGroup.id] } : {}),
      ...(init ? { after: [init.resource] } : {}),
    });
  }
}
