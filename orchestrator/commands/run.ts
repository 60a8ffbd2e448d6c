import path from 'node:path';
import { Command, Option } from 'commander';
import { KIND_OPTIONS, type KindOption } from '../../agent-shim/adapters/select-adapter.js';
import { defaultShimConfig, type ShimConfig } from '../../agent-shim/config.js';
import { runAgent } from '../../agent-shim/run-agent.js';
import { exitLike } from '../../agent-shim/signals.js';
import { DEFAULT_DATA_DIR, parseBytes, parseLogLevel, tokenOption } from '../cli-options.js';
import { formatBytes } from '../format.js';
import { createLogger, type LogLevel } from '../log.js';
import { redactionConfigFromOptions, redactionOptions, type RedactionOptions } from '../redaction-options.js';
import { readServerInfo } from '../server-info.js';

interface RunOptions extends RedactionOptions {
  agent: string;
  task?: string;
  server?: string;
  controlPlane?: string;
  token?: string;
  kind?: KindOption;
  nativeTelemetry?: boolean;
  fleet: string;
  dataDir: string;
  spoolDir: string;
  maxSpoolBytes?: number;
  logLevel: LogLevel;
}

/** Collector and control plane: flags first, then the server running on `--data-dir`, then the standard ports. */
async function toShimConfig(o: RunOptions): Promise<ShimConfig> {
  const defaults = defaultShimConfig();
  const running = o.server !== undefined && o.controlPlane !== undefined ? undefined : await readServerInfo(path.resolve(o.dataDir));
  return {
    ...defaults,
    collectorUrl: o.server ?? running?.otlpUrl ?? defaults.collectorUrl,
    controlPlaneUrl: o.controlPlane ?? running?.controlPlaneUrl ?? defaults.controlPlaneUrl,
    token: o.token,
    spoolDir: o.spoolDir,
    maxSpoolBytes: o.maxSpoolBytes ?? defaults.maxSpoolBytes,
    nativeTelemetry: o.nativeTelemetry ?? false,
    redaction: redactionConfigFromOptions(o),
  };
}

export function runCommand(): Command {
  const defaults = defaultShimConfig();
  const run = new Command('run')
    .description(
      'run a coding agent and record what it does (session, file edits, tool calls, assumptions) as spans; ' +
        "the agent keeps the terminal's stdin, stdout and stderr, and `run` exits as the agent did",
    )
    .usage('--agent <name> [options] -- <command...>')
    .argument('<command...>', 'the agent command and its arguments (put `--` before it)')
    .requiredOption('--agent <name>', 'the agent\'s name (service.name of its spans)')
    .option('--task <text>', 'what the agent was asked to do (agentfleet.task)')
    .addOption(new Option('--kind <kind>', 'agent kind (default: told by the command name)').choices(KIND_OPTIONS))
    .option('--native-telemetry', "also turn on the agent's own OpenTelemetry export to the collector (Claude Code)")
    .addOption(new Option('--server <url>', `collector OTLP/HTTP URL (default: the server running on --data-dir, else ${defaults.collectorUrl})`).env('AGENTFLEET_SERVER'))
    .addOption(new Option('--control-plane <url>', `control plane URL (default: the server running on --data-dir, else ${defaults.controlPlaneUrl})`).env('AGENTFLEET_CONTROL_PLANE'))
    .addOption(tokenOption('bearer token for the collector and the control plane'))
    .addOption(new Option('--fleet <id>', 'fleet the agent belongs to (agentfleet.fleet.id)').env('AGENTFLEET_FLEET_ID').default('default'))
    .addOption(new Option('--data-dir <dir>', 'data directory of a running `agentfleet up`, to find its addresses').env('AGENTFLEET_DATA_DIR').default(DEFAULT_DATA_DIR))
    .addOption(new Option('--spool-dir <dir>', 'where spans wait while the collector is unreachable').env('AGENTFLEET_SPOOL_DIR').default(defaults.spoolDir))
    .addOption(new Option('--max-spool-bytes <size>', `spool size limit; the oldest spans are dropped past it (default ${formatBytes(defaults.maxSpoolBytes)})`).env('AGENTFLEET_MAX_SPOOL_BYTES').argParser(parseBytes))
    .addOption(new Option('--log-level <level>', "the shim's own messages on stderr: error, warn, info or debug").env('AGENTFLEET_LOG_LEVEL').default('warn').argParser(parseLogLevel))
    .passThroughOptions();
  // The same flags as `agentfleet up`: here they decide what leaves the shim (the collector redacts again with its own).
  for (const option of redactionOptions()) run.addOption(option);
  return run.action(async (commandWords: string[], options: RunOptions) => {
    const [command, ...args] = commandWords as [string, ...string[]];
    const exit = await runAgent({
      agentName: options.agent,
      task: options.task,
      kind: options.kind,
      fleetId: options.fleet,
      command,
      args,
      config: await toShimConfig(options),
      log: createLogger(options.logLevel),
    });
    exitLike(exit);
  });
}
