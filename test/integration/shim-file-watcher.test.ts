import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import type { AgentAdapter } from '../../agent-shim/agent-adapter.js';
import { createGenericFsAdapter } from '../../agent-shim/adapters/generic-fs.js';
import { contentHash } from '../../agent-shim/claude/file-snapshot.js';
import { createEditLedger, type EditLedger } from '../../agent-shim/edit-ledger.js';
import { defaultWatchConfig, type WatchConfig } from '../../agent-shim/fs-watch/watch-config.js';
import { ATTR_AGENTFLEET_FILE_LINES_ADDED, ATTR_AGENTFLEET_FILE_LINES_REMOVED, ATTR_AGENTFLEET_FILE_OP, ATTR_AGENTFLEET_FILE_PATH, SPAN_FILE_EDIT } from '../../semconv/index.js';
import { fakeAdapterContext } from '../helpers/fake-adapter-context.js';
import { makeGitRepo } from '../helpers/shim-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The watcher adapter prepared on `workTree` with a real ledger, as `agentfleet run` sets it up. */
async function watching(workTree: string, isGit: boolean, watch: Partial<WatchConfig> = {}) {
  const fake = fakeAdapterContext(workTree, { spoolDir: path.join(tempDir(), 'spool') });
  const context = { ...fake.context, workTree: { ...fake.context.workTree, isGit } };
  const ledger: EditLedger = createEditLedger({ toolGraceMs: 500, settledTtlMs: 10_000 });
  const adapter: AgentAdapter = createGenericFsAdapter(ledger, { ...defaultWatchConfig(), ...watch });
  await adapter.prepare({ command: 'agent', args: [], env: {}, cwd: workTree }, context);
  const edits = async () => {
    await adapter.stop();
    return fake.finished().filter((s) => s.name === SPAN_FILE_EDIT);
  };
  return { fake, context, ledger, edits };
}

describe('the work-tree watcher beside an adapter that reports edits itself', () => {
  it('skips the edits the adapter reported and parents a shell command\'s edits to the command\'s span', async () => {
    const repo = tempDir();
    makeGitRepo(repo, { 'hooked.txt': 'old\n' });
    const { fake, context, ledger, edits } = await watching(repo, true);

    // An Edit tool call: claimed at PreToolUse, settled with the new content's hash at PostToolUse.
    ledger.claim('hooked.txt');
    writeFileSync(path.join(repo, 'hooked.txt'), 'new\n');
    await pause(300);
    ledger.settle('hooked.txt', contentHash('new\n'));

    // A Bash tool call that writes a file: only the watcher sees it.
    const bash = context.telemetry.tracer.startSpan('execute_tool Bash', {}, context.telemetry.sessionContext);
    const endBash = ledger.beginTool(trace.setSpan(context.telemetry.sessionContext, bash));
    writeFileSync(path.join(repo, 'by-bash.txt'), 'generated\n');
    await pause(300);
    endBash();
    bash.end();

    const spans = await edits();
    expect(spans.map((s) => s.attributes[ATTR_AGENTFLEET_FILE_PATH])).toEqual(['by-bash.txt']);
    expect(spans[0]!.parentSpanContext?.spanId).toBe(bash.spanContext().spanId);
    expect([...context.totals.filesChanged]).toEqual(['by-bash.txt']);
    fake.endSession();
  });

  it('counts lines against HEAD for a file whose content at start was over the budget', async () => {
    const repo = tempDir();
    makeGitRepo(repo, { 'big.txt': 'a\nb\nc\n' });
    const { edits } = await watching(repo, true, { maxCachedContentBytes: 1 });
    writeFileSync(path.join(repo, 'big.txt'), 'a\nB\nc\nd\n');
    const [edit] = await edits();
    expect(edit?.attributes).toMatchObject({ [ATTR_AGENTFLEET_FILE_OP]: 'modify', [ATTR_AGENTFLEET_FILE_LINES_ADDED]: 2, [ATTR_AGENTFLEET_FILE_LINES_REMOVED]: 1 });
  });

  it('stops watching a new directory git ignores, and outside git skips only .git and node_modules', async () => {
    const repo = tempDir();
    makeGitRepo(repo, {});
    const inGit = await watching(repo, true);
    mkdirSync(path.join(repo, 'build', 'deep'), { recursive: true });
    writeFileSync(path.join(repo, 'build', 'deep', 'out.js'), 'x\n');
    writeFileSync(path.join(repo, 'kept.txt'), 'k\n');
    await pause(300);
    writeFileSync(path.join(repo, 'build', 'deep', 'later.js'), 'y\n');
    expect((await inGit.edits()).map((s) => s.attributes[ATTR_AGENTFLEET_FILE_PATH])).toEqual(['kept.txt']);

    const plain = tempDir();
    const outsideGit = await watching(plain, false);
    for (const dir of ['node_modules/pkg', '.git', 'src']) mkdirSync(path.join(plain, dir), { recursive: true });
    writeFileSync(path.join(plain, 'node_modules', 'pkg', 'index.js'), 'x\n');
    writeFileSync(path.join(plain, '.git', 'HEAD'), 'ref\n');
    writeFileSync(path.join(plain, 'src', 'main.ts'), 'code\n');
    writeFileSync(path.join(plain, 'debug.log'), 'not ignored without git\n');
    expect((await outsideGit.edits()).map((s) => s.attributes[ATTR_AGENTFLEET_FILE_PATH]).sort()).toEqual(['debug.log', 'src/main.ts']);
  });
});
