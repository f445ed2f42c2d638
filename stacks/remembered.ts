/**
 * A pure function of a string, remembered per string: the levers that classify or convert object
 * keys (stacks/fast-resolve.ts, stacks/cdktf-util.ts) see a few hundred distinct keys thousands
 * of times in a synthesis. At most MAX_REMEMBERED results are kept (a long test run may see more
 * keys than one synthesis); past that the memory starts again.
 */
const MAX_REMEMBERED = 100_000;

export function remembered<T>(compute: (key: string) => T): (key: string) => T {
  const results = new Map<string, T>();
  return (key) => {
    if (results.has(key)) return results.get(key) as T;
    const result = compute(key);
    if (results.size >= MAX_REMEMBERED) results.clear();
    results.set(key, result);
    return result;
  };
}
