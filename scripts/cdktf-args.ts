/** Which `npm run cdktf` invocations run the app under cdktf-cli 0.21 (scripts/cdktf.ts checks the files first for those). */

/** cdktf-cli 0.21's commands (and aliases) that run the app first, unless told --skip-synth. */
const RUNS_THE_APP = new Set(['synth', 'synthesize', 'diff', 'plan', 'deploy', 'apply', 'destroy', 'list', 'output', 'outputs', 'watch']);

/**
 * Whether cdktf-cli would run this project's app (cdktf.json "app") for these arguments. The
 * command is the first argument that is no option, as for cdktf's own commands without global
 * options before them; help and version print without running anything; --skip-synth reads the
 * output already there; --app is another app, whose inputs are not ours to check. cdktf-cli reads
 * any option from a CDKTF_<OPTION> variable too, so CDKTF_APP and CDKTF_SKIP_SYNTH count.
 */
export function runsTheApp(args: readonly string[], env: NodeJS.ProcessEnv = process.env): boolean {
  const command = args.find((a) => !a.startsWith('-'));
  const given = (...names: string[]) => args.some((a) => names.some((n) => a === n || a.startsWith(`${n}=`)));
  if (!command || !RUNS_THE_APP.has(command)) return false;
  if (given('--help', '-h', '--version')) return false;
  if (args.includes('--skip-synth') || args.includes('--skip-synth=true') || env.CDKTF_SKIP_SYNTH === 'true') return false;
  return !given('--app', '-a') && !env.CDKTF_APP;
}
