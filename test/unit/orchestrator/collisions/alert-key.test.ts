import { describe, expect, it } from 'vitest';

import type { AlertParty } from '../../../../orchestrator/collisions/alert.js';
import { alertKey } from '../../../../orchestrator/collisions/alert-key.js';

const alice: AlertParty = { sessionId: 's-alice', agentId: 'a', agentName: 'alice', worktree: '/w/a', branch: 'a' };
const bob: AlertParty = { sessionId: 's-bob', agentId: 'b', agentName: 'bob', worktree: '/w/b', branch: 'b' };
const carol: AlertParty = { sessionId: 's-carol', agentId: 'c', agentName: 'carol', worktree: '/w/c', branch: 'c' };

describe('alertKey', () => {
  it('is the same whichever way round the parties are listed', () => {
    expect(alertKey({ kind: 'overlap', parties: [alice, bob], subject: 'src/db.ts' })).toBe(
      alertKey({ kind: 'overlap', parties: [bob, alice], subject: 'src/db.ts' }),
    );
  });

  it('ignores what is not identity: names, work trees and branches of the same sessions', () => {
    const renamed = { ...alice, agentName: 'alice-2', worktree: '/elsewhere', branch: undefined };
    expect(alertKey({ kind: 'overlap', parties: [renamed, bob], subject: 'x' })).toBe(
      alertKey({ kind: 'overlap', parties: [alice, bob], subject: 'x' }),
    );
  });

  it('differs by kind, by subject and by either party', () => {
    const base = alertKey({ kind: 'overlap', parties: [alice, bob], subject: 'src/db.ts' });
    const others = [
      alertKey({ kind: 'intent', parties: [alice, bob], subject: 'src/db.ts' }),
      alertKey({ kind: 'overlap', parties: [alice, bob], subject: 'src/api.ts' }),
      alertKey({ kind: 'overlap', parties: [alice, carol], subject: 'src/db.ts' }),
      alertKey({ kind: 'overlap', parties: [carol, bob], subject: 'src/db.ts' }),
    ];
    expect(new Set([base, ...others]).size).toBe(5);
  });

  it('names a target-branch party by its branch, and shows the kind in the id', () => {
    const main: AlertParty = { sessionId: '', agentId: '', agentName: '', worktree: '', branch: 'main' };
    const release = { ...main, branch: 'release' };
    const onMain = alertKey({ kind: 'merge_conflict', parties: [alice, main], subject: 'src/db.ts' });
    expect(onMain).toMatch(/^merge_conflict-[0-9a-f]{16}$/);
    expect(onMain).not.toBe(alertKey({ kind: 'merge_conflict', parties: [alice, release], subject: 'src/db.ts' }));
  });
});
