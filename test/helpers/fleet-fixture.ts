import type { FeedLogEvent, FeedSpan } from '../../collector/live-feed.js';
import { createAlertBook, type AlertBook } from '../../orchestrator/collisions/alert-book.js';
import { createGatePolicy } from '../../orchestrator/collisions/gate-policy.js';
import { evaluateIntent } from '../../orchestrator/collisions/intent.js';
import { detectOverlaps } from '../../orchestrator/collisions/overlap.js';
import { createFleetState, type FleetState } from '../../orchestrator/fleet/fleet-state.js';
import {
  ATTR_AGENTFLEET_EXIT_CODE,
  ATTR_AGENTFLEET_FILE_LINES_ADDED,
  ATTR_AGENTFLEET_FILE_LINES_REMOVED,
  ATTR_AGENTFLEET_FILE_OP,
  ATTR_AGENTFLEET_FILE_PATH,
  ATTR_GEN_AI_TOOL_CALL_ID,
  ATTR_GEN_AI_TOOL_NAME,
  EVENT_SESSION_END,
  EVENT_SESSION_START,
  EVENT_TOOL_START,
  SPAN_FILE_EDIT,
} from '../../semconv/index.js';
import { feedBatch, feedEvent, feedSession, feedSpan, type FeedSession } from './feed-items.js';

/**
 * A small fleet for the fleet and alert routes and the CLIs that read
 * them: a real FleetState fed live-feed items, and a real AlertBook holding
 * what the real detectors find in it.
 *
 * - alice (/w/alice, branch agentfleet/alice): running, changed src/db.ts and src/a.ts;
 * - bob (/w/bob): done (exit 0), changed src/db.ts → an `overlap` alert with alice;
 * - carol (/w/carol): running Bash, about to edit src/a.ts → an `intent` alert with alice.
 */
export const FIXTURE_T0 = 1_764_000_000_000;

export interface FleetFixture {
  readonly fleet: FleetState;
  readonly book: AlertBook;
  readonly sessions: { readonly alice: FeedSession; readonly bob: FeedSession; readonly carol: FeedSession };
  /** Alert ids: the overlap (seen at T0 + 1 s) and the intent (T0 + 2 s). */
  readonly overlapId: string;
  readonly intentId: string;
}

const edit = (session: FeedSession, path: string, atMs: number) =>
  feedSpan(session, SPAN_FILE_EDIT, {
    startMs: atMs,
    attributes: { [ATTR_AGENTFLEET_FILE_PATH]: path, [ATTR_AGENTFLEET_FILE_OP]: 'modify', [ATTR_AGENTFLEET_FILE_LINES_ADDED]: '4', [ATTR_AGENTFLEET_FILE_LINES_REMOVED]: '1' },
  });

export function fleetFixture(): FleetFixture {
  const alice = feedSession('run-alice', { agentName: 'alice', worktree: '/w/alice', branch: 'agentfleet/alice' });
  const bob = feedSession('run-bob', { agentName: 'bob', worktree: '/w/bob', branch: 'agentfleet/bob' });
  const carol = feedSession('run-carol', { agentName: 'carol', worktree: '/w/carol', branch: 'agentfleet/carol' });
  const t = FIXTURE_T0;
  const items: (FeedSpan | FeedLogEvent)[] = [
    feedEvent(alice, EVENT_SESSION_START, t),
    edit(alice, 'src/db.ts', t + 100),
    edit(alice, 'src/a.ts', t + 200),
    feedEvent(bob, EVENT_SESSION_START, t + 10),
    edit(bob, 'src/db.ts', t + 300),
    feedEvent(bob, EVENT_SESSION_END, t + 400, { [ATTR_AGENTFLEET_EXIT_CODE]: '0' }),
    feedEvent(carol, EVENT_SESSION_START, t + 20),
    feedEvent(carol, EVENT_TOOL_START, t + 500, { [ATTR_GEN_AI_TOOL_NAME]: 'Bash', [ATTR_GEN_AI_TOOL_CALL_ID]: 'toolu_c1' }),
  ];
  const fleet = createFleetState();
  for (const batch of feedBatch(items)) fleet.apply(batch);

  const book = createAlertBook();
  const [overlap] = detectOverlaps(fleet.sessions());
  const intent = evaluateIntent({ sessionId: carol.id, paths: ['src/a.ts'] }, fleet.sessions(), createGatePolicy()).alerts[0];
  if (overlap === undefined || intent === undefined) throw new Error('the fixture fleet should have an overlap and an intent');
  const overlapId = book.upsert(overlap, t + 1_000).id;
  const intentId = book.upsert(intent, t + 2_000).id;
  return { fleet, book, sessions: { alice, bob, carol }, overlapId, intentId };
}
