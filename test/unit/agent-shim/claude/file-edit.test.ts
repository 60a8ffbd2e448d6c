import { describe, expect, it } from 'vitest';
import { editedPath, fileEditFacts, repoRelativePath } from '../../../../agent-shim/claude/file-edit.js';
import { MISSING_FILE, contentHash, type FileSnapshot } from '../../../../agent-shim/claude/file-snapshot.js';

const file = (content: string): FileSnapshot => ({ exists: true, hash: contentHash(content), content });

describe('file edit facts', () => {
  it('reads the path from file_path or notebook_path, relative to the cwd', () => {
    expect(editedPath({ file_path: 'src/a.ts' }, '/repo')).toBe('/repo/src/a.ts');
    expect(editedPath({ notebook_path: '/repo/n.ipynb' }, '/elsewhere')).toBe('/repo/n.ipynb');
    expect(editedPath({ content: 'x' }, '/repo')).toBeUndefined();
  });

  it('makes paths repository-relative with /, and keeps files outside the work tree absolute', () => {
    expect(repoRelativePath('/repo/src/a.ts', '/repo')).toBe('src/a.ts');
    expect(repoRelativePath('/tmp/x.txt', '/repo')).toBe('/tmp/x.txt');
  });

  it('calls a Write of a file that did not exist a create and counts its lines', () => {
    expect(fileEditFacts({ type: 'create', structuredPatch: [], originalFile: null }, MISSING_FILE, file('a\nb\n'))).toEqual({ op: 'create', lines: { added: 2, removed: 0 } });
  });

  it('uses the structuredPatch of an update', () => {
    const patch = [{ oldStart: 1, oldLines: 4, newStart: 1, newLines: 1, lines: ['-# demo', '-line two', '-line 2.5', '-line3', '+replaced'] }];
    expect(fileEditFacts({ type: 'update', structuredPatch: patch }, file('old'), file('replaced\n'))).toEqual({ op: 'modify', lines: { added: 1, removed: 4 } });
  });

  it('diffs before and after when there is no patch (NotebookEdit)', () => {
    expect(fileEditFacts({ new_source: 'x' }, file('a\nb\n'), file('a\nc\n'))).toEqual({ op: 'modify', lines: { added: 1, removed: 1 } });
  });

  it('falls back on originalFile when the file was not read before the call', () => {
    expect(fileEditFacts({ originalFile: 'a\n', structuredPatch: [] }, undefined, file('a\nb\n'))).toEqual({ op: 'modify', lines: { added: 1, removed: 0 } });
  });

  it('calls a file that is gone after the call deleted', () => {
    expect(fileEditFacts({}, file('a\nb\n'), MISSING_FILE)).toEqual({ op: 'delete', lines: { added: 0, removed: 2 } });
  });

  it('leaves the line counts out when a side was too large to read', () => {
    expect(fileEditFacts({}, { exists: true, hash: undefined, content: undefined }, file('a\n'))).toEqual({ op: 'modify', lines: undefined });
  });
});
