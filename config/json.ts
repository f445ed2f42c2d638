/**
 * A fast path for environment files written as JSON (generated ones, usually): JSON.parse,
 * which costs a fraction of loading and running the YAML parser. JSON.parse keeps the last of
 * duplicate keys silently, so a document with one is left to the YAML parser, which refuses it
 * with a line and column, as it does any JSON.parse failure.
 */

/** Parsed data, or undefined when the text needs the YAML parser (not JSON, or a duplicate key). */
export function parseStrictJson(text: string): { data: unknown } | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  return hasDuplicateKey(text) ? undefined : { data };
}

/** Scans valid JSON for an object that repeats a key. */
export function hasDuplicateKey(text: string): boolean {
  const scopes: (Set<string> | null)[] = []; // a Set per open object, null per open array
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let end = i + 1;
      while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      const keys = scopes[scopes.length - 1];
      if (expectKey && keys) {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        if (keys.has(key)) return true;
        keys.add(key);
        expectKey = false;
      }
      i = end;
    } else if (c === '{') {
      scopes.push(new Set());
      expectKey = true;
    } else if (c === '[') {
      scopes.push(null);
    } else if (c === '}' || c === ']') {
      scopes.pop();
    } else if (c === ',') {
      expectKey = scopes[scopes.length - 1] !== null && scopes.length > 0;
    }
  }
  return false;
}
