import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { changedHunks, fileAt } from '../../../orchestrator/git/changed-hunks.js';
import { commitAll, makeGitFleet, numberedLines, replaceLines, writeFiles } from '../../helpers/git-fleet.js';
import { gitIn } from '../../helpers/shim-cli.js';

const BASE = numberedLines(30);

describe('changedHunks', () => {
  it('lists each changed file with its status and the hunks of a zero-context diff', async () => {
    const fleet = makeGitFleet({ 'src/db.ts': BASE, 'src/old name.ts': numberedLines(20, 'moved'), 'gone.ts': 'gone\n', 'link.ts': 'was a file\n' });
    const repoDir = path.join(fleet.repo, '.git');
    const from = gitIn(fleet.repo, 'rev-parse', 'HEAD');
    // Two hunks: line 3 replaced by two lines, lines 20–21 deleted.
    writeFiles(fleet.repo, { 'src/db.ts': replaceLines(replaceLines(BASE, 20, 21, []), 3, 3, ['new 3', 'new 3b']), 'gone.ts': null, 'added.ts': 'x\ny\n' });
    writeFiles(fleet.repo, { 'blob.bin': '\0\x01binary', 'link.ts': null });
    symlinkSync('src/db.ts', path.join(fleet.repo, 'link.ts'));
    gitIn(fleet.repo, 'mv', 'src/old name.ts', 'src/new name.ts');
    writeFiles(fleet.repo, { 'src/new name.ts': numberedLines(20, 'moved') + 'appended\n' });
    const to = commitAll(fleet.repo, 'changes');

    const changes = await changedHunks(repoDir, from, to);

    expect(changes).toEqual([
      { path: 'added.ts', status: 'added', binary: false, hunks: [{ oldStart: 0, oldLines: 0, newStart: 1, newLines: 2 }] },
      { path: 'blob.bin', status: 'added', binary: true, hunks: [] },
      { path: 'gone.ts', status: 'deleted', binary: false, hunks: [{ oldStart: 1, oldLines: 1, newStart: 0, newLines: 0 }] },
      {
        path: 'link.ts',
        status: 'type-changed',
        binary: false,
        hunks: [
          { oldStart: 1, oldLines: 1, newStart: 0, newLines: 0 },
          { oldStart: 0, oldLines: 0, newStart: 1, newLines: 1 },
        ],
      },
      {
        path: 'src/db.ts',
        status: 'modified',
        binary: false,
        hunks: [
          { oldStart: 3, oldLines: 1, newStart: 3, newLines: 2 },
          { oldStart: 20, oldLines: 2, newStart: 20, newLines: 0 },
        ],
      },
      { path: 'src/new name.ts', oldPath: 'src/old name.ts', status: 'renamed', binary: false, hunks: [{ oldStart: 20, oldLines: 0, newStart: 21, newLines: 1 }] },
    ]);
    expect((await changedHunks(repoDir, from, to, ['src/db.ts', 'gone.ts'])).map((c) => c.path)).toEqual(['gone.ts', 'src/db.ts']);
    expect(await changedHunks(repoDir, from, to, [])).toEqual([]);
    // Without rename pairing, the move is a deletion and an addition.
    expect((await changedHunks(repoDir, from, to, undefined, { renames: false })).filter((c) => c.path.includes('name')).map((c) => [c.path, c.status])).toEqual([
      ['src/new name.ts', 'added'],
      ['src/old name.ts', 'deleted'],
    ]);
  });

  it('reads a file as it is in a commit, and nothing where it is absent', async () => {
    const fleet = makeGitFleet({ 'src/a.ts': 'export const a = 1;\n' });
    const repoDir = path.join(fleet.repo, '.git');
    const first = gitIn(fleet.repo, 'rev-parse', 'HEAD');
    writeFiles(fleet.repo, { 'src/a.ts': 'export const a = 2;\n' });
    const second = commitAll(fleet.repo, 'a = 2');

    expect(await fileAt(repoDir, first, 'src/a.ts')).toBe('export const a = 1;\n');
    expect(await fileAt(repoDir, second, 'src/a.ts')).toBe('export const a = 2;\n');
    expect(await fileAt(repoDir, second, 'src/missing.ts')).toBeUndefined();
    expect(await fileAt(repoDir, second, 'src')).toBeUndefined();
  });
});
