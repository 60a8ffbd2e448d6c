import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffLineCounts } from '../../../agent-shim/claude/line-diff.js';
import { tempDir } from '../../helpers/temp-dir.js';

/** `git diff --no-index --numstat` as the reference: what a reviewer sees. */
function gitNumstat(before: string, after: string): { added: number; removed: number } {
  const dir = tempDir();
  writeFileSync(path.join(dir, 'a'), before);
  writeFileSync(path.join(dir, 'b'), after);
  let output = '';
  try {
    execFileSync('git', ['diff', '--no-index', '--numstat', '--diff-algorithm=myers', 'a', 'b'], { cwd: dir, encoding: 'utf8' });
  } catch (error) {
    output = String((error as { stdout?: string }).stdout); // exit code 1: the files differ
  }
  const [added = '0', removed = '0'] = output.trim().split(/\s+/);
  return { added: Number(added), removed: Number(removed) };
}

/** Deterministic pseudo-random newline-terminated texts made of a few distinct lines (so that they share many). */
function randomText(seed: number, lines: number): string {
  let x = seed;
  const next = () => (x = (x * 1_103_515_245 + 12_345) % 2 ** 31);
  return Array.from({ length: lines }, () => `line ${next() % 7}\n`).join('');
}

describe('the line diff used for file.edit line counts', () => {
  it('counts what git diff --numstat counts, on random edits', () => {
    for (let seed = 1; seed <= 25; seed++) {
      const before = randomText(seed, 5 + (seed % 30));
      const after = randomText(seed * 7919, 3 + (seed % 40));
      expect(diffLineCounts(before, after), `seed ${seed}`).toEqual(gitNumstat(before, after));
    }
  });

  it('counts an empty side as all lines added or removed', () => {
    expect(diffLineCounts('', 'a\nb\n')).toEqual({ added: 2, removed: 0 });
    expect(diffLineCounts('a\nb\n', '')).toEqual({ added: 0, removed: 2 });
    expect(diffLineCounts('same\n', 'same\n')).toEqual({ added: 0, removed: 0 });
  });
});
