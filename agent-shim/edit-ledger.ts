import type { Context } from '@opentelemetry/api';
import type { FileEditLedger } from './agent-adapter.js';

/** The watcher's side of the ledger. */
export interface EditLedger extends FileEditLedger {
  /**
   * Whether the adapter reports this change of `path` itself: the path is
   * claimed, or `contentHash` is what the adapter said the file became
   * (that record is used up, so a later identical change is reported again).
   */
  reportedByAdapter(path: string, contentHash: string | undefined): boolean;
  /** The span context of the tool call running when a change was first seen (`atMs`): the latest started, if several. */
  toolContextAt(atMs: number): Context | undefined;
}

export interface EditLedgerOptions {
  /**
   * How long after a tool call ends a change still counts as its own: the
   * file system reports a write a little after it happened, and the hook
   * saying the command ended can come first.
   */
  readonly toolGraceMs: number;
  /** How long an adapter's report of a content hash waits for the watcher to see that change. */
  readonly settledTtlMs: number;
  readonly now?: () => number;
}

/** Ended tool calls are kept this long: the watcher may judge a change some time after it was first seen. */
const KEEP_ENDED_TOOLS_MS = 60_000;

interface ToolWindow {
  readonly context: Context;
  readonly startMs: number;
  endMs: number;
}

/**
 * Shared by the work-tree watcher (which sees every change) and adapters
 * that report some changes themselves, so each change is one `file.edit`.
 * See `FileEditLedger`.
 */
export function createEditLedger(options: EditLedgerOptions): EditLedger {
  const now = options.now ?? Date.now;
  const claims = new Map<string, number>();
  const settled = new Map<string, { readonly hash: string; readonly atMs: number }>();
  const tools: ToolWindow[] = [];

  const forgetOldTools = () => {
    const horizon = now() - KEEP_ENDED_TOOLS_MS;
    for (let i = tools.length - 1; i >= 0; i--) if (tools[i]!.endMs < horizon) tools.splice(i, 1);
  };

  return {
    claim(path) {
      claims.set(path, (claims.get(path) ?? 0) + 1);
    },
    settle(path, contentHash) {
      const left = (claims.get(path) ?? 1) - 1;
      if (left > 0) claims.set(path, left);
      else claims.delete(path);
      if (contentHash !== undefined) settled.set(path, { hash: contentHash, atMs: now() });
    },
    beginTool(context) {
      forgetOldTools();
      const window: ToolWindow = { context, startMs: now(), endMs: Infinity };
      tools.push(window);
      return () => {
        window.endMs = Math.min(window.endMs, now());
      };
    },
    reportedByAdapter(path, contentHash) {
      if (claims.has(path)) return true;
      const record = settled.get(path);
      if (record === undefined) return false;
      if (now() - record.atMs > options.settledTtlMs) {
        settled.delete(path);
        return false;
      }
      if (record.hash !== contentHash) return false;
      settled.delete(path);
      return true;
    },
    toolContextAt(atMs) {
      forgetOldTools();
      let match: ToolWindow | undefined;
      for (const tool of tools) {
        if (tool.startMs <= atMs && atMs <= tool.endMs + options.toolGraceMs && (match === undefined || tool.startMs > match.startMs)) match = tool;
      }
      return match?.context;
    },
  };
}
