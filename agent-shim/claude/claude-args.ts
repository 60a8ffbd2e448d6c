/**
 * Claude Code command-line surgery: the user's arguments stay as they are,
 * except a `--settings` value, which the shim takes over to merge with its
 * hooks (only the last `--settings` counts in Claude Code, verified 2.1.x).
 */

const SETTINGS_FLAG = '--settings';
const MCP_CONFIG_FLAG = '--mcp-config';

/**
 * `claude <subcommand>` runs no session (`mcp`, `doctor`, `update` …): the
 * shim passes it through untouched. From `claude --help`, 2.1.x.
 */
const SUBCOMMANDS: ReadonlySet<string> = new Set([
  'agents', 'attach', 'auth', 'auto-mode', 'doctor', 'gateway', 'import', 'install', 'kill', 'logs', 'mcp',
  'plugin', 'plugins', 'purge', 'respawn', 'rm', 'setup-token', 'stop', 'ultrareview', 'update', 'upgrade',
]);

export function isSubcommand(args: readonly string[]): boolean {
  return args[0] !== undefined && SUBCOMMANDS.has(args[0]);
}

export interface SettingsFlag {
  /** The value of the last `--settings` (a file path or inline JSON), as Claude Code would use it. */
  readonly value: string | undefined;
  /** The arguments without any `--settings`. */
  readonly rest: string[];
}

/** Finds and removes every `--settings X` / `--settings=X` before a `--` (after it, words are the prompt's). */
export function takeSettingsFlag(args: readonly string[]): SettingsFlag {
  const rest: string[] = [];
  let value: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      rest.push(...args.slice(i));
      break;
    }
    if (arg === SETTINGS_FLAG && i + 1 < args.length) value = args[++i];
    else if (arg.startsWith(`${SETTINGS_FLAG}=`)) value = arg.slice(SETTINGS_FLAG.length + 1);
    else rest.push(arg);
  }
  return { value, rest };
}

/**
 * The shim's flags go first, before anything of the user's: after a user's
 * `--` or positional prompt they would be read as prompt words.
 * `--mcp-config` takes several values, so `--settings` follows it to close
 * the list. Repeated `--mcp-config` flags add up in Claude Code (verified),
 * so the user's own keep working beside ours.
 */
export function withCaptureFlags(userArgs: readonly string[], settingsFile: string, mcpConfigFile: string): string[] {
  return [MCP_CONFIG_FLAG, mcpConfigFile, SETTINGS_FLAG, settingsFile, ...userArgs];
}
