import path from 'node:path';
import type { AdapterContext, AgentAdapter } from '../agent-adapter.js';
import { MAX_SNAPSHOT_BYTES, snapshotFile } from '../claude/file-snapshot.js';
import type { EditLedger } from '../edit-ledger.js';
import { BaselineReader, headSnapshot } from '../fs-watch/baseline.js';
import { fileChanges, type ObservedPath } from '../fs-watch/file-changes.js';
import { emitFileEdit } from '../fs-watch/file-edit-span.js';
import { FileStates } from '../fs-watch/file-states.js';
import { loadIgnoreRules } from '../fs-watch/ignore-rules.js';
import type { WatchConfig } from '../fs-watch/watch-config.js';
import { createWorkTreeWatcher, type DirtyPath, type WorkTreeWatcher } from '../fs-watch/work-tree-watcher.js';
import { textPolicyOf } from '../telemetry/agent-text.js';

/** The shim's own files inside a work tree (`agentfleet up`'s data, the spool by default): never the agent's edits. */
const SHIM_DIR = '.agentfleet';

/**
 * Capture for any agent: watches the work tree (skipping `.git` and what
 * git ignores) and reports each changed file as a `file.edit` span — op,
 * line counts against the last known content, hashes before and after.
 * It runs beside every other adapter: changes an adapter reports itself
 * (through the `FileEditLedger`) are skipped here, and changes made while
 * a shell-command tool call runs become children of that call's span.
 *
 * What it cannot see: the agent's stdout and stderr stay the terminal's
 * (piping them to count bytes would change how the agent behaves), so the
 * process is described by its lifetime and exit only.
 */
export function createGenericFsAdapter(ledger: EditLedger, config: WatchConfig): AgentAdapter {
  let watcher: WorkTreeWatcher | undefined;
  let baseline: BaselineReader | undefined;

  async function report(context: AdapterContext, states: FileStates, batch: DirtyPath[]): Promise<void> {
    const root = context.workTree.path;
    const observed: ObservedPath[] = [];
    for (const { path: filePath, firstSeenMs } of batch) {
      let before = states.get(filePath);
      // Known to exist but never read: what HEAD has is the best guess at its content when the agent started.
      if (before !== undefined && before.hash === undefined && context.workTree.isGit) {
        before = (await headSnapshot(root, filePath, MAX_SNAPSHOT_BYTES)) ?? before;
      }
      const now = await snapshotFile(path.join(root, filePath));
      const after = now.exists ? now : undefined;
      states.set(filePath, after);
      observed.push({ path: filePath, firstSeenMs, before, after });
    }
    for (const change of fileChanges(observed)) {
      if (ledger.reportedByAdapter(change.path, change.after?.hash)) continue;
      emitFileEdit(context.telemetry, textPolicyOf(context), change, ledger.toolContextAt(change.firstSeenMs) ?? context.telemetry.sessionContext);
      context.totals.filesChanged.add(change.path);
    }
  }

  return {
    kind: 'generic',
    async prepare(launch, context) {
      const root = context.workTree.path;
      const rules = await loadIgnoreRules(root, context.workTree.isGit, [path.resolve(context.config.spoolDir), path.join(root, SHIM_DIR)]);
      const states = new FileStates(config.maxCachedContentBytes, config.maxCachedFileBytes);
      const reader = new BaselineReader(root, states, config.maxCachedContentBytes, config.maxCachedFileBytes);
      baseline = reader;
      watcher = createWorkTreeWatcher({
        root,
        rules,
        config,
        log: context.log,
        onExisting: (filePath, stats) => reader.add(filePath, stats),
        onBatch: (batch) => report(context, states, batch),
      });
      // Changes before the scan is done would be taken for files that were already there: the agent starts after it.
      await watcher.start();
      return launch;
    },
    async stop() {
      await watcher?.stop();
      baseline?.stop();
    },
  };
}
