import { execFile } from 'node:child_process';

/**
 * Runs `git` for the collision engine: an argument array (never a shell),
 * an environment that cannot lock or rewrite an agent's files, and a typed
 * error that keeps the exit code and stderr.
 */

/** Variables that would point git at another repository, index or work tree than the one asked for. */
const INHERITED_REPO_VARIABLES = [
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_INDEX_FILE',
  'GIT_COMMON_DIR',
  'GIT_OBJECT_DIRECTORY',
  'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_NAMESPACE',
  'GIT_CEILING_DIRECTORIES',
  'GIT_CONFIG_PARAMETERS',
  'GIT_CONFIG_COUNT',
];

function baseEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of INHERITED_REPO_VARIABLES) delete env[name];
  return {
    ...env,
    // Read-only commands (status, diff) must not refresh the agent's index behind its back.
    GIT_OPTIONAL_LOCKS: '0',
    GIT_TERMINAL_PROMPT: '0',
    // Messages and conflict types are parsed: keep them untranslated.
    LC_ALL: 'C',
  };
}

/** For commands given paths after `--`: they are file names, never pathspec magic or globs. */
export const LITERAL_PATHSPECS: Readonly<Record<string, string>> = { GIT_LITERAL_PATHSPECS: '1' };

export interface GitRunOptions {
  /** Working directory: a work tree, for commands that read one. */
  readonly cwd?: string;
  /** Run against this git directory (`--git-dir`), with no work tree: for object-only commands. */
  readonly gitDir?: string;
  /** Added to (and overriding) the environment. */
  readonly env?: Readonly<Record<string, string>>;
  /** Written to stdin, which is then closed. */
  readonly input?: string | Buffer;
  /** Exit codes that are answers, not failures (e.g. 1 for `check-ignore` finding nothing). */
  readonly okExitCodes?: readonly number[];
  readonly timeoutMs?: number;
}

export interface GitResult {
  readonly stdout: Buffer;
  readonly exitCode: number;
}

/** A git command failed: it could not start, timed out, or exited with an unexpected code. */
export class GitError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly exitCode: number | undefined,
    readonly stderr: string,
    cause?: unknown,
  ) {
    super(`git ${args.join(' ')} failed${exitCode === undefined ? '' : ` (exit ${exitCode})`}: ${stderr.trim() || String(cause)}`, { cause });
    this.name = 'GitError';
  }
}

/** Long enough for a merge of large trees; a hung git (a lock, a filter) must not stall the engine forever. */
const DEFAULT_TIMEOUT_MS = 60_000;
/** Blob batches and large diffs can be big; this only guards against a runaway process. */
const MAX_OUTPUT_BYTES = 512 * 1024 * 1024;

export function runGit(args: readonly string[], options: GitRunOptions = {}): Promise<GitResult> {
  const fullArgs = options.gitDir === undefined ? [...args] : ['--git-dir', options.gitDir, ...args];
  return new Promise((resolve, reject) => {
    const child = execFile(
      'git',
      fullArgs,
      {
        cwd: options.cwd,
        env: { ...baseEnvironment(), ...options.env },
        encoding: 'buffer',
        maxBuffer: MAX_OUTPUT_BYTES,
        timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        windowsHide: true,
      },
      (error, stdout, stderr) => {
        const exitCode = error === null ? 0 : typeof error.code === 'number' ? error.code : undefined;
        if (exitCode !== undefined && (exitCode === 0 || options.okExitCodes?.includes(exitCode))) resolve({ stdout, exitCode });
        else reject(new GitError(fullArgs, exitCode, stderr.toString('utf8'), error));
      },
    );
    // A git that exits before reading all its input closes the pipe: the exit code tells what happened.
    child.stdin?.on('error', () => {});
    child.stdin?.end(options.input);
  });
}

/** stdout as text without its final newline. */
export async function gitText(args: readonly string[], options: GitRunOptions = {}): Promise<string> {
  return (await runGit(args, options)).stdout.toString('utf8').replace(/\n$/, '');
}

/** Fields of NUL-separated output (`-z`), without the empty field after the last NUL. */
export function nulFields(output: Buffer): string[] {
  const fields = output.toString('utf8').split('\0');
  if (fields.at(-1) === '') fields.pop();
  return fields;
}
