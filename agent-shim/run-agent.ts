import { randomUUID } from 'node:crypto';
import type { Logger } from '../orchestrator/log.js';
import { createRedactor } from '../redaction/index.js';
import type { AdapterContext, AgentAdapter, AgentLaunch, SessionTotals } from './agent-adapter.js';
import { agentKindOf, selectAdapters, type KindOption } from './adapters/select-adapter.js';
import { registerAssumptionRoute } from './assumptions.js';
import { spawnAgent, type ChildExit } from './child-process.js';
import type { ShimConfig } from './config.js';
import { sleepUntil } from './deadline.js';
import { createEditLedger } from './edit-ledger.js';
import { defaultWatchConfig } from './fs-watch/watch-config.js';
import { SHIM_URL_ENV } from './mcp/shim-client.js';
import { startShimServer } from './shim-server.js';
import { attachedToTerminal, forwardSignals } from './signals.js';
import { startSessionTelemetry } from './telemetry.js';
import { textPolicyOf } from './telemetry/agent-text.js';
import { startHeartbeat } from './telemetry/heartbeat.js';
import { readWorkTree } from './work-tree.js';

/** Set in the agent's environment: the agent's name as `agentfleet run --agent` gave it. */
export const AGENT_NAME_ENV = 'AGENTFLEET_AGENT';

export interface RunRequest {
  readonly agentName: string;
  readonly task: string | undefined;
  /** `--kind`; undefined: told by the command's name. */
  readonly kind: KindOption | undefined;
  readonly fleetId: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly config: ShimConfig;
  readonly log: Logger;
}

/** Runs `step` for every adapter in turn; a failing adapter is logged and skipped, never stops the run. */
async function eachAdapter(adapters: readonly AgentAdapter[], log: Logger, what: string, step: (adapter: AgentAdapter) => Promise<void>): Promise<void> {
  for (const adapter of adapters) {
    try {
      await step(adapter);
    } catch (error) {
      log.warn(`${adapter.kind} adapter: ${what} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

/**
 * One `agentfleet run`: gathers the work tree's facts, opens the session's
 * telemetry and the loopback server, lets the adapters prepare the launch,
 * runs the agent with the terminal's stdio and signals, and when it ends,
 * stops the adapters and delivers the last spans — all of that within
 * `exitFlushTimeoutMs` after the agent's exit. A command that cannot start
 * is reported on stderr the way a shell does (and exits 127 or 126).
 * Resolves with how the agent ended; the caller ends the process the same way.
 */
export async function runAgent(request: RunRequest): Promise<ChildExit> {
  const { config, log } = request;
  const workTree = await readWorkTree(process.cwd());
  const kind = agentKindOf(request.command, request.kind);
  // The collector applies its own redaction again (for other senders); this one decides what leaves the shim.
  const redactor = createRedactor(config.redaction);
  const policy = textPolicyOf({ redactor, config });
  const telemetry = await startSessionTelemetry({
    config,
    identity: { agentName: request.agentName, kind, fleetId: request.fleetId, runId: randomUUID(), workTree },
    task: request.task,
    policy,
    log,
  });
  const server = await startShimServer({ hookTimeoutMs: config.hookTimeoutMs, log });
  const watch = defaultWatchConfig();
  const ledger = createEditLedger({ toolGraceMs: watch.toolGraceMs, settledTtlMs: watch.reportedEditTtlMs });
  const totals: SessionTotals = { toolCalls: 0, filesChanged: new Set(), inputTokens: 0, outputTokens: 0, costUsd: 0 };
  const context: AdapterContext = { agentName: request.agentName, config, workTree, telemetry, redactor, log, server, totals, fileEdits: ledger };
  registerAssumptionRoute(context);

  const adapters = selectAdapters(kind, ledger, watch);
  let launch: AgentLaunch = {
    command: request.command,
    args: request.args,
    env: { ...process.env, [SHIM_URL_ENV]: server.url, [AGENT_NAME_ENV]: request.agentName },
    cwd: process.cwd(),
  };
  await eachAdapter(adapters, log, 'prepare', async (adapter) => {
    launch = await adapter.prepare(launch, context);
  });

  const spawned = await spawnAgent(launch);
  let exit: ChildExit;
  if (spawned.started) {
    const stopForwarding = forwardSignals(spawned.child, attachedToTerminal());
    const stopHeartbeat = startHeartbeat(telemetry, config.heartbeatIntervalMs);
    await eachAdapter(adapters, log, 'start', async (adapter) => adapter.start?.(spawned.child));
    exit = await spawned.exited;
    stopHeartbeat();
    // From here a signal ends the shim at once (what is spooled stays spooled), as it would an unwrapped agent's shell.
    stopForwarding();
  } else {
    process.stderr.write(`agentfleet run: ${spawned.message}\n`);
    exit = spawned.exit;
  }

  const deadline = Date.now() + config.exitFlushTimeoutMs;
  await Promise.race([eachAdapter(adapters, log, 'stop', (adapter) => adapter.stop()), sleepUntil(deadline)]);
  const report = await telemetry.finish(exit, totals, deadline);
  await server.close();
  const { export: sent, spool } = report;
  for (const [signal, counts] of Object.entries(sent)) log.debug(`${signal}: ${counts.sentLive} sent live, ${counts.spooled} spooled, ${counts.refused} refused by the collector`);
  if (spool.batches > 0) log.info(`${spool.batches} batches (${spool.bytes} bytes) stay spooled; a later agentfleet run delivers them`);
  if (spool.droppedBatches > 0) log.warn(`the spool was full: ${spool.droppedBatches} batches (${spool.droppedBytes} bytes) were dropped`);
  return exit;
}
