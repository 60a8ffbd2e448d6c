import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ClaudeSettings } from './hook-settings.js';

/**
 * The settings and MCP config files passed to Claude Code. They hold the
 * shim's URL with its secret prefix, so they live in a private directory
 * (mkdtemp: 0700, files 0600) rather than on the command line, which every
 * local user can read in `ps`. Kept until the agent exits: Claude Code
 * re-reads settings files while it runs.
 */
export interface LaunchFiles {
  readonly settingsFile: string;
  readonly mcpConfigFile: string;
  remove(): Promise<void>;
}

export async function writeLaunchFiles(settings: ClaudeSettings, mcpConfig: object): Promise<LaunchFiles> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'agentfleet-claude-settings-'));
  const settingsFile = path.join(dir, 'settings.json');
  const mcpConfigFile = path.join(dir, 'mcp.json');
  await writeFile(settingsFile, JSON.stringify(settings, null, 2), { mode: 0o600 });
  await writeFile(mcpConfigFile, JSON.stringify(mcpConfig, null, 2), { mode: 0o600 });
  return { settingsFile, mcpConfigFile, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** A `--settings` value as Claude Code reads it: inline JSON when it starts with `{`, else a file path (relative to the agent's cwd). */
export async function readSettingsValue(value: string, cwd: string): Promise<ClaudeSettings> {
  const text = value.trimStart().startsWith('{') ? value : await readFile(path.resolve(cwd, value), 'utf8');
  const parsed: unknown = JSON.parse(text);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('settings are not a JSON object');
  return parsed as ClaudeSettings;
}
