import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gitText } from '../orchestrator/git/git.js';
import { filePath } from './fleet-spans.js';

/**
 * A generated repository with a fleet of agents' work trees, for the
 * collision benchmarks: `files` files of `linesPerFile` lines committed on
 * `main`; agent i works in its own worktree on branch `agent-i` and has
 * `changedFilesPerAgent` uncommitted changed files, pool files
 * i·`agentStride` onwards, so neighbours share all but `agentStride` of them.
 *
 * In each file it changes, agent i rewrites the lines of region i mod 3
 * (REGION_LINES lines starting at line 10, 40 or 70): agents three apart
 * change the same lines of the files they share — a merge conflict —
 * while other neighbours change the same files in distant hunks, which
 * merge cleanly. After the worktrees were made, `main` moved on (work
 * merged meanwhile): region 3 of every tenth file, and region 0 of the
 * `agentStride / 2` files from 6·`agentStride` on, which agents 3 and 6
 * changed too, so their stale-base checks conflict.
 */
export interface FleetRepositoryLayout {
  readonly agents: number;
  readonly files: number;
  readonly linesPerFile: number;
  readonly changedFilesPerAgent: number;
  readonly agentStride: number;
}

export interface FleetRepository {
  /** The main work tree (branch `main`). */
  readonly repo: string;
  /** Its git directory, shared by all work trees. */
  readonly gitDir: string;
  /** Agent i's work tree. */
  readonly worktrees: readonly string[];
  /** Repository-relative paths agent i has changed. */
  changedPaths(agent: number): string[];
  /** Agent `agent` changes one more line of its first changed file (a new state each `n`). */
  editOneFile(agent: number, n: number): Promise<void>;
}

const REGION_LINES = 5;
const REGIONS = 3;
/** Line of region r: 10, 40, 70 (agents), 91 (main's unrelated merged work). */
const regionStart = (region: number) => (region < REGIONS ? 10 + 30 * region : 91);
/** The line `editOneFile` rewrites: in no region. */
const EDIT_ONE_LINE = 2;

/** Fixed identity and dates: the same layout always gives the same commits. */
const GIT_IDENTITY: Readonly<Record<string, string>> = {
  GIT_AUTHOR_NAME: 'bench',
  GIT_AUTHOR_EMAIL: 'bench@agentfleet.invalid',
  GIT_AUTHOR_DATE: '@1764000000 +0000',
  GIT_COMMITTER_NAME: 'bench',
  GIT_COMMITTER_EMAIL: 'bench@agentfleet.invalid',
  GIT_COMMITTER_DATE: '@1764000000 +0000',
};

function fileText(file: number, lines: number): string {
  return Array.from({ length: lines }, (_, i) => `export const value${file}_${i + 1} = ${i + 1};\n`).join('');
}

/** `text` with its 1-based lines `from` … `from + count − 1` replaced by `line(n)`. */
function replaceLines(text: string, from: number, count: number, line: (n: number) => string): string {
  const lines = text.split('\n');
  for (let n = from; n < from + count; n++) lines[n - 1] = line(n);
  return lines.join('\n');
}

/** `text` with region `region`'s lines rewritten by `who`. */
function rewriteRegion(text: string, region: number, who: string): string {
  return replaceLines(text, regionStart(region), REGION_LINES, (n) => `export const ${who}_${n} = '${who} was here';`);
}

async function rewriteFiles(worktree: string, files: readonly number[], rewrite: (text: string) => string): Promise<void> {
  for (const file of files) {
    const target = path.join(worktree, filePath(file));
    await writeFile(target, rewrite(await readFile(target, 'utf8')));
  }
}

const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

/** Creates the repository and work trees under `root` (an empty directory). */
export async function createFleetRepository(root: string, layout: FleetRepositoryLayout): Promise<FleetRepository> {
  const repo = path.join(root, 'repo');
  for (const file of range(0, layout.files)) {
    const target = path.join(repo, filePath(file));
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, fileText(file, layout.linesPerFile));
  }
  const git = (cwd: string, ...args: string[]) => gitText(args, { cwd, env: GIT_IDENTITY });
  await git(repo, 'init', '-q', '-b', 'main');
  await git(repo, 'add', '-A');
  await git(repo, 'commit', '-q', '--no-gpg-sign', '-m', 'start');

  const worktrees: string[] = [];
  for (const agent of range(0, layout.agents)) {
    const worktree = path.join(root, `agent-${agent}`);
    await git(repo, 'worktree', 'add', '-q', '-b', `agent-${agent}`, worktree);
    worktrees.push(worktree);
  }

  const everyTenth = range(0, Math.ceil(layout.files / 10)).map((i) => i * 10);
  await rewriteFiles(repo, everyTenth, (text) => rewriteRegion(text, REGIONS, 'main'));
  const staleFiles = range(6 * layout.agentStride, layout.agentStride / 2).filter((file) => file < layout.files);
  await rewriteFiles(repo, staleFiles, (text) => rewriteRegion(text, 0, 'main'));
  await git(repo, 'commit', '-q', '-a', '--no-gpg-sign', '-m', 'work merged while the agents ran');

  const changed = (agent: number) => range(agent * layout.agentStride, layout.changedFilesPerAgent).map((file) => file % layout.files);
  for (const [agent, worktree] of worktrees.entries()) await rewriteFiles(worktree, changed(agent), (text) => rewriteRegion(text, agent % REGIONS, `agent${agent}`));

  return {
    repo,
    gitDir: path.join(repo, '.git'),
    worktrees,
    changedPaths: (agent) => changed(agent).map(filePath),
    async editOneFile(agent, n) {
      await rewriteFiles(worktrees[agent]!, changed(agent).slice(0, 1), (text) => replaceLines(text, EDIT_ONE_LINE, 1, () => `export const edit = ${n};`));
    },
  };
}
