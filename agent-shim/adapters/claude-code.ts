import type { AdapterContext, AgentAdapter, AgentLaunch } from '../agent-adapter.js';
import { isSubcommand, takeSettingsFlag, withCaptureFlags } from '../claude/claude-args.js';
import { createClaudeHooks, type ClaudeHooks } from '../claude/claude-hooks.js';
import { captureHooks, hookTimeoutSeconds, mergeSettings } from '../claude/hook-settings.js';
import { readSettingsValue, writeLaunchFiles, type LaunchFiles } from '../claude/launch-files.js';
import { agentfleetMcpConfig } from '../claude/mcp-config.js';
import { withNativeTelemetry } from '../claude/native-telemetry.js';
import { intentGateOf } from '../claude/intent-gate.js';
import type { PermissionGate } from '../claude/permission.js';
import { registerMcpRoutes } from '../mcp/shim-routes.js';

/** Where Claude Code's HTTP hooks post, under the shim server's URL. */
export const CLAUDE_HOOK_ROUTE = '/hooks/claude';

export interface ClaudeCodeAdapterOptions {
  /** Decides about tool calls at PreToolUse; default: the control plane's collision gate (intent-gate.ts). */
  readonly gate?: PermissionGate;
}

/**
 * Claude Code, captured through its HTTP hooks (see ../claude/README.md):
 * `prepare` adds `--settings` (the user's own `--settings` merged in) and
 * `--mcp-config` (beside the user's), and registers the hook and MCP routes
 * on the shim server. When Claude Code is started for a subcommand, or the
 * user's settings cannot be read for merging, the command runs exactly as
 * given and is not captured.
 */
export function createClaudeCodeAdapter(options: ClaudeCodeAdapterOptions = {}): AgentAdapter {
  let hooks: ClaudeHooks | undefined;
  let files: LaunchFiles | undefined;

  async function capture(launch: AgentLaunch, context: AdapterContext): Promise<AgentLaunch> {
    const { value: userSettingsValue, rest } = takeSettingsFlag(launch.args);
    const userSettings = userSettingsValue === undefined ? undefined : await readSettingsValue(userSettingsValue, launch.cwd);
    const hookUrl = `${context.server.url}${CLAUDE_HOOK_ROUTE}`;
    const settings = mergeSettings(userSettings, captureHooks(hookUrl, hookTimeoutSeconds(context.config.hookTimeoutMs)));
    files = await writeLaunchFiles(settings, agentfleetMcpConfig(context.server.url));
    hooks = createClaudeHooks(context, options.gate ?? intentGateOf(context));
    context.server.route(CLAUDE_HOOK_ROUTE, hooks.handle);
    registerMcpRoutes(context);
    return {
      ...launch,
      args: withCaptureFlags(rest, files.settingsFile, files.mcpConfigFile),
      env: context.config.nativeTelemetry ? withNativeTelemetry(launch.env, context.config, context.telemetry.resourceAttributes) : launch.env,
    };
  }

  return {
    kind: 'claude-code',
    async prepare(launch, context) {
      if (isSubcommand(launch.args)) return launch;
      try {
        return await capture(launch, context);
      } catch (error) {
        context.log.warn(`claude-code: running without hook capture: ${error instanceof Error ? error.message : String(error)}`);
        await files?.remove();
        files = undefined;
        return launch;
      }
    },
    async stop() {
      await hooks?.stop();
      await files?.remove();
    },
  };
}
