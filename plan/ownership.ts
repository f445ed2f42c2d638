/**
 * Who owns what is shared between stacks, chosen from stable keys and never from position in the
 * file: a resource that moves between stacks is destroyed in one state and created in another.
 *
 * - An account's IAM roles (global names) belong to its staging stack with the smallest name,
 *   i.e. its alphabetically first recovery region (forward staging stacks before reverse-only
 *   ones, so turning failback on or off never moves them); a source account's cross-account roles to its
 *   source stack with the smallest name (alphabetically first site).
 * - A site's service zone association belongs to its peering with the alphabetically first
 *   staging account alias (a source VPC takes one private hosted zone per name).
 * - Lists that become resource bodies (key policy statements, role lists) are sorted by account id.
 */
import type { AccountRef, StackPlan } from './types';

/**
 * For each key, the name of the smallest-named stack among the plans with that key, preferring
 * plans that satisfy `preferred` over those that do not.
 */
export function ownersByKey<T extends { readonly stack: StackPlan }>(
  plans: readonly T[],
  key: (plan: T) => string,
  preferred: (plan: T) => boolean = () => true,
): Map<string, string> {
  const owners = new Map<string, { name: string; preferred: boolean }>();
  for (const plan of plans) {
    const k = key(plan);
    const candidate = { name: plan.stack.name, preferred: preferred(plan) };
    const current = owners.get(k);
    const better = !current || (candidate.preferred !== current.preferred ? candidate.preferred : candidate.name < current.name);
    if (better) owners.set(k, candidate);
  }
  return new Map([...owners].map(([k, v]) => [k, v.name]));
}

/** Accounts once each, ordered by id. */
export function accountsById(accounts: readonly AccountRef[]): AccountRef[] {
  const byId = new Map<string, AccountRef>();
  for (const a of accounts) if (!byId.has(a.id)) byId.set(a.id, a);
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The staging account alias whose peering shares the service zone with the site's source VPC. */
export function zoneStagingAlias(stagingAliases: readonly string[]): string {
  return [...stagingAliases].sort()[0];
}
