import { spawn } from 'node:child_process';
import path from 'node:path';
import { git } from '../work-tree.js';

/**
 * Which paths of the work tree the watcher skips: `.git` everywhere, the
 * shim's own directories, and what git ignores (outside git: `node_modules`).
 * Paths are repository-relative with `/`.
 */
export interface IgnoreRules {
  /** Synchronous (chokidar asks during its scan): skipped directories and ignored paths known so far. */
  isIgnored(absolutePath: string): boolean;
  /** Asks git which of `paths` are ignored (new files and directories); remembers the ignored ones. */
  ignoredAmong(paths: readonly string[]): Promise<Set<string>>;
}

const ALWAYS_SKIPPED = new Set(['.git']);
const SKIPPED_OUTSIDE_GIT = new Set(['.git', 'node_modules']);

/** `git check-ignore -v -n -z` answers four fields per path: source, line, pattern, path; a pattern starting with `!` re-includes. */
function parseCheckIgnore(output: string): Set<string> {
  const fields = output.split('\0');
  const ignored = new Set<string>();
  for (let i = 0; i + 3 < fields.length; i += 4) {
    const pattern = fields[i + 2]!;
    if (pattern !== '' && !pattern.startsWith('!')) ignored.add(fields[i + 3]!);
  }
  return ignored;
}

/** One `git check-ignore` run for a batch of paths (a batch per debounce window, so a process per batch is cheap). */
function checkIgnore(root: string, paths: readonly string[]): Promise<Set<string>> {
  return new Promise((resolve) => {
    const child = spawn('git', ['check-ignore', '--verbose', '--non-matching', '-z', '--stdin'], { cwd: root, stdio: ['pipe', 'pipe', 'ignore'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    // If git fails, nothing is taken for ignored: an extra span beats a missed edit.
    child.on('error', () => resolve(new Set()));
    child.on('close', () => resolve(parseCheckIgnore(Buffer.concat(chunks).toString('utf8'))));
    child.stdin.on('error', () => undefined);
    child.stdin.end(paths.map((p) => `${p}\0`).join(''));
  });
}

/**
 * Loads the rules for the work tree at `root`. In a git repository, the
 * untracked ignored paths that exist now are listed once (`git ls-files
 * --others --ignored --exclude-standard --directory`: an ignored directory
 * is one entry), so the initial scan never descends into `node_modules` or
 * build output; paths that appear later are asked about in batches.
 * `skippedDirs` (absolute) are never watched: the shim's spool and data.
 */
export async function loadIgnoreRules(root: string, isGit: boolean, skippedDirs: readonly string[]): Promise<IgnoreRules> {
  const known = new Set<string>();
  if (isGit) {
    const listing = await git(root, ['ls-files', '-z', '--others', '--ignored', '--exclude-standard', '--directory']);
    for (const entry of listing?.split('\0') ?? []) if (entry !== '') known.add(entry.replace(/\/$/, ''));
  }
  const skippedSegments = isGit ? ALWAYS_SKIPPED : SKIPPED_OUTSIDE_GIT;
  const skipped = skippedDirs.map((dir) => path.resolve(dir));

  return {
    isIgnored(absolutePath) {
      if (skipped.some((dir) => absolutePath === dir || absolutePath.startsWith(dir + path.sep))) return true;
      const relative = path.relative(root, absolutePath);
      if (relative === '' || relative.startsWith('..')) return false;
      const segments = relative.split(path.sep);
      if (segments.some((segment) => skippedSegments.has(segment))) return true;
      for (let depth = 1; depth <= segments.length; depth++) if (known.has(segments.slice(0, depth).join('/'))) return true;
      return false;
    },
    async ignoredAmong(paths) {
      if (!isGit || paths.length === 0) return new Set();
      const ignored = await checkIgnore(root, paths);
      for (const p of ignored) known.add(p);
      return ignored;
    },
  };
}
