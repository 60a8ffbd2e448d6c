import { describe, expect, it } from 'vitest';
import { conflictRegions } from '../../../../orchestrator/git/conflict-markers.js';
import { oldLinesBefore } from '../../../../orchestrator/git/hunk-line-map.js';

describe('conflictRegions', () => {
  const OURS = 'a'.repeat(40);
  const THEIRS = 'b'.repeat(40);

  it('finds regions by their labels, with a path suffix and CRLF line ends', () => {
    const text = [
      'keep',
      `<<<<<<< ${OURS}`,
      'ours',
      '=======',
      'theirs 1',
      'theirs 2',
      `>>>>>>> ${THEIRS}`,
      'keep',
      `<<<<<<< ${OURS}:src/renamed.ts\r`,
      '=======\r',
      'theirs only\r',
      `>>>>>>> ${THEIRS}:src/old.ts\r`,
      '',
    ].join('\n');
    expect(conflictRegions(text, OURS, THEIRS)).toEqual([
      { openLine: 2, separatorLine: 4, closeLine: 7 },
      { openLine: 9, separatorLine: 10, closeLine: 12 },
    ]);
  });

  it('treats markers with other labels (a recursive merge base, text in the file) as content', () => {
    const text = [
      `<<<<<<< ${OURS}`,
      '<<<<<<< Temporary merge branch 1',
      'x',
      '>>>>>>> Temporary merge branch 2',
      '=======',
      '======= not a separator',
      `>>>>>>> ${THEIRS}`,
      `<<<<<<< ${OURS}`,
      'never closed',
    ].join('\n');
    expect(conflictRegions(text, OURS, THEIRS)).toEqual([{ openLine: 1, separatorLine: 5, closeLine: 7 }]);
  });
});

describe('oldLinesBefore', () => {
  // old: a b c d e   new: a X b d e Y   (X inserted after 1, c deleted, Y appended)
  const hunks = [
    { oldStart: 1, oldLines: 0, newStart: 2, newLines: 1 },
    { oldStart: 3, oldLines: 1, newStart: 3, newLines: 0 },
    { oldStart: 5, oldLines: 0, newStart: 6, newLines: 1 },
  ];

  it('maps unchanged lines to their old line numbers', () => {
    // a → 1, b → 2, d → 4, e → 5: old line = lines before + 1.
    expect([1, 3, 4, 5].map((line) => oldLinesBefore(hunks, line) + 1)).toEqual([1, 2, 4, 5]);
  });

  it('places an added line after the old lines before its hunk', () => {
    expect(oldLinesBefore(hunks, 2)).toBe(1);
    expect(oldLinesBefore(hunks, 6)).toBe(5);
    // A replacement hunk: new lines 2–3 replaced old lines 2–4.
    expect(oldLinesBefore([{ oldStart: 2, oldLines: 3, newStart: 2, newLines: 2 }], 3)).toBe(1);
    expect(oldLinesBefore([], 7)).toBe(6);
  });
});
