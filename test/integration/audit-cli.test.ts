import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditDocument } from '../../orchestrator/queries/audit/audit-schema.js';
import type { RunningServer } from '../../orchestrator/server.js';
import { FIXTURE_SPANS, at, sendAuditFixture, waitForStoredSpans } from '../helpers/audit-fixture.js';
import { jsonKeyPaths } from '../helpers/json-keys.js';
import { startAgentfleet, waitFor, type ProcessResult } from '../helpers/shim-cli.js';
import { tempDir } from '../helpers/temp-dir.js';
import { startTestServer } from '../helpers/test-server.js';

/** What the server's collision engine raises from the fixture: each of alice's sessions changed the file bob changed and assumed about. */
const EXPECTED_ALERTS = 4;

describe('agentfleet audit', () => {
  const dataDir = tempDir();
  let server: RunningServer | undefined;
  let onlineJson: AuditDocument;

  const audit = async (...args: string[]): Promise<ProcessResult> =>
    startAgentfleet(['audit', '--data-dir', dataDir, ...args], { cwd: dataDir, env: { TZ: 'UTC' } }).result;

  beforeAll(async () => {
    server = await startTestServer(dataDir);
    await sendAuditFixture(server.otlpUrl);
    await waitForStoredSpans(server.storage, FIXTURE_SPANS);
    const engine = server.collisions;
    await waitFor('the collision engine to raise the fixture\'s alerts', () => (engine.book.all().length >= EXPECTED_ALERTS ? true : undefined));
  });
  afterAll(() => server?.shutdown());

  it('asks the running server, and --json prints its API response', async () => {
    const result = await audit('--agent', 'alice', '--json');
    expect(result.code, result.stderr).toBe(0);
    onlineJson = JSON.parse(result.stdout) as AuditDocument;
    const api = (await (await fetch(`${server!.controlPlaneUrl}/api/v1/audit?agent=alice`)).json()) as AuditDocument;
    expect(onlineJson).toEqual(api);
    expect(onlineJson.files.map((f) => [f.path, f.linesAdded, f.linesRemoved])).toEqual([['src/pay/charge.ts', 14, 4], ['src/pay/types.ts', 4, 0]]);
    expect(onlineJson.alerts.map((a) => [a.kind, a.files, a.parties.map((p) => p.sessionId).sort()]).sort()).toEqual([
      ['assumption', ['src/pay/charge.ts'], ['s-alice-1', 's-bob-1']],
      ['assumption', ['src/pay/charge.ts'], ['s-alice-2', 's-bob-1']],
      ['overlap', ['src/pay/charge.ts'], ['s-alice-1', 's-bob-1']],
      ['overlap', ['src/pay/charge.ts'], ['s-alice-2', 's-bob-1']],
    ]);
  });

  it('keeps the keys of its --json document (evidence of alerts is the collision engine\'s)', () => {
    expect(jsonKeyPaths(onlineJson, ['alerts[].evidence'])).toEqual([
      'alerts', 'alerts[].evidence', 'alerts[].files', 'alerts[].firstSeenMs', 'alerts[].id', 'alerts[].kind', 'alerts[].lastSeenMs',
      'alerts[].parties', 'alerts[].parties[].agentId', 'alerts[].parties[].agentName', 'alerts[].parties[].branch', 'alerts[].parties[].sessionId',
      'alerts[].parties[].worktree', 'alerts[].severity', 'alerts[].state', 'alerts[].summary', 'alerts[].version', 'assumptions',
      'assumptions[].agent', 'assumptions[].atMs', 'assumptions[].id', 'assumptions[].sessionId', 'assumptions[].subject', 'assumptions[].text',
      'commands', 'commands[].agent', 'commands[].atMs', 'commands[].durationMs', 'commands[].exitCode', 'commands[].sessionId', 'commands[].text',
      'files', 'files[].agent', 'files[].edits', 'files[].firstEditMs', 'files[].lastEditMs', 'files[].lastOp', 'files[].linesAdded',
      'files[].linesRemoved', 'files[].path', 'files[].sessionIds', 'filter', 'filter.agent', 'filter.file', 'filter.session', 'filter.sinceMs',
      'filter.untilMs', 'sessions', 'sessions[].agent', 'sessions[].agentId', 'sessions[].branch', 'sessions[].endedMs', 'sessions[].exitCode',
      'sessions[].exitSignal', 'sessions[].lastSeenMs', 'sessions[].sessionId', 'sessions[].startedMs', 'sessions[].task', 'sessions[].traceId',
      'sessions[].usage', 'sessions[].usage.costUsd', 'sessions[].usage.inputTokens', 'sessions[].usage.llmRequests', 'sessions[].usage.outputTokens',
      'sessions[].worktree', 'toolCalls', 'toolCalls[].calls', 'toolCalls[].errors', 'toolCalls[].tool', 'toolCalls[].totalDurationMs', 'truncated',
      'usage', 'usage.costUsd', 'usage.inputTokens', 'usage.llmRequests', 'usage.outputTokens',
    ]);
  });

  it('prints aligned, readable sections for a human', async () => {
    const result = await audit('--agent', 'alice');
    expect(result.code, result.stderr).toBe(0);
    const out = result.stdout;
    expect(out.split('\n')[0]).toBe('audit of agent alice (all recorded time)');
    expect(out).toMatch(/^sessions \(2\)\n {2}session +agent +started +took +exit +tokens in \/ out +cost +task$/m);
    expect(out).toMatch(/^ {2}s-alice-1 +alice +2025-11-24 16:00:00 +10m 0s +0 +3,000 \/ 500 +\$0\.03 +split the payment module$/m);
    expect(out).toMatch(/^ {2}s-alice-2 +alice +2025-11-24 16:20:00 +running +0 \/ 0 +\$0\.00$/m);
    expect(out).toMatch(/^ {2}src\/pay\/charge\.ts +alice +3 +\+14 +-4 +modify +2025-11-24 16:20:00$/m);
    expect(out).toMatch(/^ {2}2025-11-24 16:03:00 +alice +1 +3\.2 s +npm test -- charge$/m);
    expect(out).toMatch(/^ {2}2025-11-24 16:04:00 +alice +the Charge type keeps its currency field +\(about src\/pay\/types\.ts#Charge\)$/m);
    expect(out).toMatch(/^alerts \(4\)$/m);
    expect(out).toMatch(/^ {2}warning +overlap +open +alice and bob both changed src\/pay\/charge\.ts, unmerged \(alice \+13 −3, bob \+7 −7\)$/m);
    expect(out).toMatch(/^tokens and cost\n {2}3,000 input tokens, 500 output tokens, \$0\.03 \(2 model turns\)$/m);
    // Columns line up: every row of the files table starts its counts at the same place.
    const fileRows = out.split('\n').filter((line) => line.startsWith('  src/pay/'));
    expect(new Set(fileRows.map((line) => line.indexOf(' alice ')))).toHaveProperty('size', 1);
  });

  it('takes --since and --until as ISO times or durations', async () => {
    const windowed = JSON.parse((await audit('--agent', 'alice', '--since', '2025-11-24T16:15:00Z', '--json')).stdout) as AuditDocument;
    expect(windowed.filter.sinceMs).toBe(at(15));
    expect(windowed.sessions.map((s) => s.sessionId)).toEqual(['s-alice-2']);
    const early = JSON.parse((await audit('--session', 's-alice-1', '--until', '2025-11-24T16:03:30Z', '--json')).stdout) as AuditDocument;
    expect(early.commands.map((c) => c.text)).toEqual(['npm test -- charge']);
    // The fixture is from 2025: nothing of it falls in the last two hours.
    const recent = JSON.parse((await audit('--file', 'src/pay/charge.ts', '--since', '2h', '--json')).stdout) as AuditDocument;
    expect(recent.filter.sinceMs).toBeGreaterThan(Date.now() - 2 * 3_600_000 - 60_000);
    expect([recent.sessions, recent.files]).toEqual([[], []]);
  });

  it('says what is wrong with its arguments', async () => {
    const none = await audit();
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('give one of --agent, --session, --file');
    const two = await audit('--agent', 'alice', '--file', 'a.ts');
    expect(two.code).not.toBe(0);
    expect(two.stderr).toMatch(/--agent <name>' cannot be used with option '--file <path>'/);
    const since = await audit('--agent', 'alice', '--since', 'soon');
    expect(since.code).not.toBe(0);
    expect(since.stderr).toContain('expected an ISO 8601 time');
  });

  it('with no server running, opens the data directory itself and prints the same report', async () => {
    await server!.shutdown();
    server = undefined;
    const result = await audit('--agent', 'alice', '--json');
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(onlineJson);
  });
});
