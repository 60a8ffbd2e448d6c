import { describe, expect, it } from 'vitest';
import type { FileSnapshot } from '../../../agent-shim/claude/file-snapshot.js';
import { fileChanges, type ObservedPath } from '../../../agent-shim/fs-watch/file-changes.js';
import { lineAttributes } from '../../../agent-shim/fs-watch/file-edit-span.js';
import { ATTR_AGENTFLEET_FILE_BINARY, ATTR_AGENTFLEET_FILE_LINES_ADDED, ATTR_AGENTFLEET_FILE_LINES_REMOVED } from '../../../semconv/index.js';

const file = (content: string, hash = `h(${content})`): FileSnapshot => ({ exists: true, hash, content });
const seen = (path: string, before: FileSnapshot | undefined, after: FileSnapshot | undefined, firstSeenMs = 1): ObservedPath => ({ path, firstSeenMs, before, after });

describe('judging a batch of file-system events', () => {
  it('tells creates, modifies and deletes apart by what existed before and after', () => {
    const changes = fileChanges([seen('new.ts', undefined, file('x')), seen('old.ts', file('a'), file('b')), seen('gone.ts', file('g'), undefined)]);
    expect(changes.map((c) => [c.path, c.op])).toEqual([
      ['gone.ts', 'delete'],
      ['new.ts', 'create'],
      ['old.ts', 'modify'],
    ]);
  });

  it('takes a vanished file and a new one with the same content for a rename', () => {
    const [rename, ...rest] = fileChanges([seen('a/old.ts', file('same'), undefined, 5), seen('b/new.ts', undefined, file('same'), 3), seen('other.ts', undefined, file('other'), 4)]);
    expect(rename).toMatchObject({ path: 'b/new.ts', op: 'rename', oldPath: 'a/old.ts', firstSeenMs: 3 });
    expect(rest.map((c) => [c.path, c.op])).toEqual([['other.ts', 'create']]);
  });

  it('pairs each vanished file with at most one new copy', () => {
    const changes = fileChanges([seen('old.ts', file('same'), undefined), seen('copy1.ts', undefined, file('same')), seen('copy2.ts', undefined, file('same'))]);
    expect(changes.map((c) => c.op).sort()).toEqual(['create', 'rename']);
  });

  it('ignores a rewrite with the same bytes and a file that came and went within the batch', () => {
    expect(fileChanges([seen('touched.ts', file('same'), file('same')), seen('tmp.swp', undefined, undefined)])).toEqual([]);
  });

  it('counts lines against the content before, all lines for a create or delete, none for a rename', () => {
    const [modify] = fileChanges([seen('a.ts', file('1\n2\n3\n'), file('1\ntwo\n3\n4\n'))]);
    expect(lineAttributes(modify!)).toEqual({ [ATTR_AGENTFLEET_FILE_LINES_ADDED]: 2, [ATTR_AGENTFLEET_FILE_LINES_REMOVED]: 1 });
    const [create] = fileChanges([seen('b.ts', undefined, file('x\ny\n'))]);
    expect(lineAttributes(create!)).toEqual({ [ATTR_AGENTFLEET_FILE_LINES_ADDED]: 2, [ATTR_AGENTFLEET_FILE_LINES_REMOVED]: 0 });
    const [remove] = fileChanges([seen('c.ts', file('x\n'), undefined)]);
    expect(lineAttributes(remove!)).toEqual({ [ATTR_AGENTFLEET_FILE_LINES_ADDED]: 0, [ATTR_AGENTFLEET_FILE_LINES_REMOVED]: 1 });
    const [rename] = fileChanges([seen('d.ts', file('x\n'), undefined), seen('e.ts', undefined, file('x\n'))]);
    expect(lineAttributes(rename!)).toEqual({ [ATTR_AGENTFLEET_FILE_LINES_ADDED]: 0, [ATTR_AGENTFLEET_FILE_LINES_REMOVED]: 0 });
  });

  it('counts no lines for a binary file and says it is binary, and leaves counts out when a content is unknown', () => {
    const [binary] = fileChanges([seen('img.png', file('\x89PNG\0\0'), file('\x89PNG\0\x01'))]);
    expect(lineAttributes(binary!)).toEqual({ [ATTR_AGENTFLEET_FILE_LINES_ADDED]: 0, [ATTR_AGENTFLEET_FILE_LINES_REMOVED]: 0, [ATTR_AGENTFLEET_FILE_BINARY]: true });
    const [unknown] = fileChanges([seen('big.bin', { exists: true, hash: undefined, content: undefined }, file('x'))]);
    expect(unknown!.op).toBe('modify');
    expect(lineAttributes(unknown!)).toEqual({});
  });
});
