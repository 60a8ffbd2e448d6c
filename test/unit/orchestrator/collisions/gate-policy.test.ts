import { describe, expect, it } from 'vitest';

import type { AlertCandidate } from '../../../../orchestrator/collisions/alert.js';
import { alertMode, createGatePolicy, parseGatePolicy } from '../../../../orchestrator/collisions/gate-policy.js';

describe('gate policy', () => {
  it('warns by default, for every agent and path', () => {
    const policy = createGatePolicy();

    expect(policy.decide('intent', 'alice', 'src/db.ts')).toBe('warn');
    expect(policy.config).toEqual({ mode: 'warn', agents: {}, paths: [] });
  });

  it('takes the first matching path rule over the agent, and the agent over the fleet', () => {
    const policy = createGatePolicy(
      parseGatePolicy({
        mode: 'ask',
        agents: { bob: 'deny', carol: 'off' },
        paths: [
          { glob: 'migrations/**', mode: 'deny' },
          { glob: '*.md', mode: 'off' },
          { glob: 'docs/**', mode: 'deny' },
        ],
      }),
    );

    expect(policy.decide('intent', 'alice', 'src/db.ts')).toBe('ask');
    expect(policy.decide('intent', 'bob', 'src/db.ts')).toBe('deny');
    expect(policy.decide('intent', 'carol', 'src/db.ts')).toBe('off');
    expect(policy.decide('intent', 'carol', 'migrations/0001/up.sql')).toBe('deny');
    expect(policy.decide('intent', 'bob', 'docs/guide.md')).toBe('off');
  });

  it('matches a glob without a slash against the file name in any folder, and dot files too', () => {
    const policy = createGatePolicy(
      parseGatePolicy({
        paths: [
          { glob: '*.sql', mode: 'deny' },
          { glob: 'src/*.ts', mode: 'ask' },
          { glob: 'config/**', mode: 'deny' },
        ],
      }),
    );

    expect(policy.decide('intent', 'a', 'db/deep/x.sql')).toBe('deny');
    expect(policy.decide('intent', 'a', 'src/a.ts')).toBe('ask');
    expect(policy.decide('intent', 'a', 'src/nested/a.ts')).toBe('warn');
    expect(policy.decide('intent', 'a', 'config/.env')).toBe('deny');
    expect(policy.decide('intent', 'a', 'other/config/x')).toBe('warn');
  });

  it('says whose edits it can hold (ask or deny) at all: by agent, for any agent when the agent is unknown, and for everyone under a holding path rule', () => {
    expect(createGatePolicy().canHold('alice')).toBe(false);
    expect(createGatePolicy().canHold(undefined)).toBe(false);

    const byAgent = createGatePolicy(parseGatePolicy({ mode: 'warn', agents: { bob: 'ask', carol: 'off' } }));
    expect(byAgent.canHold('alice')).toBe(false);
    expect(byAgent.canHold('bob')).toBe(true);
    expect(byAgent.canHold(undefined)).toBe(true);

    const strictFleet = createGatePolicy(parseGatePolicy({ mode: 'deny', agents: { carol: 'warn' } }));
    expect(strictFleet.canHold('alice')).toBe(true);
    expect(strictFleet.canHold('carol')).toBe(false);

    const byPath = createGatePolicy(parseGatePolicy({ mode: 'off', agents: { carol: 'off' }, paths: [{ glob: 'migrations/**', mode: 'deny' }] }));
    expect(byPath.canHold('carol')).toBe(true);
    expect(createGatePolicy(parseGatePolicy({ paths: [{ glob: '*.md', mode: 'off' }] })).canHold('carol')).toBe(false);
  });

  it('lowers ask and deny to warn for kinds raised after the edit, and keeps off', () => {
    const policy = createGatePolicy(parseGatePolicy({ mode: 'deny', agents: { quiet: 'off' } }));

    expect(policy.decide('overlap', 'alice', 'a.ts')).toBe('warn');
    expect(policy.decide('merge_conflict', 'alice', 'a.ts')).toBe('warn');
    expect(policy.decide('assumption', 'quiet', 'a.ts')).toBe('off');
    expect(policy.decide('intent', 'alice', 'a.ts')).toBe('deny');
  });

  it('refuses unknown fields and modes, naming where', () => {
    expect(() => parseGatePolicy({ mode: 'block' })).toThrow(/^gate policy: mode: /);
    expect(() => parseGatePolicy({ agent: {} })).toThrow(/^gate policy: \(root\): Unrecognized key: "agent"/);
    expect(() => parseGatePolicy({ paths: [{ glob: '', mode: 'deny' }] })).toThrow(/^gate policy: paths\.0\.glob: /);
    expect(() => parseGatePolicy({ agents: { bob: 'maybe' } })).toThrow(/^gate policy: agents\.bob: /);
  });

  it('keeps an alert raised after the fact unless every party and file is off', () => {
    const policy = createGatePolicy(parseGatePolicy({ agents: { alice: 'off' }, paths: [{ glob: 'vendor/**', mode: 'off' }] }));
    const party = (agentName: string) => ({ sessionId: `s-${agentName}`, agentId: agentName, agentName, worktree: '/w', branch: undefined });
    const overlap = (names: string[], files: string[]): AlertCandidate => ({
      kind: 'overlap',
      severity: 'warning',
      parties: names.map(party),
      subject: files[0]!,
      files,
      summary: '',
      evidence: { files: [], spans: [] },
    });

    expect(alertMode(policy, overlap(['alice', 'bob'], ['a.ts']))).toBe('warn');
    expect(alertMode(policy, overlap(['alice', 'alice'], ['a.ts']))).toBe('off');
    expect(alertMode(policy, overlap(['bob', 'carol'], ['vendor/x.js']))).toBe('off');
    expect(alertMode(policy, overlap(['bob', 'carol'], ['vendor/x.js', 'src/x.ts']))).toBe('warn');
  });
});
