import { describe, expect, it } from 'vitest';

import { createAlertBook } from '../../../../orchestrator/collisions/alert-book.js';
import { createGatePolicy } from '../../../../orchestrator/collisions/gate-policy.js';
import { evaluateIntent } from '../../../../orchestrator/collisions/intent.js';
import { detectOverlaps } from '../../../../orchestrator/collisions/overlap.js';
import { whyResolved } from '../../../../orchestrator/collisions/resolution.js';
import { fileChange, session, T0 } from '../../../helpers/fleet-sessions.js';

describe('whyResolved', () => {
  const alice = session('alice', { files: ['a.ts'] });
  const bob = session('bob', { files: ['a.ts'] });
  const overlap = createAlertBook().upsert(detectOverlaps([alice, bob])[0]!, T0);

  it('says the work tree was removed when a session of the alert is gone from the fleet', () => {
    expect(whyResolved(overlap, [alice])).toBe('worktree_removed');
  });

  it('says the changes no longer meet when both sessions are still there', () => {
    expect(whyResolved(overlap, [alice, session('bob', { files: [fileChange('a.ts', { unmerged: false })] })])).toBe('no_longer_overlapping');
  });

  it('says an intent was superseded once the requester made its own edit', () => {
    const [candidate] = evaluateIntent({ sessionId: 's-bob', paths: ['a.ts'] }, [session('bob'), alice], createGatePolicy()).alerts;
    const intent = createAlertBook().upsert(candidate!, T0);

    expect(whyResolved(intent, [alice, bob])).toBe('superseded');
    expect(whyResolved(intent, [alice, session('bob')])).toBe('no_longer_overlapping');
  });
});
