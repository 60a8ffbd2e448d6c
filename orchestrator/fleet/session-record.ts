import type { AttributeMap, FeedLogEvent, FeedSpan } from '../../collector/live-feed.js';
import {
  ATTR_AGENTFLEET_AGENT_KIND,
  ATTR_AGENTFLEET_ASSUMPTION_SUBJECT,
  ATTR_AGENTFLEET_ASSUMPTION_TEXT,
  ATTR_AGENTFLEET_BASE_COMMIT,
  ATTR_AGENTFLEET_COMMAND_EXIT_CODE,
  ATTR_AGENTFLEET_EXIT_CODE,
  ATTR_AGENTFLEET_EXIT_SIGNAL,
  ATTR_AGENTFLEET_FILE_LINES_ADDED,
  ATTR_AGENTFLEET_FILE_LINES_REMOVED,
  ATTR_AGENTFLEET_FILE_OLD_PATH,
  ATTR_AGENTFLEET_FILE_OP,
  ATTR_AGENTFLEET_FILE_PATH,
  ATTR_AGENTFLEET_FLEET_ID,
  ATTR_AGENTFLEET_LLM_COST_USD,
  ATTR_AGENTFLEET_TASK,
  ATTR_AGENTFLEET_WORKTREE,
  ATTR_GEN_AI_AGENT_ID,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_GEN_AI_TOOL_CALL_ID,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_HOST_NAME,
  ATTR_VCS_REF_HEAD_NAME,
  ATTR_VCS_REPOSITORY_URL_FULL,
  EVENT_COMPACT,
  EVENT_HEARTBEAT,
  EVENT_NOTIFICATION,
  EVENT_SESSION_END,
  EVENT_SESSION_START,
  EVENT_SUBAGENT_END,
  EVENT_TOOL_END,
  EVENT_TOOL_START,
  EVENT_TURN_END,
  EVENT_USER_PROMPT,
  FILE_OP,
  SPAN_ASSUMPTION,
  SPAN_COMMAND,
  SPAN_FILE_EDIT,
  SPAN_LLM_REQUEST,
  SPAN_PREFIX_EXECUTE_TOOL,
  SPAN_PREFIX_INVOKE_AGENT,
} from '../../semconv/index.js';
import { MISSED_HEARTBEATS_FOR_CRASH, type FleetConfig } from './config.js';
import { intAttribute, numberAttribute, textAttribute } from './feed-attributes.js';
import { FILE_CHANGE_SPANS, type Assumption, type CurrentTool, type FileChange, type Session, type SessionStatus } from './model.js';

/**
 * Everything known about one session, accumulated from its spans and
 * session events, and the `Session` it adds up to. Built so that the result
 * depends on the set of items applied, not on their order or repetition:
 * each item is applied once (remembered by id), "latest" and "earliest"
 * facts compare the items' own times, and sums are of integers. That is
 * what lets the live feed (arrival order, retries) and the rebuild from
 * storage (time order) reach the same state.
 */

const STATUS_CODE_ERROR = 'STATUS_CODE_ERROR';
/** Costs are summed in integer nano-dollars: float sums would depend on the order of the spans. */
const NANO = 1e9;

/** A value with the time it was seen; ties between equal times go to the larger value, so the choice is the same in any order. */
interface Timed<T extends string> {
  readonly atMs: number;
  readonly value: T;
}

function earliest<T extends string>(current: Timed<T> | undefined, atMs: number, value: T): Timed<T> {
  return current === undefined || atMs < current.atMs || (atMs === current.atMs && value > current.value) ? { atMs, value } : current;
}

function latest<T extends string>(current: Timed<T> | undefined, atMs: number, value: T): Timed<T> {
  return current === undefined || atMs > current.atMs || (atMs === current.atMs && value > current.value) ? { atMs, value } : current;
}

/** What the session was doing as of a moment: working, or waiting for the human (on equal times, waiting wins). */
type Activity = 'running' | 'waiting';

interface SessionEnd {
  readonly atMs: number;
  readonly exitCode: number | undefined;
  readonly exitSignal: string | undefined;
}

interface Edit {
  /** The `file.edit` span it came from. */
  readonly spanId: string;
  readonly op: string;
  readonly added: number;
  readonly removed: number;
  readonly atMs: number;
}

/** One file's edits by this session, by span id, and git's last verdict on them. */
class FileEdits {
  readonly edits = new Map<string, Edit>();
  /** The edit count git last found merged or undone; any newer edit makes the file unmerged again. */
  mergedAtEdits: number | undefined;

  change(path: string): FileChange {
    let linesAdded = 0;
    let linesRemoved = 0;
    let firstEditMs = Infinity;
    let lastEditMs = -Infinity;
    for (const edit of this.edits.values()) {
      linesAdded += edit.added;
      linesRemoved += edit.removed;
      firstEditMs = Math.min(firstEditMs, edit.atMs);
      lastEditMs = Math.max(lastEditMs, edit.atMs);
    }
    // In time order, ties by key: the same edits give the same newest ones whatever order they came in.
    const newest = [...this.edits].sort(([keyA, a], [keyB, b]) => a.atMs - b.atMs || (keyA < keyB ? -1 : keyA > keyB ? 1 : 0)).slice(-FILE_CHANGE_SPANS);
    const lastOp = newest.at(-1)?.[1].op ?? '';
    const spanIds = newest.map(([, edit]) => edit.spanId);
    const edits = this.edits.size;
    return { path, linesAdded, linesRemoved, edits, lastOp, firstEditMs, lastEditMs, spanIds, unmerged: this.mergedAtEdits !== edits };
  }
}

/** Who ran the session: its resource, the same on every item of one run. */
type Identity = Pick<Session, 'traceId' | 'agentId' | 'agentName' | 'kind' | 'fleetId' | 'host' | 'worktree' | 'branch' | 'baseCommit' | 'repository'>;

function identityOf(resource: AttributeMap, serviceName: string, traceId: string): Identity {
  return {
    traceId,
    agentId: resource[ATTR_GEN_AI_AGENT_ID] ?? '',
    agentName: textAttribute(resource, ATTR_GEN_AI_AGENT_NAME) ?? serviceName,
    kind: resource[ATTR_AGENTFLEET_AGENT_KIND] ?? '',
    fleetId: resource[ATTR_AGENTFLEET_FLEET_ID] ?? '',
    host: resource[ATTR_HOST_NAME] ?? '',
    worktree: resource[ATTR_AGENTFLEET_WORKTREE] ?? '',
    branch: textAttribute(resource, ATTR_VCS_REF_HEAD_NAME),
    baseCommit: textAttribute(resource, ATTR_AGENTFLEET_BASE_COMMIT),
    repository: textAttribute(resource, ATTR_VCS_REPOSITORY_URL_FULL),
  };
}

function endOf(atMs: number, attributes: AttributeMap): SessionEnd {
  return {
    atMs,
    exitCode: intAttribute(attributes, ATTR_AGENTFLEET_EXIT_CODE),
    exitSignal: textAttribute(attributes, ATTR_AGENTFLEET_EXIT_SIGNAL),
  };
}

const earlierEnd = (a: SessionEnd | undefined, b: SessionEnd): SessionEnd => (a === undefined || b.atMs < a.atMs ? b : a);

export class SessionRecord {
  private readonly applied = new Set<string>();
  private readonly identity: Identity;
  private startedMs = Infinity;
  private lastActivityMs = -Infinity;
  /** Activity or heartbeat: the shim was alive. */
  private lastAliveMs = -Infinity;
  private activity: Timed<Activity> | undefined;
  /** A turn's end closes the tool calls started before it, even if their end was lost. */
  private turnEndMs = -Infinity;
  /** `agentfleet.task` given at launch; else the first prompt is the task. */
  private task: Timed<string> | undefined;
  private firstPrompt: Timed<string> | undefined;
  private conversation: Timed<string> | undefined;
  /** From `session.end`, and from the root span (which arrives when the session ends): the event is preferred for exit details. */
  private endEvent: SessionEnd | undefined;
  private rootEnd: SessionEnd | undefined;
  private readonly openTools = new Map<string, CurrentTool>();
  private readonly closedTools = new Set<string>();
  private readonly toolCalls = new Set<string>();
  private readonly files = new Map<string, FileEdits>();
  private readonly changedFiles = new Set<string>();
  private fileChanges: Readonly<Record<string, FileChange>> = {};
  private readonly assumptionsById = new Map<string, Assumption>();
  private assumptions: readonly Assumption[] = [];
  private inputTokens = 0;
  private outputTokens = 0;
  private costNanoUsd = 0;
  private llmRequests = 0;
  private commands = 0;
  private failedCommands = 0;

  constructor(
    readonly id: string,
    first: { readonly resource: AttributeMap; readonly serviceName: string; readonly traceId: string },
  ) {
    this.identity = identityOf(first.resource, first.serviceName, first.traceId);
  }

  /** Applies a span of this session; false when it was applied before (nothing changed). */
  applySpan(span: FeedSpan): boolean {
    if (!this.firstTime(`${span.traceId}/${span.spanId}`)) return false;
    this.alive(span.startMs, true);
    this.alive(span.endMs, true);
    const { name, attributes } = span;
    if (name.startsWith(SPAN_PREFIX_INVOKE_AGENT)) {
      this.rootEnd = earlierEnd(this.rootEnd, endOf(span.endMs, attributes));
      const task = textAttribute(attributes, ATTR_AGENTFLEET_TASK);
      if (task !== undefined) this.task = earliest(this.task, span.startMs, task);
      this.noteConversation(span.startMs, attributes);
      return true;
    }
    this.activity = latest(this.activity, span.endMs, 'running');
    if (name.startsWith(SPAN_PREFIX_EXECUTE_TOOL)) {
      const callId = textAttribute(attributes, ATTR_GEN_AI_TOOL_CALL_ID) ?? span.spanId;
      this.toolCalls.add(callId);
      this.closeTool(callId);
    } else if (name === SPAN_FILE_EDIT) {
      this.applyFileEdit(span);
    } else if (name === SPAN_ASSUMPTION) {
      this.applyAssumption(span);
    } else if (name === SPAN_COMMAND) {
      this.commands += 1;
      const exitCode = intAttribute(attributes, ATTR_AGENTFLEET_COMMAND_EXIT_CODE);
      if (span.statusCode === STATUS_CODE_ERROR || (exitCode !== undefined && exitCode !== 0)) this.failedCommands += 1;
    } else if (name === SPAN_LLM_REQUEST) {
      this.llmRequests += 1;
      this.inputTokens += intAttribute(attributes, ATTR_GEN_AI_USAGE_INPUT_TOKENS) ?? 0;
      this.outputTokens += intAttribute(attributes, ATTR_GEN_AI_USAGE_OUTPUT_TOKENS) ?? 0;
      this.costNanoUsd += Math.round((numberAttribute(attributes, ATTR_AGENTFLEET_LLM_COST_USD) ?? 0) * NANO);
    }
    return true;
  }

  /** Applies a session event of this session; false when it was applied before. */
  applyEvent(event: FeedLogEvent): boolean {
    const { eventName, timeMs: atMs, attributes } = event;
    const callId = textAttribute(attributes, ATTR_GEN_AI_TOOL_CALL_ID);
    // Log records carry no id of their own: what, when, and for tool events which call, tell them apart.
    if (!this.firstTime(`${eventName}@${atMs}/${event.spanId}/${callId ?? ''}`)) return false;
    this.alive(atMs, eventName !== EVENT_HEARTBEAT);
    switch (eventName) {
      case EVENT_SESSION_START: {
        const task = textAttribute(attributes, ATTR_AGENTFLEET_TASK);
        if (task !== undefined) this.task = earliest(this.task, atMs, task);
        this.activity = latest(this.activity, atMs, 'running');
        break;
      }
      case EVENT_USER_PROMPT: {
        const prompt = textAttribute(attributes, ATTR_AGENTFLEET_TASK);
        if (prompt !== undefined) this.firstPrompt = earliest(this.firstPrompt, atMs, prompt);
        this.noteConversation(atMs, attributes);
        this.activity = latest(this.activity, atMs, 'running');
        break;
      }
      case EVENT_TOOL_START:
        if (callId !== undefined) {
          this.toolCalls.add(callId);
          if (!this.closedTools.has(callId)) this.openTools.set(callId, { name: attributes[ATTR_GEN_AI_TOOL_NAME] ?? '', callId, sinceMs: atMs });
        }
        this.noteConversation(atMs, attributes);
        this.activity = latest(this.activity, atMs, 'running');
        break;
      case EVENT_TOOL_END:
        if (callId !== undefined) this.closeTool(callId);
        this.activity = latest(this.activity, atMs, 'running');
        break;
      case EVENT_TURN_END:
        this.turnEndMs = Math.max(this.turnEndMs, atMs);
        this.activity = latest(this.activity, atMs, 'waiting');
        break;
      case EVENT_NOTIFICATION:
        this.activity = latest(this.activity, atMs, 'waiting');
        break;
      case EVENT_SUBAGENT_END:
      case EVENT_COMPACT:
        this.activity = latest(this.activity, atMs, 'running');
        break;
      case EVENT_SESSION_END:
        this.endEvent = earlierEnd(this.endEvent, endOf(atMs, attributes));
        break;
      default:
        // A heartbeat: alive, nothing more.
        break;
    }
    return true;
  }

  /** Git found `path` merged or undone when it had `edits` edits; false when it has had more since (or is not ours). */
  markMerged(path: string, edits: number): boolean {
    const file = this.files.get(path);
    if (file === undefined || file.edits.size !== edits || file.mergedAtEdits === edits) return false;
    file.mergedAtEdits = edits;
    this.changedFiles.add(path);
    return true;
  }

  /** The session as of `nowMs` (undefined: no clock yet, so nothing is idle or crashed for silence). */
  snapshot(nowMs: number | undefined, config: FleetConfig): Session {
    const end = this.endEvent ?? this.rootEnd;
    const endedMs = this.endEvent !== undefined && this.rootEnd !== undefined ? Math.min(this.endEvent.atMs, this.rootEnd.atMs) : end?.atMs;
    const tool = end === undefined ? this.currentTool() : undefined;
    const status = this.status(end, tool, nowMs, config);
    return {
      id: this.id,
      ...this.identity,
      task: this.task?.value ?? this.firstPrompt?.value,
      conversationId: this.conversation?.value,
      status,
      currentTool: status === 'running' || status === 'waiting' ? tool : undefined,
      startedMs: this.startedMs,
      lastActivityMs: Number.isFinite(this.lastActivityMs) ? this.lastActivityMs : this.startedMs,
      endedMs,
      exitCode: end?.exitCode,
      exitSignal: end?.exitSignal,
      files: this.fileSnapshot(),
      assumptions: this.assumptions,
      usage: {
        inputTokens: this.inputTokens,
        outputTokens: this.outputTokens,
        costUsd: this.costNanoUsd / NANO,
        llmRequests: this.llmRequests,
        toolCalls: this.toolCalls.size,
        commands: this.commands,
        failedCommands: this.failedCommands,
      },
    };
  }

  private status(end: SessionEnd | undefined, tool: CurrentTool | undefined, nowMs: number | undefined, config: FleetConfig): SessionStatus {
    if (end !== undefined) return end.exitSignal !== undefined || (end.exitCode !== undefined && end.exitCode !== 0) ? 'crashed' : 'done';
    if (nowMs !== undefined) {
      if (nowMs - this.lastAliveMs > MISSED_HEARTBEATS_FOR_CRASH * config.heartbeatIntervalMs) return 'crashed';
      if (tool === undefined && nowMs - this.lastActivityMs > config.idleAfterMs) return 'idle';
    }
    return this.activity?.value ?? 'running';
  }

  /** The latest tool call started after the last turn ended and not finished. */
  private currentTool(): CurrentTool | undefined {
    let current: CurrentTool | undefined;
    for (const tool of this.openTools.values()) {
      if (tool.sinceMs < this.turnEndMs) continue;
      if (current === undefined || tool.sinceMs > current.sinceMs || (tool.sinceMs === current.sinceMs && tool.callId > current.callId)) current = tool;
    }
    return current;
  }

  private firstTime(key: string): boolean {
    if (this.applied.has(key)) return false;
    this.applied.add(key);
    return true;
  }

  private alive(atMs: number, active: boolean): void {
    this.startedMs = Math.min(this.startedMs, atMs);
    this.lastAliveMs = Math.max(this.lastAliveMs, atMs);
    if (active) this.lastActivityMs = Math.max(this.lastActivityMs, atMs);
  }

  private noteConversation(atMs: number, attributes: AttributeMap): void {
    const conversationId = textAttribute(attributes, ATTR_GEN_AI_CONVERSATION_ID);
    if (conversationId !== undefined) this.conversation = latest(this.conversation, atMs, conversationId);
  }

  private closeTool(callId: string): void {
    this.closedTools.add(callId);
    this.openTools.delete(callId);
  }

  private applyFileEdit(span: FeedSpan): void {
    const path = textAttribute(span.attributes, ATTR_AGENTFLEET_FILE_PATH);
    if (path === undefined) return;
    const op = textAttribute(span.attributes, ATTR_AGENTFLEET_FILE_OP) ?? FILE_OP.modify;
    this.addEdit(path, span.spanId, {
      spanId: span.spanId,
      op,
      added: intAttribute(span.attributes, ATTR_AGENTFLEET_FILE_LINES_ADDED) ?? 0,
      removed: intAttribute(span.attributes, ATTR_AGENTFLEET_FILE_LINES_REMOVED) ?? 0,
      atMs: span.startMs,
    });
    // A rename takes the file away from its old path: for merging, that path is deleted.
    const oldPath = textAttribute(span.attributes, ATTR_AGENTFLEET_FILE_OLD_PATH);
    if (op === FILE_OP.rename && oldPath !== undefined && oldPath !== path) {
      this.addEdit(oldPath, `${span.spanId}/old`, { spanId: span.spanId, op: FILE_OP.delete, added: 0, removed: 0, atMs: span.startMs });
    }
  }

  private addEdit(path: string, key: string, edit: Edit): void {
    let file = this.files.get(path);
    if (file === undefined) this.files.set(path, (file = new FileEdits()));
    file.edits.set(key, edit);
    this.changedFiles.add(path);
  }

  private applyAssumption(span: FeedSpan): void {
    this.assumptionsById.set(span.spanId, {
      id: span.spanId,
      sessionId: this.id,
      text: span.attributes[ATTR_AGENTFLEET_ASSUMPTION_TEXT] ?? '',
      subject: textAttribute(span.attributes, ATTR_AGENTFLEET_ASSUMPTION_SUBJECT),
      atMs: span.startMs,
    });
    this.assumptions = [...this.assumptionsById.values()].sort((a, b) => a.atMs - b.atMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /** The files by path (sorted, so JSON output does not depend on arrival order); unchanged files keep their objects. */
  private fileSnapshot(): Readonly<Record<string, FileChange>> {
    if (this.changedFiles.size === 0) return this.fileChanges;
    const next = Object.fromEntries(
      [...this.files.keys()].sort().map((path) => [path, this.changedFiles.has(path) ? this.files.get(path)!.change(path) : this.fileChanges[path]!]),
    );
    this.changedFiles.clear();
    this.fileChanges = next;
    return next;
  }
}
