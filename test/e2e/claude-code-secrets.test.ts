import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../orchestrator/server.js';
import {
  ATTR_AGENTFLEET_ASSUMPTION_TEXT,
  ATTR_AGENTFLEET_COMMAND_TEXT,
  ATTR_AGENTFLEET_TASK,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_CALL_RESULT,
  EVENT_USER_PROMPT,
  SPAN_ASSUMPTION,
  SPAN_COMMAND,
  SPAN_FILE_EDIT,
  SPAN_FILE_INTENT,
  SPAN_LLM_REQUEST,
  SPAN_PREFIX_EXECUTE_TOOL,
  executeToolSpanName,
  invokeAgentSpanName,
} from '../../semconv/index.js';
import type { ScriptedToolCall, ScriptedTurn } from '../../bench/scripted-anthropic.js';
import { runScriptedClaude, type ScriptedRun } from '../helpers/claude.js';
import { leakedSecrets, markerOf, secretSamples, type SecretSample } from '../helpers/secret-corpus.js';
import { waitFor } from '../helpers/shim-cli.js';
import { named, storedRows, storedSpans, type StoredSpan } from '../helpers/stored-spans.js';
import { startTestServer } from '../helpers/test-server.js';
import { tempDir } from '../helpers/temp-dir.js';

/**
 * The secret corpus (test/fixtures/secrets/: 106 samples, 64 shapes) through
 * the real Claude Code CLI wrapped by the real `agentfleet run`, with the
 * collector's own redaction switched OFF: whatever is redacted in storage
 * was redacted by the shim before it left. The scripted model writes the
 * samples into files (Write input and result), reads them back (Read
 * output), prints them from a heredoc (Bash command text and output) and
 * from the files with a failing command (error output and status), swaps
 * them with Edit (old/new strings, the original file and the diff hunks of
 * the result), declares some as assumptions through the agentfleet MCP
 * server, and one is in the user's prompt. No secret fragment may be
 * stored in any column of otel_traces or otel_logs, and every sample's
 * marker must be there.
 */

const AGENT = 'claude-secrets';
const FINAL_TEXT = 'Secrets handled.';
/** Samples are packed into files of about this size, so no tool call's stored arguments or result reach the shim's 8192-character cut. */
const BATCH_CHARS = 1_400;
const HEREDOC_END = 'AGENTFLEET_SECRETS_EOF';
const FAILING_EXIT = 3;

const samples = secretSamples();

interface Batch {
  /** Repository-relative. */
  readonly file: string;
  readonly samples: readonly SecretSample[];
  readonly content: string;
}

/** A sample as a block of a file: its text without trailing newlines (Edit's old and new strings are these). */
const block = (sample: SecretSample) => sample.text.replace(/\n+$/, '');

/**
 * The corpus in files of about BATCH_CHARS, blank line between samples.
 * A PEM block cut off before its END line is redacted to the end of its
 * text: such samples go last, so they hide no other sample's marker.
 */
function batches(): Batch[] {
  const cutOff = (s: SecretSample) => /-----BEGIN [A-Z ]*PRIVATE KEY/.test(s.text) && !s.text.includes('-----END');
  const ordered = [...samples.filter((s) => !cutOff(s)), ...samples.filter(cutOff)];
  const groups: SecretSample[][] = [[]];
  let size = 0;
  for (const sample of ordered) {
    if (size > 0 && size + sample.text.length > BATCH_CHARS) {
      groups.push([]);
      size = 0;
    }
    groups.at(-1)!.push(sample);
    size += sample.text.length;
  }
  return groups.map((group, i) => ({ file: `secrets/batch-${i}.txt`, samples: group, content: `${group.map(block).join('\n\n')}\n` }));
}

const BATCHES = batches();

/** Edits of one batch: each sample once, as old string (replaced by the next) or new string; an odd last one is swapped for the first, by then gone. */
function editsOf(batch: Batch): Array<{ readonly old: SecretSample; readonly new: SecretSample }> {
  const pairs: Array<{ old: SecretSample; new: SecretSample }> = [];
  for (let i = 0; i + 1 < batch.samples.length; i += 2) pairs.push({ old: batch.samples[i]!, new: batch.samples[i + 1]! });
  if (batch.samples.length % 2 === 1 && batch.samples.length > 1) pairs.push({ old: batch.samples.at(-1)!, new: batch.samples[0]! });
  return pairs;
}

/**
 * Reads of a window of a file: from the second line of a multi-line sample
 * to its end, where that shows part of a secret — the window starts inside
 * it (a private key's body without its BEGIN line).
 */
interface PartialRead {
  readonly batch: Batch;
  readonly sample: SecretSample;
  /** 1-based, as Read's `offset`. */
  readonly offset: number;
  readonly limit: number;
}
const windowOf = (read: PartialRead) => read.batch.content.split('\n').slice(read.offset - 1, read.offset - 1 + read.limit).join('\n');
const PARTIAL_READS: PartialRead[] = BATCHES.flatMap((batch) =>
  batch.samples
    .filter((s) => block(s).includes('\n'))
    .map((sample) => ({ batch, sample, offset: batch.content.slice(0, batch.content.indexOf(block(sample))).split('\n').length + 1, limit: block(sample).split('\n').length - 1 }))
    .filter((read) => leakedSecrets(windowOf(read), [read.sample]).length > 0),
);

/** The samples a batch's file holds after its Edits. */
function samplesAfterEdits(batch: Batch): SecretSample[] {
  const content = editsOf(batch).reduce((text, edit) => text.replace(block(edit.old), block(edit.new)), batch.content);
  return batch.samples.filter((s) => content.includes(block(s)));
}

/** One-line samples of distinct shapes: declared as assumptions, and the first one in the prompt. */
const oneLiners = samples.filter((s, i) => !s.text.trim().includes('\n') && samples.findIndex((t) => t.pattern === s.pattern) === i);
const ASSUMED = oneLiners.slice(1, 4);
const IN_PROMPT = oneLiners[0]!;
const PROMPT = `Rotate the leaked credentials, e.g. ${IN_PROMPT.text.trim()}`;

const heredoc = (content: string) => `cat <<'${HEREDOC_END}'\n${content}${HEREDOC_END}`;

function secretsScript(repo: string): ScriptedTurn[] {
  const at = (file: string) => path.join(repo, file);
  const tools = (calls: ScriptedToolCall[]): ScriptedTurn => ({ tools: calls });
  return [
    tools(BATCHES.map((b) => ({ name: 'Write', input: { file_path: at(b.file), content: b.content } }))),
    tools([
      ...BATCHES.map((b) => ({ name: 'Read', input: { file_path: at(b.file) } })),
      ...PARTIAL_READS.map((r) => ({ name: 'Read', input: { file_path: at(r.batch.file), offset: r.offset, limit: r.limit } })),
      ...BATCHES.map((b, i) => ({ name: 'Bash', input: { command: heredoc(b.content), description: `print batch ${i}` } })),
    ]),
    tools(BATCHES.flatMap((b) => editsOf(b).map((e) => ({ name: 'Edit', input: { file_path: at(b.file), old_string: block(e.old), new_string: block(e.new) } })))),
    tools([
      ...BATCHES.map((b, i) => ({ name: 'Bash', input: { command: `cat ${b.file}; exit ${FAILING_EXIT}`, description: `check batch ${i}` } })),
      ...ASSUMED.map((s) => ({ name: 'mcp__agentfleet__declare_assumption', input: { text: `deploys keep working with ${s.text.trim()}`, about: BATCHES[0]!.file } })),
    ]),
    { text: FINAL_TEXT },
  ];
}
const TURNS = 5;

const EDITS = BATCHES.reduce((n, b) => n + editsOf(b).length, 0);
const CENSUS: Record<string, number> = {
  [invokeAgentSpanName(AGENT)]: 1,
  [executeToolSpanName('Write')]: BATCHES.length,
  [executeToolSpanName('Read')]: BATCHES.length + PARTIAL_READS.length,
  [executeToolSpanName('Bash')]: 2 * BATCHES.length,
  [executeToolSpanName('Edit')]: EDITS,
  [executeToolSpanName('mcp__agentfleet__declare_assumption')]: ASSUMED.length,
  [SPAN_ASSUMPTION]: ASSUMED.length,
  [SPAN_FILE_INTENT]: BATCHES.length + EDITS,
  [SPAN_FILE_EDIT]: BATCHES.length + EDITS,
  [SPAN_COMMAND]: 2 * BATCHES.length,
  [SPAN_LLM_REQUEST]: TURNS,
};
const SPAN_COUNT = Object.values(CENSUS).reduce((a, b) => a + b, 0);

/** Markers of `expected` samples missing from `text`. */
const missingMarkers = (text: unknown, expected: readonly SecretSample[]) => expected.map(markerOf).filter((marker) => !String(text).includes(marker));

describe('the secret corpus through Claude Code wrapped by agentfleet run, collector redaction off', () => {
  let server: RunningServer;
  let run: ScriptedRun;
  let spans: StoredSpan[];
  let rows: Awaited<ReturnType<typeof storedRows>>;
  /** Every stored row, all columns, as one JSON text. */
  let stored: string;

  beforeAll(async () => {
    server = await startTestServer(tempDir('agentfleet-e2e-secrets-'), { collectorRedaction: false });
    run = await runScriptedClaude(secretsScript, { agent: AGENT, otlpUrl: server.otlpUrl, controlPlaneUrl: server.controlPlaneUrl }, { prompt: PROMPT });
    // The session span is exported last, when the agent has exited.
    spans = await waitFor('every span of the run', async () => {
      const stored = await storedSpans(server.storage, AGENT);
      return stored.length >= SPAN_COUNT && stored.some((s) => s.SpanName === invokeAgentSpanName(AGENT)) ? stored : undefined;
    });
    rows = await storedRows(server.storage);
    stored = JSON.stringify(rows);
  });
  afterAll(() => server?.shutdown());

  it('runs the whole script: every sample reached Claude Code and came back in its tool results', () => {
    expect(BATCHES.length).toBeGreaterThan(1);
    expect(new Set(samples.map((s) => s.pattern)).size).toBeGreaterThanOrEqual(50);
    expect({ code: run.result.code, stdout: run.result.stdout }).toEqual({ code: 0, stdout: `${FINAL_TEXT}\n` });
    const results = run.api.toolResults();
    expect(results).toHaveLength(3 * BATCHES.length + PARTIAL_READS.length + EDITS + BATCHES.length + ASSUMED.length);
    // Only the deliberately failing commands failed.
    expect(results.filter((r) => r.is_error === true)).toHaveLength(BATCHES.length);
    expect(leakedSecrets(JSON.stringify(results), samples)).toHaveLength(samples.reduce((n, s) => n + s.secrets.length, 0));
  });

  it('stores exactly the expected spans', () => {
    const calls = new Set(spans.filter((s) => s.SpanName.startsWith(SPAN_PREFIX_EXECUTE_TOOL)).map((s) => s.SpanId));
    const census: Record<string, number> = {};
    for (const span of spans) {
      // Counted: the edits the hooks report (under their tool call). On a loaded machine the work-tree watcher may report one of those files late, under the session.
      if (span.SpanName === SPAN_FILE_EDIT && !calls.has(span.ParentSpanId)) continue;
      census[span.SpanName] = (census[span.SpanName] ?? 0) + 1;
    }
    expect(census).toEqual(CENSUS);
  });

  it('stores no secret fragment of the corpus in any column of otel_traces or otel_logs, though the collector redacted nothing', async () => {
    expect((await server.status()).receiver.valuesRedacted).toBe(0);
    expect(stored).toContain('[REDACTED:');
    expect(leakedSecrets(stored, samples)).toEqual([]);
  });

  it("leaves each sample's marker where the sample went: Write, Read and Bash arguments and results, command text", () => {
    const calls = (tool: string) => named(spans, executeToolSpanName(tool));
    const attribute = (span: StoredSpan, key: string) => span.SpanAttributes[key];
    const writes = calls('Write');
    const reads = calls('Read').filter((r) => !attribute(r, ATTR_GEN_AI_TOOL_CALL_ARGUMENTS)!.includes('"offset"'));
    const bashes = calls('Bash');
    BATCHES.forEach((batch, i) => {
      const write = writes.find((w) => attribute(w, ATTR_GEN_AI_TOOL_CALL_ARGUMENTS)!.includes(batch.file))!;
      const read = reads.find((r) => attribute(r, ATTR_GEN_AI_TOOL_CALL_ARGUMENTS)!.includes(batch.file))!;
      const printed = bashes.find((b) => attribute(b, ATTR_GEN_AI_TOOL_CALL_ARGUMENTS)!.includes(`print batch ${i}"`))!;
      const failed = bashes.find((b) => attribute(b, ATTR_GEN_AI_TOOL_CALL_ARGUMENTS)!.includes(`check batch ${i}"`))!;
      const values = {
        'Write arguments': attribute(write, ATTR_GEN_AI_TOOL_CALL_ARGUMENTS),
        'Write result': attribute(write, ATTR_GEN_AI_TOOL_CALL_RESULT),
        'Read result': attribute(read, ATTR_GEN_AI_TOOL_CALL_RESULT),
        'Bash heredoc arguments': attribute(printed, ATTR_GEN_AI_TOOL_CALL_ARGUMENTS),
        'Bash heredoc output': attribute(printed, ATTR_GEN_AI_TOOL_CALL_RESULT),
        'command text': attribute(named(spans, SPAN_COMMAND).find((c) => c.ParentSpanId === printed.SpanId)!, ATTR_AGENTFLEET_COMMAND_TEXT),
      };
      for (const [where, value] of Object.entries(values)) expect(missingMarkers(value, batch.samples), `${batch.file}: ${where}`).toEqual([]);
      // The failing command runs after the Edits.
      expect(missingMarkers(attribute(failed, ATTR_GEN_AI_TOOL_CALL_RESULT), samplesAfterEdits(batch)), `${batch.file}: failing Bash output`).toEqual([]);
      expect(failed.StatusCode).toBe('STATUS_CODE_ERROR');
    });
  });

  it('redacts the window a Read with an offset shows, though it starts inside the secret', () => {
    const reads = named(spans, executeToolSpanName('Read')).filter((r) => r.SpanAttributes[ATTR_GEN_AI_TOOL_CALL_ARGUMENTS]!.includes('"offset"'));
    expect(reads).toHaveLength(PARTIAL_READS.length);
    for (const read of PARTIAL_READS) {
      const input = { file_path: expect.stringMatching(new RegExp(`${read.batch.file}$`)), offset: read.offset, limit: read.limit };
      const span = reads.find((r) => expect.objectContaining(input).asymmetricMatch(JSON.parse(r.SpanAttributes[ATTR_GEN_AI_TOOL_CALL_ARGUMENTS]!)))!;
      const result = JSON.parse(span.SpanAttributes[ATTR_GEN_AI_TOOL_CALL_RESULT]!) as { file: { startLine: number; content: string } };
      expect(result.file.startLine, read.sample.shape).toBe(read.offset);
      // The window shows part of a secret: a marker stands in for it.
      expect(result.file.content, read.sample.shape).toContain('[REDACTED:');
    }
  });

  it('leaves the markers of both strings of every Edit in its arguments and its result', () => {
    // Claude Code runs the Edits one after the other, in the script's order.
    const edits = named(spans, executeToolSpanName('Edit'));
    const expected = BATCHES.flatMap((batch) => editsOf(batch).map((edit) => ({ batch, edit })));
    expect(edits).toHaveLength(expected.length);
    expected.forEach(({ batch, edit }, i) => {
      const attributes = edits[i]!.SpanAttributes;
      const where = `${batch.file}: Edit of ${edit.old.shape} into ${edit.new.shape}`;
      expect((JSON.parse(attributes[ATTR_GEN_AI_TOOL_CALL_ARGUMENTS]!) as { file_path: string }).file_path.endsWith(batch.file), where).toBe(true);
      expect(missingMarkers(attributes[ATTR_GEN_AI_TOOL_CALL_ARGUMENTS], [edit.old, edit.new]), where).toEqual([]);
      expect(missingMarkers(attributes[ATTR_GEN_AI_TOOL_CALL_RESULT], [edit.old, edit.new]), where).toEqual([]);
    });
  });

  it('redacts declared assumptions (span and MCP call) and the prompt', () => {
    const texts = named(spans, SPAN_ASSUMPTION).map((s) => s.SpanAttributes[ATTR_AGENTFLEET_ASSUMPTION_TEXT]);
    expect(missingMarkers(texts.join('\n'), ASSUMED)).toEqual([]);
    const mcpCalls = named(spans, executeToolSpanName('mcp__agentfleet__declare_assumption'));
    expect(missingMarkers(mcpCalls.map((c) => c.SpanAttributes[ATTR_GEN_AI_TOOL_CALL_RESULT]).join('\n'), ASSUMED)).toEqual([]);
    // The prompt is in the user.prompt event of the session span.
    const session = rows.traces.find((r) => r['SpanName'] === invokeAgentSpanName(AGENT))!;
    const events = session['Events.Name'] as string[];
    const prompt = (session['Events.Attributes'] as Array<Record<string, string>>)[events.indexOf(EVENT_USER_PROMPT)]![ATTR_AGENTFLEET_TASK];
    expect(prompt).toMatch(/^Rotate the leaked credentials, e\.g\. /);
    expect(missingMarkers(prompt, [IN_PROMPT])).toEqual([]);
  });

  it("stores every sample's marker", () => {
    expect(missingMarkers(stored, samples)).toEqual([]);
  });
});
