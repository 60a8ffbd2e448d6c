import type { ChildProcess } from 'node:child_process';
import type { Attributes, Context, Span, Tracer } from '@opentelemetry/api';
import type { Logger } from '../orchestrator/log.js';
import type { Redactor } from '../redaction/redactor.js';
import type { ShimConfig } from './config.js';

/** Kinds of agent the shim knows; `generic` is any other command. */
export type AgentKind = 'claude-code' | 'codex' | 'gemini-cli' | 'generic';

/** How the agent process is started; adapters add to it, never remove the user's own arguments or environment. */
export interface AgentLaunch {
  readonly command: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

/** Facts about the agent's work tree, gathered once at start (git may be absent: then only `path` is set). */
export interface WorkTree {
  /** Absolute path of the work tree root (git top level, or the cwd outside git). */
  readonly path: string;
  readonly branch: string | undefined;
  readonly baseCommit: string | undefined;
  readonly repositoryUrl: string | undefined;
  readonly isGit: boolean;
}

/**
 * How adapters emit telemetry. Spans are made with the OpenTelemetry API;
 * every string that may carry agent data passes `redactor` first.
 */
export interface ShimTelemetry {
  readonly tracer: Tracer;
  /** Context whose active span is the session's `invoke_agent` root span. */
  readonly sessionContext: Context;
  /**
   * The resource every span of this session carries (agent name and id,
   * fleet, work tree, branch …): adapters that turn on an agent's own
   * telemetry pass it on (`OTEL_RESOURCE_ATTRIBUTES`).
   */
  readonly resourceAttributes: Readonly<Attributes>;
  /**
   * Ends `span` and exports it at once, outside the batch (`file.intent`:
   * the orchestrator needs it before the edit lands). Still spooled when the
   * collector is down.
   */
  endNow(span: Span): void;
  /**
   * Sends a moment of the session (`name` from semconv/session-events.ts:
   * `user.prompt`, `tool.start` …) as an OTLP log record, now: the live
   * fleet view cannot wait for the root span, which is exported when the
   * agent exits. The record carries the root span's trace and span id and
   * the session's resource; it is batched for `exportDelayMs` and spooled
   * when the collector is down. Strings that may carry agent data are
   * redacted first (`agentTextAttributes`), as for spans. Never waits,
   * never throws.
   */
  emitEvent(name: string, attributes?: Attributes, severity?: EventSeverity): void;
}

/** Severity of a session event's log record: `warn` for what went wrong (a failed tool call), else `info`. */
export type EventSeverity = 'info' | 'warn';

/** Everything an adapter gets from the shim. */
export interface AdapterContext {
  readonly agentName: string;
  readonly config: ShimConfig;
  readonly workTree: WorkTree;
  readonly telemetry: ShimTelemetry;
  readonly redactor: Redactor;
  readonly log: Logger;
  readonly server: ShimServer;
  /** Counts for the session's totals on `invoke_agent`. */
  readonly totals: SessionTotals;
  /** Keeps the work-tree watcher and an adapter that reports edits itself from reporting one change twice. */
  readonly fileEdits: FileEditLedger;
}

/**
 * The work-tree watcher runs for every agent and sees every change. An
 * adapter that reports some edits itself (Claude Code's Write/Edit hooks)
 * tells the ledger, so each change becomes one `file.edit` span; changes
 * made by a shell command are only visible to the watcher, which parents
 * them to the command's span. Paths are repository-relative with `/`.
 */
export interface FileEditLedger {
  /** The adapter is about to change `path` and will report it: the watcher leaves that path's changes to it until `settle`. */
  claim(path: string): void;
  /**
   * The adapter has reported (or abandoned) its change of `path`.
   * `contentHash` (`sha256:<hex>` of the file after it), when known, lets the
   * watcher recognise that exact content if it sees the change only later.
   */
  settle(path: string, contentHash?: string): void;
  /**
   * A tool call whose file changes only the watcher sees (a shell command)
   * runs from now until the returned function is called: changes seen
   * meanwhile become children of `toolContext`'s span.
   */
  beginTool(toolContext: Context): () => void;
}

export interface SessionTotals {
  toolCalls: number;
  readonly filesChanged: Set<string>;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

/**
 * Agent-specific capture behind one interface (`claude-code.ts`,
 * `generic-fs.ts`, `otel-env.ts` …). Lifecycle: `prepare` before the child
 * starts (flags, settings, environment), `start` once it runs, `stop` after
 * it exited (flush what is pending; must not throw). An adapter never blocks
 * the agent: anything slow or failing is logged and skipped.
 */
export interface AgentAdapter {
  readonly kind: AgentKind;
  prepare(launch: AgentLaunch, context: AdapterContext): Promise<AgentLaunch>;
  start?(child: ChildProcess): Promise<void>;
  stop(): Promise<void>;
}

/** A JSON request to the shim's loopback server; handlers answer with JSON (or undefined → `{}`). */
export type ShimRouteHandler = (body: unknown) => Promise<unknown>;

/**
 * The shim's own loopback HTTP server (127.0.0.1, random port, a per-run
 * secret path prefix so other local processes cannot post into a session).
 * Claude Code's HTTP hooks, `agentfleet assume` and the MCP server talk to
 * it; the agent finds it through the `AGENTFLEET_SHIM_URL` environment
 * variable the shim sets for its child.
 */
export interface ShimServer {
  /** Base URL including the secret prefix, e.g. `http://127.0.0.1:41234/s/3f9c…`. */
  readonly url: string;
  /** Registers `POST <url><path>`; a handler that throws or exceeds `hookTimeoutMs` is answered `{}` (fail open). */
  route(path: string, handler: ShimRouteHandler): void;
}
