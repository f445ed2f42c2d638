/**
 * Whether this runs in CI (CI set, and not "false" or "0"), where .ci/run installs every tool and
 * engine: a check that would skip locally fails there instead.
 */
export const isCI = !!process.env.CI && !['false', '0'].includes(process.env.CI);
