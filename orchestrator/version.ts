import { readFileSync } from 'node:fs';

/**
 * The package version from package.json. The module runs both compiled
 * (dist/orchestrator/) and from source under vitest (orchestrator/), so the
 * file is looked up one and two levels up.
 */
export const VERSION: string = (() => {
  for (const relative of ['../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(relative, import.meta.url), 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === 'agentfleet' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // not this level
    }
  }
  return '0.0.0';
})();
