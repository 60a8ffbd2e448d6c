import { LITERAL_PATHSPECS, runGit } from './git.js';
import { readObjects } from './object-batch.js';

/**
 * Files and line ranges changed between two commits (or trees, or two
 * blobs), from one `git diff --raw --patch --unified=0 -z`: the raw part
 * gives paths (NUL-separated, never quoted) and status; the patch part,
 * split at its `diff --git` headers — one per raw entry, two for a type
 * change — gives the hunk headers. Paths are never parsed from the patch.
 */
export type ChangeStatus = 'added' | 'modified' | 'deleted' | 'renamed' | 'copied' | 'type-changed';

/** One `@@ -oldStart,oldLines +newStart,newLines @@` header, numbers as git prints them. */
export interface Hunk {
  /** First removed line; when `oldLines` is 0, the line after which lines were added (0: at the top). */
  readonly oldStart: number;
  readonly oldLines: number;
  /** First added line; when `newLines` is 0, the line after which lines were removed. */
  readonly newStart: number;
  readonly newLines: number;
}

export interface ChangedFile {
  /** Path on the `to` side (for a deletion, the deleted path). */
  readonly path: string;
  /** Path on the `from` side, for renames and copies. */
  readonly oldPath?: string;
  readonly status: ChangeStatus;
  /** A binary change has no hunks. */
  readonly binary: boolean;
  readonly hunks: readonly Hunk[];
}

export interface ChangedHunksOptions {
  /** Pair renamed files (`-M`); default true. Off, a rename is a deletion and an addition. */
  readonly renames?: boolean;
}

const STATUS_BY_LETTER: Readonly<Record<string, ChangeStatus>> = {
  A: 'added',
  M: 'modified',
  D: 'deleted',
  R: 'renamed',
  C: 'copied',
  T: 'type-changed',
};

/** Settings that would change what `git diff` prints: external diff tools, text conversion, colour. */
const PLAIN_DIFF = ['--no-ext-diff', '--no-textconv', '--no-color'];

const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

interface RawEntry {
  readonly status: ChangeStatus;
  readonly path: string;
  readonly oldPath?: string;
}

/** Raw entries (`:<modes> <oids> <status>\0<path>\0[<path>\0]`) up to the empty field before the patch. */
function parseRaw(fields: readonly string[]): { entries: RawEntry[]; next: number } {
  const entries: RawEntry[] = [];
  let i = 0;
  while (i < fields.length && fields[i]!.startsWith(':')) {
    const letter = fields[i]!.split(' ')[4]!.charAt(0);
    const status = STATUS_BY_LETTER[letter];
    if (status === undefined) throw new Error(`unexpected git diff status ${fields[i]}`);
    if (status === 'renamed' || status === 'copied') {
      entries.push({ status, oldPath: fields[i + 1]!, path: fields[i + 2]! });
      i += 3;
    } else {
      entries.push({ status, path: fields[i + 1]! });
      i += 2;
    }
  }
  return { entries, next: i };
}

/** The patch cut into its per-file sections, each the lines after its `diff --git` header. */
function patchSections(patch: string): string[][] {
  const sections: string[][] = [];
  for (const line of patch.split('\n')) {
    if (line.startsWith('diff --git ')) sections.push([]);
    else sections.at(-1)?.push(line);
  }
  return sections;
}

function parseSection(lines: readonly string[]): { binary: boolean; hunks: Hunk[] } {
  const hunks: Hunk[] = [];
  let binary = false;
  for (const line of lines) {
    const match = HUNK_HEADER.exec(line);
    if (match !== null) {
      const [, oldStart, oldLines, newStart, newLines] = match;
      hunks.push({ oldStart: Number(oldStart), oldLines: Number(oldLines ?? 1), newStart: Number(newStart), newLines: Number(newLines ?? 1) });
    } else if (hunks.length === 0 && line.startsWith('Binary files ')) {
      binary = true;
    }
  }
  return { binary, hunks };
}

/** Parses `git diff --raw --patch -z --unified=0` output. */
export function parseRawPatch(output: Buffer): ChangedFile[] {
  const text = output.toString('utf8');
  const fields = text.split('\0');
  const { entries, next } = parseRaw(fields);
  // After the raw entries come one empty field and then the patch, which contains no NUL (binary content is never printed).
  const sections = patchSections(fields.slice(next + 1).join('\0'));
  const files: ChangedFile[] = [];
  let s = 0;
  for (const entry of entries) {
    // A type change (file ↔ symlink) is printed as a deletion and an addition.
    const own = sections.slice(s, s + (entry.status === 'type-changed' ? 2 : 1));
    s += own.length;
    const parsed = own.map(parseSection);
    files.push({
      ...entry,
      binary: parsed.some((p) => p.binary),
      hunks: parsed.flatMap((p) => p.hunks),
    });
  }
  if (s !== sections.length) throw new Error(`git diff printed ${sections.length} file sections for ${entries.length} changed files`);
  return files;
}

/**
 * Changed files with their hunks between `from` and `to` (commits, trees, or
 * two blobs) in the repository whose git directory is `repoDir`, limited to
 * `paths` when given.
 */
export async function changedHunks(
  repoDir: string,
  from: string,
  to: string,
  paths?: readonly string[],
  options: ChangedHunksOptions = {},
): Promise<ChangedFile[]> {
  if (paths !== undefined && paths.length === 0) return [];
  const renames = (options.renames ?? true) ? '-M' : '--no-renames';
  const args = ['diff', ...PLAIN_DIFF, '--raw', '--patch', '-z', '--unified=0', renames, from, to, ...(paths === undefined ? [] : ['--', ...paths])];
  return parseRawPatch((await runGit(args, { gitDir: repoDir, env: LITERAL_PATHSPECS })).stdout);
}

/**
 * The content of `path` in `commit` (or any tree-ish) as UTF-8 text;
 * undefined when there is no such file there (or no such commit).
 */
export async function fileAt(repoDir: string, commit: string, path: string): Promise<string | undefined> {
  const object = (await readObjects(repoDir, [`${commit}:${path}`])).get(`${commit}:${path}`);
  return object?.type === 'blob' ? object.content.toString('utf8') : undefined;
}
