import { describe, expect, it } from 'vitest';

import { detectAssumptionBreaks } from '../../../../orchestrator/collisions/assumption.js';
import { assumption, fileChange, session, T0 } from '../../../helpers/fleet-sessions.js';

const schemaStays = assumption({ id: 'span-a1', sessionId: 's-alice', text: 'the users table keeps its email column', subject: 'src/db/schema.ts' });

describe('detectAssumptionBreaks', () => {
  it("raises an alert when another agent changes the file an assumption is about, holder first, citing that agent's edits and the assumption", () => {
    const alice = session('alice', { assumptions: [schemaStays] });
    const bob = session('bob', { files: [fileChange('src/db/schema.ts', { linesAdded: 3, linesRemoved: 1 })] });

    const [breach, ...rest] = detectAssumptionBreaks([bob, alice]);

    expect(rest).toEqual([]);
    expect(breach).toMatchObject({
      kind: 'assumption',
      severity: 'warning',
      subject: 'src/db/schema.ts',
      files: ['src/db/schema.ts'],
      summary: 'bob changed src/db/schema.ts (+3 −1), the subject of alice\'s assumption "the users table keeps its email column"',
      evidence: {
        files: [{ path: 'src/db/schema.ts', changes: [{ sessionId: 's-bob', linesAdded: 3, linesRemoved: 1, edits: 1, lastEditMs: T0 + 2_000 }] }],
        assumption: { id: 'span-a1', text: 'the users table keeps its email column', subject: 'src/db/schema.ts' },
        spans: [
          { traceId: 'trace-bob', spanId: 'edit-src/db/schema.ts' },
          { traceId: 'trace-alice', spanId: 'span-a1' },
        ],
      },
    });
    expect(breach?.parties.map((p) => p.agentName)).toEqual(['alice', 'bob']);
  });

  it('matches files below a folder subject', () => {
    const alice = session('alice', { assumptions: [{ ...schemaStays, subject: 'src/db/' }] });
    const bob = session('bob', { files: ['src/db/schema.ts', 'src/db/pool.ts', 'src/dbx.ts'] });

    expect(detectAssumptionBreaks([alice, bob])[0]?.files).toEqual(['src/db/pool.ts', 'src/db/schema.ts']);
  });

  it('matches a symbol through the injected lookup, naming the file that defines it', () => {
    const alice = session('alice', { assumptions: [{ ...schemaStays, text: 'createUser takes an email', subject: 'createUser' }] });
    const bob = session('bob', { files: ['src/users.ts', 'src/other.ts'] });
    const lookups: string[] = [];
    const symbolDefinedIn = (symbol: string) => {
      lookups.push(symbol);
      return symbol === 'createUser' ? ['src/users.ts'] : [];
    };

    const [breach] = detectAssumptionBreaks([alice, bob], symbolDefinedIn);

    expect(breach?.subject).toBe('createUser');
    expect(breach?.files).toEqual(['src/users.ts']);
    expect(breach?.summary).toBe('bob changed src/users.ts (defines createUser, +10 −2), the subject of alice\'s assumption "createUser takes an email"');
    expect(lookups).toEqual(['createUser']);
  });

  it('without a lookup, treats a symbol subject as a path that nothing matches', () => {
    const alice = session('alice', { assumptions: [{ ...schemaStays, subject: 'createUser' }] });

    expect(detectAssumptionBreaks([alice, session('bob', { files: ['src/users.ts'] })])).toEqual([]);
  });

  it("ignores the holder's own changes, merged changes and assumptions without a subject", () => {
    const alice = session('alice', {
      files: ['src/db/schema.ts'],
      assumptions: [schemaStays, { ...schemaStays, id: 'span-a2', subject: undefined }],
    });
    const bob = session('bob', { files: [fileChange('src/db/schema.ts', { unmerged: false })] });

    expect(detectAssumptionBreaks([alice, bob])).toEqual([]);
  });

  it('speaks for a subject with its newest assumption, and shortens long texts in the summary only', () => {
    const long = 'x'.repeat(200);
    const alice = session('alice', {
      assumptions: [schemaStays, { ...schemaStays, id: 'span-a3', text: long, atMs: T0 + 900 }],
    });

    const breaches = detectAssumptionBreaks([alice, session('bob', { files: ['src/db/schema.ts'] })]);

    expect(breaches).toHaveLength(1);
    expect(breaches[0]?.evidence.assumption?.text).toBe(long);
    expect(breaches[0]?.summary).toContain(`"${'x'.repeat(79)}…"`);
  });

  it('names at most three files, then how many more', () => {
    const alice = session('alice', { assumptions: [{ ...schemaStays, subject: 'src' }] });
    const bob = session('bob', { files: ['src/a.ts', 'src/b.ts', 'src/c.ts', 'src/d.ts', 'src/e.ts'] });

    const [breach] = detectAssumptionBreaks([alice, bob]);

    expect(breach?.files).toHaveLength(5);
    expect(breach?.summary).toMatch(/^bob changed src\/a\.ts \(\+10 −2\), src\/b\.ts \(\+10 −2\), src\/c\.ts \(\+10 −2\) and 2 more, /);
  });

  it("cites the changer's hunks of each file where git has them", () => {
    const alice = session('alice', { assumptions: [{ ...schemaStays, subject: 'src' }] });
    const bob = session('bob', { files: ['src/a.ts', 'src/b.ts'] });
    const hunk = { oldStart: 7, oldLines: 1, newStart: 7, newLines: 1 };

    const [breach] = detectAssumptionBreaks([alice, bob], undefined, (sessionId, path) => (sessionId === 's-bob' && path === 'src/b.ts' ? { hunks: [hunk], omitted: 0 } : undefined));

    expect(breach?.evidence.files.map((f) => [f.path, f.changes?.map((c) => c.hunks)])).toEqual([
      ['src/a.ts', [undefined]],
      ['src/b.ts', [[hunk]]],
    ]);
  });
});
