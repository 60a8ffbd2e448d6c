import type { ToolHookPayload } from './hook-payload.js';

/**
 * A Bash tool call as a command (verified with 2.1.x): PostToolUse means the
 * command exited 0 (`tool_response` has `stdout`, `stderr`, `interrupted`,
 * no exit code); a non-zero exit arrives as PostToolUseFailure whose
 * `error` reads `Exit code N` followed by the output. Output sizes are what
 * Claude Code kept of the output (it truncates very long output).
 */
export const BASH_TOOL = 'Bash';

export interface CommandFacts {
  readonly text: string;
  /** Undefined when the command did not run to an exit (interrupted, sent to the background, refused). */
  readonly exitCode: number | undefined;
  readonly outputBytes: number;
}

const EXIT_CODE_LINE = /^Exit code (\d+)\r?\n?/;

function stringField(record: Readonly<Record<string, unknown>>, key: string): string {
  const value = record[key];
  return typeof value === 'string' ? value : '';
}

export function commandFacts(payload: ToolHookPayload): CommandFacts {
  const text = stringField(payload.tool_input, 'command');
  if (payload.error !== undefined) {
    const exit = EXIT_CODE_LINE.exec(payload.error);
    return {
      text,
      exitCode: exit ? Number(exit[1]) : undefined,
      outputBytes: exit ? Buffer.byteLength(payload.error.slice(exit[0].length)) : 0,
    };
  }
  const response = (payload.tool_response ?? {}) as Readonly<Record<string, unknown>>;
  const ranToExit = response['interrupted'] !== true && response['backgroundTaskId'] === undefined;
  return {
    text,
    exitCode: ranToExit ? 0 : undefined,
    outputBytes: Buffer.byteLength(stringField(response, 'stdout')) + Buffer.byteLength(stringField(response, 'stderr')),
  };
}
