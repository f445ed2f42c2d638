/**
 * Tags replication servers and staging disks carry (staging_area_tags / --staging-area-tags).
 * The environment's own tags come first and win: a user's `Environment` tag is kept, never
 * replaced by the environment name. Only the private-dr: key is ours.
 */
import type { EnvContext } from '../plan/types';

export function stagingAreaTags(env: EnvContext, stagingStack: string): Record<string, string> {
  return { Environment: env.name, ...env.tags, 'private-dr:staging': stagingStack };
}
