import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

interface LockEntry {
  version?: string;
  optional?: boolean;
  os?: string[];
  cpu?: string[];
  optionalDependencies?: Record<string, string>;
}

const lock = JSON.parse(readFileSync(new URL('../../../package-lock.json', import.meta.url), 'utf8')) as { packages: Record<string, LockEntry> };

describe('package-lock.json', () => {
  it('lists every chdb platform package, so `npm ci` accepts the lock on a fresh machine (scripts/lock-platform-packages.mjs)', () => {
    const chdb = lock.packages['node_modules/chdb'];
    expect(chdb?.optionalDependencies).toBeDefined();
    const platforms = Object.entries(chdb!.optionalDependencies!);
    expect(platforms.length).toBeGreaterThan(1);
    for (const [name, version] of platforms) {
      const entry = lock.packages[`node_modules/${name}`];
      expect(entry, `${name} is missing: run node scripts/lock-platform-packages.mjs`).toMatchObject({ version, optional: true });
      expect(entry!.os?.length, `${name} must be bound to its platform`).toBe(1);
      expect(entry!.cpu?.length, `${name} must be bound to its platform`).toBe(1);
    }
  });
});
