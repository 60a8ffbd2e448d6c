import os from 'node:os';
import path from 'node:path';
import { defaultRedactionConfig, type RedactionConfig } from '../redaction/config.js';

/** Settings of one `agentfleet run`; see `defaultShimConfig()` for the defaults. */
export interface ShimConfig {
  /** OTLP/HTTP base URL of the collector (`/v1/traces` is appended). */
  readonly collectorUrl: string;
  /** Control plane base URL (who_is_touching, intent checks that gate edits). */
  readonly controlPlaneUrl: string;
  /** Bearer token for both, when the server requires one. */
  readonly token: string | undefined;
  /** Directory of the on-disk spool used while the collector is unreachable. */
  readonly spoolDir: string;
  /** Spool size limit; past it the oldest spooled batches are dropped (and counted). */
  readonly maxSpoolBytes: number;
  /** Longest a hook waits for the shim's own work before answering (fail open). */
  readonly hookTimeoutMs: number;
  /**
   * Longest the intent check before an edit (`POST /api/v1/intents`) may
   * take; below `hookTimeoutMs`, so a slow or absent control plane lets the
   * edit proceed unchecked (fail open) instead of reaching the hook's limit.
   */
  readonly intentTimeoutMs: number;
  /** Tool arguments/results and file contents are cut to this many characters, with a marker. */
  readonly maxAttributeChars: number;
  /** How often spooled spans are retried while the collector is down. */
  readonly spoolRetryIntervalMs: number;
  /** Longest one live export to the collector may take before its spans are spooled instead. */
  readonly exportTimeoutMs: number;
  /** Longest a finished span waits in memory before it is exported (the live fleet view wants edits within a second). */
  readonly exportDelayMs: number;
  /** Longest the agent's exit is held up to deliver the last spans; what is not delivered by then stays spooled. */
  readonly exitFlushTimeoutMs: number;
  /** How often a `heartbeat` event is sent while the agent runs (the fleet view takes 3 missed ones for a crash). */
  readonly heartbeatIntervalMs: number;
  /** Turn on the agent's own OpenTelemetry export (Claude Code, Codex, Gemini CLI) to the collector. */
  readonly nativeTelemetry: boolean;
  /**
   * How the shim redacts everything it records before it leaves the shim
   * (spool included). The collector redacts again with its own settings.
   * Off: agent data is sent, and spooled, as the agent produced it.
   */
  readonly redaction: RedactionConfig;
}

export function defaultShimConfig(): ShimConfig {
  return {
    collectorUrl: 'http://127.0.0.1:4318',
    controlPlaneUrl: 'http://127.0.0.1:4380',
    token: undefined,
    // Per user, not per directory: a run started anywhere replays what a crashed run left.
    spoolDir: path.join(os.homedir(), '.agentfleet', 'spool'),
    maxSpoolBytes: 256 * 1024 * 1024,
    hookTimeoutMs: 2_000,
    intentTimeoutMs: 1_500,
    maxAttributeChars: 8_192,
    spoolRetryIntervalMs: 1_000,
    exportTimeoutMs: 2_000,
    exportDelayMs: 200,
    exitFlushTimeoutMs: 3_000,
    heartbeatIntervalMs: 30_000,
    nativeTelemetry: false,
    redaction: defaultRedactionConfig(),
  };
}
