import { runGit } from './git.js';

/**
 * Many blobs in one `git cat-file --batch`: one process instead of one per
 * file. Objects are named as cat-file accepts them (`<oid>`,
 * `<tree-ish>:<path>`); a name with a newline cannot be sent and is skipped.
 */
export interface BatchObject {
  readonly oid: string;
  readonly type: string;
  readonly content: Buffer;
}

const OBJECT_HEADER = /^([0-9a-f]{40}|[0-9a-f]{64}) (\S+) (\d+)$/;

/** The objects found, by the name they were asked for. */
export async function readObjects(repoDir: string, names: readonly string[]): Promise<Map<string, BatchObject>> {
  const asked = [...new Set(names)].filter((name) => !name.includes('\n'));
  const found = new Map<string, BatchObject>();
  if (asked.length === 0) return found;
  const { stdout } = await runGit(['cat-file', '--batch'], { gitDir: repoDir, input: asked.map((name) => `${name}\n`).join('') });
  let offset = 0;
  for (const name of asked) {
    const headerEnd = stdout.indexOf(0x0a, offset);
    // `<oid> <type> <size>`, or `<name> missing` / `<name> ambiguous`.
    const header = OBJECT_HEADER.exec(stdout.subarray(offset, headerEnd).toString('utf8'));
    offset = headerEnd + 1;
    if (header === null) continue;
    const end = offset + Number(header[3]);
    found.set(name, { oid: header[1]!, type: header[2]!, content: stdout.subarray(offset, end) });
    offset = end + 1;
  }
  return found;
}
