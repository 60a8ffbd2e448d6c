import path from 'node:path';
import type { AgentAdapter, AgentKind } from '../agent-adapter.js';
import type { EditLedger } from '../edit-ledger.js';
import type { WatchConfig } from '../fs-watch/watch-config.js';
import { createClaudeCodeAdapter } from './claude-code.js';
import { createGenericFsAdapter } from './generic-fs.js';
import { createOtelEnvAdapter } from './otel-env.js';

/** Values of `agentfleet run --kind`. */
export const KIND_OPTIONS = ['claude', 'codex', 'gemini', 'generic'] as const;
export type KindOption = (typeof KIND_OPTIONS)[number];

const KIND_OF_OPTION: Readonly<Record<KindOption, AgentKind>> = { claude: 'claude-code', codex: 'codex', gemini: 'gemini-cli', generic: 'generic' };

/** The agent kind: `--kind` when given, else told by the command's name (`claude`, `codex`, `gemini`), else generic. */
export function agentKindOf(command: string, kind: KindOption | undefined): AgentKind {
  if (kind !== undefined) return KIND_OF_OPTION[kind];
  const name = path.basename(command);
  return name in KIND_OF_OPTION && name !== 'generic' ? KIND_OF_OPTION[name as KindOption] : 'generic';
}

/** The kind-specific adapter, if the kind has one. */
function kindAdapter(kind: AgentKind): AgentAdapter | undefined {
  switch (kind) {
    case 'claude-code':
      return createClaudeCodeAdapter();
    case 'codex':
    case 'gemini-cli':
      return createOtelEnvAdapter(kind);
    case 'generic':
      return undefined;
  }
}

/**
 * The adapters of a run, in the order they prepare: the kind's own, then
 * the work-tree watcher, which runs for every agent (an adapter that reports
 * edits itself tells it so through the ledger; edits by shell commands are
 * only visible to the watcher).
 */
export function selectAdapters(kind: AgentKind, ledger: EditLedger, watch: WatchConfig): AgentAdapter[] {
  const own = kindAdapter(kind);
  return [...(own === undefined ? [] : [own]), createGenericFsAdapter(ledger, watch)];
}
