// Test-only fault injection for a spawned command (`node --require test/support/fs-fault.js ...`);
// the app never loads it. PRIVATE_DR_TEST_FS_FAULT is JSON:
//   { "op": "writeFileSync", "match": ".synth-", "nth": 2, "action": "SIGKILL" | "ENOSPC" | ... }
// The nth call of fs[op] whose first argument contains `match` kills the process there (SIGKILL),
// or fails like the system call would (an Error with that errno code, syscall and path).
'use strict';
const fs = require('node:fs');

const spec = JSON.parse(process.env.PRIVATE_DR_TEST_FS_FAULT || 'null');
if (spec) {
  const original = fs[spec.op];
  let seen = 0;
  fs[spec.op] = function faulty(...args) {
    const target = String(args[0]);
    if (target.includes(spec.match) && ++seen === (spec.nth || 1)) {
      if (spec.action === 'SIGKILL') process.kill(process.pid, 'SIGKILL');
      const syscall = { writeFileSync: 'open', mkdirSync: 'mkdir', renameSync: 'rename', openSync: 'open' }[spec.op] || spec.op;
      const error = new Error(`${spec.action}: injected by the test, ${syscall} '${target}'`);
      Object.assign(error, { code: spec.action, syscall, path: target, errno: -1 });
      throw error;
    }
    return original.apply(this, args);
  };
}
