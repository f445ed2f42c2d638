/** Issue 16, finding 6: any tag map survives the shell exactly as the JSON the AWS CLI parses. */
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { shellQuote } from '../stacks/mgn-commands';

test('shellQuote: bash hands the program exactly the quoted text, whatever the tags hold', () => {
  const text = fc.string({ unit: fc.constantFrom('a', ' ', "'", '"', ',', '=', '$', '`', '\\', '!', '{', '}', '\n', '*', 'é') });
  fc.assert(
    fc.property(fc.dictionary(text, text, { maxKeys: 4 }), (tags) => {
      const json = JSON.stringify(tags);
      const r = spawnSync('bash', ['-c', `printf %s ${shellQuote(json)}`], { encoding: 'utf8' });
      expect(r.stdout).toBe(json);
      expect(JSON.parse(r.stdout)).toEqual(tags);
    }),
    { numRuns: 60 },
  );
});
