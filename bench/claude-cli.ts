import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * The real Claude Code CLI (the pinned npm devDependency) as the end-to-end
 * tests and `bench/shim` run it against a scripted API (`scripted-anthropic.ts`),
 * isolated from the machine: a temporary HOME so the user's own config and
 * credentials are never read or written, and a minimal environment.
 */

/**
 * The pinned CLI, `node_modules/.bin/claude`, found by package resolution so
 * it works from the sources and from dist/. Its basename is `claude`, which
 * is how the shim recognises it.
 */
export const CLAUDE_BIN = path.resolve(createRequire(import.meta.url).resolve('@anthropic-ai/claude-code/package.json'), '../../../.bin/claude');

export type ClaudeOutputFormat = 'text' | 'stream-json';

/** `claude -p PROMPT` arguments for a non-interactive run that may use every tool. */
export function claudeArgs(prompt: string, outputFormat: ClaudeOutputFormat = 'text'): string[] {
  return ['-p', prompt, '--permission-mode', 'bypassPermissions', '--output-format', outputFormat, ...(outputFormat === 'stream-json' ? ['--verbose'] : [])];
}

/**
 * Environment for Claude Code talking to `apiUrl`. Nothing is inherited but
 * PATH: no real key, no user OTEL_* or ANTHROPIC_* setting leaks in.
 * IS_SANDBOX lets `bypassPermissions` run as root.
 */
export function claudeEnv(apiUrl: string, home: string): Record<string, string> {
  return {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: home,
    CLAUDE_CONFIG_DIR: path.join(home, '.claude'),
    IS_SANDBOX: '1',
    ANTHROPIC_BASE_URL: apiUrl,
    ANTHROPIC_API_KEY: 'test',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_AUTOUPDATER: '1',
  };
}
