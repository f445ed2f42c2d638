/**
 * What no key or string of an environment file may hold, whatever its field: checked once, on
 * the parsed data, before the schema, so a field added later is covered without a line here.
 *
 * - Terraform template sequences. Terraform reads every JSON string of a configuration as a
 *   template ("${ ... }" interpolation, "%{ ... }" directives; JSON object keys too), see
 *   https://developer.hashicorp.com/terraform/language/syntax/json#expression-mapping, so a tag
 *   value '${file("/etc/hostname")}' would be evaluated at plan time. Escaping ($${, %%{) is right
 *   where Terraform evaluates (tags, terraform_remote_state config) but wrong where it does not:
 *   backend blocks cannot use expressions at all and take JSON strings verbatim
 *   (https://developer.hashicorp.com/terraform/language/backend: "A backend block cannot refer
 *   to named values"), so an escaped bucket or key would differ between the backend block and
 *   the remote-state readers. No field of the contract needs either sequence, so the one rule
 *   for every field is to refuse them, with the field's path. (private-dr's own text with IAM
 *   variables is escaped by constructs/policy.ts terraformLiteral.)
 * - Keys that name a member of Object.prototype ("__proto__", "constructor", "toString",
 *   "hasOwnProperty", ...): "__proto__" would set an object's prototype and be dropped, and zod's
 *   plain-object check reads `.constructor`, so such a mapping would be misread. Refused, with
 *   the key's path, rather than silently lost or confused with what every object inherits.
 * - Control characters (escape sequences, NUL, tabs) in a key or value: no field needs one, AWS
 *   refuses them in names and tags, and a terminal would obey them.
 * - Nesting deeper than any valid file needs, so that nothing after this recurses without bound.
 */
import { PathPart, Problem, excerpt, problem } from './problems';

/** A valid file nests at most 7 levels (sites[0].recovery.staging[0].cidr); room to spare. */
export const MAX_DEPTH = 32;

const TEMPLATE = /[$%]\{/;

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

const RESERVED_KEYS = new Set(Object.getOwnPropertyNames(Object.prototype));

function textProblem(path: PathPart[], text: string, what: string): Problem | undefined {
  const control = CONTROL.exec(text);
  if (control) return problem(path, `${what} ${excerpt(text)} contains the control character U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}; no field accepts control characters: remove it`);
  if (!TEMPLATE.test(text)) return undefined;
  const found = TEMPLATE.exec(text)![0];
  return problem(
    path,
    `${what} ${excerpt(text)} contains "${found}", which Terraform would evaluate as a template (it can read local files and the environment at plan time); ` +
      'private-dr passes no Terraform syntax through, so no field accepts "${" or "%{": remove it',
  );
}

/**
 * The problems of `data`, and a copy of it in which every mapping is an object with no
 * prototype: keys such as "constructor" or "toString" are then plain data to every reader
 * (zod's own plain-object check looks at `.constructor`), and nothing can reach Object.prototype.
 * `tooDeep`: the walk stopped at the depth limit, and nothing else may walk the data.
 */
export function untrustedDataProblems(data: unknown): { problems: Problem[]; tooDeep: boolean; data: unknown } {
  const out: Problem[] = [];
  const root: { value?: unknown } = {};
  // Iterative, so that no document can exhaust the call stack here.
  const stack: { value: unknown; path: PathPart[]; put: (copy: unknown) => void }[] = [{ value: data, path: [], put: (c) => (root.value = c) }];
  while (stack.length) {
    const { value, path, put } = stack.pop()!;
    if (typeof value === 'string') {
      const bad = textProblem(path, value, 'the value');
      if (bad) out.push(bad);
      put(value);
      continue;
    }
    if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value) || value instanceof Date) {
      put(value);
      continue;
    }
    if (path.length >= MAX_DEPTH) {
      return { problems: [problem(path.slice(0, 3), `the file nests deeper than ${MAX_DEPTH} levels; a valid environment file needs at most 7`)], tooDeep: true, data: undefined };
    }
    if (Array.isArray(value)) {
      const copy: unknown[] = new Array(value.length);
      put(copy);
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], path: [...path, i], put: (c) => (copy[i] = c) });
      continue;
    }
    const copy = Object.create(null) as Record<string, unknown>;
    put(copy);
    const keys = Object.keys(value);
    const children: typeof stack = [];
    for (const key of keys) {
      if (RESERVED_KEYS.has(key)) {
        out.push(problem([...path, key], `"${key}" is a name every JavaScript object already has (Object.prototype), so it cannot be read as a key of your data: rename it`));
        continue;
      }
      const bad = textProblem([...path, key], key, 'the key');
      if (bad) out.push(bad);
      children.push({ value: (value as Record<string, unknown>)[key], path: [...path, key], put: (c) => (copy[key] = c) });
    }
    stack.push(...children.reverse());
  }
  return { problems: out, tooDeep: false, data: root.value };
}
