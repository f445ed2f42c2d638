// `npx jest -c jest.cdktn.config.js [tests]`: the jest configuration of package.json, with cdktf,
// constructs and @cdktf/provider-aws resolved to CDK Terrain (engines/cdktn) through
// scripts/engines.cjs, the one place that maps them. Tests that assert cdktf's own provider pin
// (source "aws", 6.25.0) or metadata version fail here by design; test/engines.test.ts is the
// comparison `npm test` runs.
const { jest: base } = require('./package.json');
const engines = require('./scripts/engines.cjs');

const absent = engines.missing('cdktn');
if (absent) throw new Error(absent);
module.exports = { ...base, rootDir: __dirname, moduleNameMapper: { ...base.moduleNameMapper, ...engines.jestModuleNameMapper('cdktn') } };
