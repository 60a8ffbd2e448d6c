import type { Storage } from '../../ingest/storage.js';
import {
  ATTR_AGENTFLEET_ASSUMPTION_SUBJECT,
  ATTR_AGENTFLEET_ASSUMPTION_TEXT,
  ATTR_AGENTFLEET_COMMAND_EXIT_CODE,
  ATTR_AGENTFLEET_COMMAND_TEXT,
  ATTR_AGENTFLEET_FILE_LINES_ADDED,
  ATTR_AGENTFLEET_FILE_LINES_REMOVED,
  ATTR_AGENTFLEET_FILE_OP,
  ATTR_AGENTFLEET_FILE_PATH,
  ATTR_AGENTFLEET_LLM_COST_USD,
  ATTR_AGENTFLEET_TASK,
  ATTR_AGENTFLEET_TOTAL_COST_USD,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  SPAN_ASSUMPTION,
  SPAN_COMMAND,
  SPAN_FILE_EDIT,
  SPAN_LLM_REQUEST,
  executeToolSpanName,
} from '../../semconv/index.js';
import { SdkSession } from './sdk-session.js';
import { waitFor } from './shim-cli.js';

/**
 * A small fleet history sent through the official OTel SDK the way the
 * shim sends it, for the storage-backed API and `agentfleet audit`:
 * - alice, session `s-alice-1` (ended, exit 0): 2 edits of src/pay/charge.ts,
 *   1 of src/pay/types.ts, 2 commands, 2 model turns, 1 assumption, 5 tool calls;
 * - alice, session `s-alice-2` (still running: no root span yet): 1 edit, 1 command;
 * - bob, session `s-bob-1` (ended, exit 1): edits of charge.ts and README.md,
 *   an assumption about charge.ts, 1 model turn;
 * - carol, session `s-carol-1` (ended): no model turns, only session totals.
 * Times are fixed (`T0` + minutes) so every figure is known.
 */

/** 2025-11-24T16:00:00Z. */
export const T0 = 1_764_000_000_000;
export const MIN = 60_000;
export const at = (minutes: number) => T0 + Math.round(minutes * MIN);

/** Every span the fixture stores (roots included). */
export const FIXTURE_SPANS = 23;
/** The fixture's work trees (/wt/…) do not exist: on another host, the server's merge tracker leaves its sessions alone instead of dropping them. */
const FIXTURE_HOST = 'audit-fixture-host';

const edit = (path: string, added: number, removed: number, op = 'modify') => ({
  [ATTR_AGENTFLEET_FILE_PATH]: path,
  [ATTR_AGENTFLEET_FILE_OP]: op,
  [ATTR_AGENTFLEET_FILE_LINES_ADDED]: added,
  [ATTR_AGENTFLEET_FILE_LINES_REMOVED]: removed,
});
const command = (text: string, exitCode: number) => ({ [ATTR_AGENTFLEET_COMMAND_TEXT]: text, [ATTR_AGENTFLEET_COMMAND_EXIT_CODE]: exitCode });
const turn = (input: number, output: number, costUsd: number) => ({ [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: input, [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: output, [ATTR_AGENTFLEET_LLM_COST_USD]: costUsd });
const assumption = (text: string, subject: string) => ({ [ATTR_AGENTFLEET_ASSUMPTION_TEXT]: text, [ATTR_AGENTFLEET_ASSUMPTION_SUBJECT]: subject });
const tool = (args: object) => ({ [ATTR_GEN_AI_TOOL_CALL_ARGUMENTS]: JSON.stringify(args) });

export async function sendAuditFixture(otlpUrl: string): Promise<void> {
  const alice1 = new SdkSession({
    otlpUrl,
    hostName: FIXTURE_HOST,
    sessionId: 's-alice-1',
    agentName: 'alice',
    worktree: '/wt/alice',
    branch: 'agentfleet/alice',
    startMs: at(0),
    rootAttributes: { [ATTR_AGENTFLEET_TASK]: 'split the payment module' },
  });
  alice1.span(executeToolSpanName('Read'), at(0.5), at(0.6), tool({ file_path: 'src/pay/charge.ts' }));
  alice1.span(executeToolSpanName('Edit'), at(1), at(1.1), tool({ file_path: 'src/pay/charge.ts', old_string: 'charge(', new_string: 'chargeCard(' }));
  alice1.span(SPAN_FILE_EDIT, at(1), at(1), edit('src/pay/charge.ts', 10, 2));
  alice1.span(SPAN_FILE_EDIT, at(2), at(2), edit('src/pay/types.ts', 4, 0, 'create'));
  alice1.span(executeToolSpanName('Bash'), at(3), at(3) + 3200, tool({ command: 'npm test -- charge' }));
  alice1.span(SPAN_COMMAND, at(3), at(3) + 3200, command('npm test -- charge', 1));
  alice1.span(SPAN_ASSUMPTION, at(4), at(4), assumption('the Charge type keeps its currency field', 'src/pay/types.ts#Charge'));
  alice1.span(executeToolSpanName('Edit'), at(5), at(5.1), tool({ file_path: 'src/pay/charge.ts' }));
  alice1.span(SPAN_FILE_EDIT, at(5), at(5), edit('src/pay/charge.ts', 3, 1));
  alice1.span(executeToolSpanName('Bash'), at(6), at(6.1), tool({ command: 'npm test' }));
  alice1.span(SPAN_COMMAND, at(6), at(6) + 1500, command('npm test', 0));
  alice1.span(SPAN_LLM_REQUEST, at(0.2), at(0.4), turn(1000, 200, 0.01));
  alice1.span(SPAN_LLM_REQUEST, at(4.5), at(4.8), turn(2000, 300, 0.02));
  alice1.end(at(10), 0);
  await alice1.send();

  const alice2 = new SdkSession({ otlpUrl, hostName: FIXTURE_HOST, sessionId: 's-alice-2', agentName: 'alice', worktree: '/wt/alice', branch: 'agentfleet/alice', startMs: at(20) });
  alice2.span(SPAN_FILE_EDIT, at(20), at(20), edit('src/pay/charge.ts', 1, 1));
  alice2.span(SPAN_COMMAND, at(21), at(21) + 200, command('git status', 0));
  await alice2.send();

  const bob = new SdkSession({ otlpUrl, hostName: FIXTURE_HOST, sessionId: 's-bob-1', agentName: 'bob', worktree: '/wt/bob', branch: 'agentfleet/bob', startMs: at(7) });
  bob.span(SPAN_FILE_EDIT, at(8), at(8), edit('src/pay/charge.ts', 7, 7));
  bob.span(SPAN_ASSUMPTION, at(8.5), at(8.5), assumption('nobody renames charge()', 'src/pay/charge.ts'));
  bob.span(SPAN_FILE_EDIT, at(9), at(9), edit('README.md', 1, 0));
  bob.span(SPAN_LLM_REQUEST, at(7.5), at(7.6), turn(500, 100, 0.005));
  bob.end(at(12), 1);
  await bob.send();

  const carol = new SdkSession({
    otlpUrl,
    hostName: FIXTURE_HOST,
    sessionId: 's-carol-1',
    agentName: 'carol',
    worktree: '/wt/carol',
    startMs: at(30),
    rootAttributes: { [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 700, [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: 70, [ATTR_AGENTFLEET_TOTAL_COST_USD]: 0.07 },
  });
  carol.span(executeToolSpanName('Read'), at(31), at(31.5), tool({ file_path: 'docs/payments.md' }));
  carol.end(at(40), 0);
  await carol.send();
}

/** Waits until `count` spans are stored (the collector acknowledges before it inserts). */
export async function waitForStoredSpans(storage: Storage, count: number): Promise<void> {
  await waitFor(`${count} stored spans`, async () => {
    const [row] = await storage.query<{ n: string }>(`SELECT count() AS n FROM ${storage.database}.otel_traces`);
    return Number(row?.n) >= count ? true : undefined;
  });
}
