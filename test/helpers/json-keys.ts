/**
 * The key paths of a JSON document — `a.b`, `list[].c` — array elements
 * merged, sorted: what a test pins so that a `--json` output keeps its
 * shape. Below an `opaque` path (a map keyed by data, such as responses by
 * route, or a part another module owns) no keys are listed.
 */
export function jsonKeyPaths(document: unknown, opaque: readonly string[] = []): string[] {
  const paths = new Set<string>();
  const walk = (value: unknown, at: string): void => {
    if (Array.isArray(value)) {
      for (const element of value) walk(element, `${at}[]`);
      return;
    }
    if (value === null || typeof value !== 'object' || opaque.includes(at)) return;
    for (const [key, child] of Object.entries(value)) {
      const path = at === '' ? key : `${at}.${key}`;
      paths.add(path);
      walk(child, path);
    }
  };
  walk(document, '');
  return [...paths].sort();
}
