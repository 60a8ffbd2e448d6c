import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { AdapterContext, AgentLaunch } from '../../../../agent-shim/agent-adapter.js';
import { CLAUDE_HOOK_ROUTE, createClaudeCodeAdapter } from '../../../../agent-shim/adapters/claude-code.js';
import { SHIM_URL_ENV } from '../../../../agent-shim/mcp/shim-client.js';
import { fakeAdapterContext } from '../../../helpers/fake-adapter-context.js';
import { tempDir } from '../../../helpers/temp-dir.js';

const HOOK_URL = `http://127.0.0.1:1/s/test${CLAUDE_HOOK_ROUTE}`;

function launchOf(args: string[], cwd: string, env: Record<string, string> = {}): AgentLaunch {
  return { command: '/usr/local/bin/claude', args, env, cwd };
}

/** A fresh adapter's launch for `launch`, stopped (its files removed) when the test ends. */
async function prepare(launch: AgentLaunch, context: AdapterContext): Promise<AgentLaunch> {
  const adapter = createClaudeCodeAdapter();
  onTestFinished(() => adapter.stop());
  return adapter.prepare(launch, context);
}

/** The files the prepared launch passes: `--mcp-config F --settings S …`. */
function passedFiles(args: readonly string[]): { mcp: Record<string, any>; settings: Record<string, any>; mcpFile: string; settingsFile: string } {
  expect(args[0]).toBe('--mcp-config');
  expect(args[2]).toBe('--settings');
  return { mcpFile: args[1]!, settingsFile: args[3]!, mcp: JSON.parse(readFileSync(args[1]!, 'utf8')), settings: JSON.parse(readFileSync(args[3]!, 'utf8')) };
}

describe('the Claude Code adapter', () => {
  it('adds private settings with HTTP hooks to the shim and the agentfleet MCP server before the user arguments', async () => {
    const repo = tempDir();
    const fake = fakeAdapterContext(repo);
    const adapter = createClaudeCodeAdapter();
    const prepared = await adapter.prepare(launchOf(['-p', 'hello', '--model', 'x'], repo), fake.context);

    expect(prepared.command).toBe('/usr/local/bin/claude');
    expect(prepared.args.slice(4)).toEqual(['-p', 'hello', '--model', 'x']);
    const { mcp, settings, mcpFile, settingsFile } = passedFiles(prepared.args);
    expect(settings['hooks']['PostToolUse']).toEqual([{ matcher: '*', hooks: [{ type: 'http', url: HOOK_URL, timeout: 3 }] }]);
    expect(mcp['mcpServers']['agentfleet']).toMatchObject({ type: 'stdio', command: process.execPath, env: { [SHIM_URL_ENV]: 'http://127.0.0.1:1/s/test' } });
    expect(mcp['mcpServers']['agentfleet'].args[0]).toMatch(/agent-shim[/\\]mcp[/\\]main\.js$/);
    for (const file of [mcpFile, settingsFile]) expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await fake.post(CLAUDE_HOOK_ROUTE, { nonsense: true })).toEqual({});
    expect(prepared.env).toEqual({});

    await adapter.stop();
    expect(existsSync(settingsFile)).toBe(false);
  });

  it("merges the user's own --settings file into ours, keeping their hooks first", async () => {
    const repo = tempDir();
    const userHook = { matcher: 'Bash', hooks: [{ type: 'command', command: './guard.sh' }] };
    writeFileSync(path.join(repo, 'my-settings.json'), JSON.stringify({ model: 'opus', hooks: { PreToolUse: [userHook] } }));
    const prepared = await prepare(launchOf(['--settings', 'my-settings.json', '-p', 'x'], repo), fakeAdapterContext(repo).context);

    expect(prepared.args.slice(4)).toEqual(['-p', 'x']);
    const { settings } = passedFiles(prepared.args);
    expect(settings['model']).toBe('opus');
    expect(settings['hooks']['PreToolUse']).toEqual([userHook, { matcher: '*', hooks: [{ type: 'http', url: HOOK_URL, timeout: 3 }] }]);
  });

  it('merges inline JSON settings the same way', async () => {
    const repo = tempDir();
    const prepared = await prepare(launchOf(['-p', 'x', '--settings={"env":{"A":"1"}}'], repo), fakeAdapterContext(repo).context);
    expect(passedFiles(prepared.args).settings['env']).toEqual({ A: '1' });
  });

  it('runs the command exactly as given when the user settings cannot be read, or for a subcommand', async () => {
    const repo = tempDir();
    for (const args of [['--settings', 'missing.json', '-p', 'x'], ['--settings', '{not json'], ['mcp', 'list']]) {
      const fake = fakeAdapterContext(repo);
      const launch = launchOf(args, repo);
      expect(await prepare(launch, fake.context)).toBe(launch);
      await expect(fake.post(CLAUDE_HOOK_ROUTE, {})).rejects.toThrow(/no route/);
    }
  });

  it('turns on Claude Code telemetry to the collector with --native-telemetry, keeping the user environment', async () => {
    const repo = tempDir();
    const fake = fakeAdapterContext(repo, { nativeTelemetry: true, collectorUrl: 'http://127.0.0.1:4318' });
    const prepared = await prepare(launchOf(['-p', 'x'], repo, { OTEL_LOGS_EXPORTER: 'console' }), fake.context);
    expect(prepared.env).toMatchObject({ CLAUDE_CODE_ENABLE_TELEMETRY: '1', OTEL_LOGS_EXPORTER: 'console', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' });
  });
});
