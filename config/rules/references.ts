/** Names that must exist and names that must be unique. */
import type { Environment } from '../schema';
import { Problem, excerpt, problem } from '../problems';

export function referenceRules(env: Environment): Problem[] {
  const out: Problem[] = [];
  const aliases = Object.keys(env.accounts);
  const known = (alias: string, path: (string | number)[]) => {
    if (!Object.hasOwn(env.accounts, alias)) {
      out.push(problem(path, `account alias ${excerpt(alias)} is not defined under accounts; defined: ${aliases.join(', ') || '(none)'}`));
    }
  };

  const firstSite = new Map<string, number>();
  env.sites.forEach((site, i) => {
    const earlier = firstSite.get(site.name);
    if (earlier !== undefined) out.push(problem(['sites', i, 'name'], `"${site.name}" is already the name of sites[${earlier}]; site names must be unique`));
    else firstSite.set(site.name, i);

    if (site.source.type === 'aws') known(site.source.account, ['sites', i, 'source', 'account']);
    const seen = new Map<string, number>();
    site.recovery.staging.forEach((entry, j) => {
      known(entry.account, ['sites', i, 'recovery', 'staging', j, 'account']);
      const dup = seen.get(entry.account);
      if (dup !== undefined) {
        out.push(problem(['sites', i, 'recovery', 'staging', j, 'account'], `${excerpt(entry.account)} is already staging[${dup}] of this site; list each staging account once and add up its servers`));
      } else seen.set(entry.account, j);
    });
    const target = site.recovery.target;
    if (target !== undefined) {
      known(target, ['sites', i, 'recovery', 'target']);
      if (seen.has(target)) {
        out.push(problem(['sites', i, 'recovery', 'target'], `${excerpt(target)} is also a staging account of this site; the target must be a separate account that recovers from the staging accounts`));
      }
    }
  });

  const accountIds = new Map<string, string>();
  for (const [alias, account] of Object.entries(env.accounts)) {
    const other = accountIds.get(account.id);
    if (other) out.push(problem(['accounts', alias, 'id'], `${account.id} is already the id of "${other}"; give each account one alias`));
    else accountIds.set(account.id, alias);
  }
  return out;
}
