import { ROOT_CONTEXT, createContextKey } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { createEditLedger } from '../../../agent-shim/edit-ledger.js';

const NAME = createContextKey('test tool');
const toolContext = (name: string) => ROOT_CONTEXT.setValue(NAME, name);

function ledgerAt(clock: { now: number }) {
  return createEditLedger({ toolGraceMs: 500, settledTtlMs: 10_000, now: () => clock.now });
}

describe('the file-edit ledger', () => {
  it('leaves a claimed path to the adapter until it settles', () => {
    const ledger = ledgerAt({ now: 0 });
    ledger.claim('src/a.ts');
    expect(ledger.reportedByAdapter('src/a.ts', 'sha256:1')).toBe(true);
    ledger.settle('src/a.ts');
    expect(ledger.reportedByAdapter('src/a.ts', 'sha256:1')).toBe(false);
  });

  it('recognises the content an adapter reported once, so a later identical change is reported again', () => {
    const ledger = ledgerAt({ now: 0 });
    ledger.claim('src/a.ts');
    ledger.settle('src/a.ts', 'sha256:after');
    expect(ledger.reportedByAdapter('src/a.ts', 'sha256:other')).toBe(false);
    expect(ledger.reportedByAdapter('src/a.ts', 'sha256:after')).toBe(true);
    expect(ledger.reportedByAdapter('src/a.ts', 'sha256:after')).toBe(false);
  });

  it('forgets a reported content the watcher never saw after a while', () => {
    const clock = { now: 0 };
    const ledger = ledgerAt(clock);
    ledger.settle('src/a.ts', 'sha256:after');
    clock.now = 20_000;
    expect(ledger.reportedByAdapter('src/a.ts', 'sha256:after')).toBe(false);
  });

  it('keeps two overlapping claims of one path until both settle', () => {
    const ledger = ledgerAt({ now: 0 });
    ledger.claim('a');
    ledger.claim('a');
    ledger.settle('a');
    expect(ledger.reportedByAdapter('a', undefined)).toBe(true);
    ledger.settle('a');
    expect(ledger.reportedByAdapter('a', undefined)).toBe(false);
  });

  it('attributes a change to the tool call running when it was first seen, with some grace after it ends', () => {
    const clock = { now: 1_000 };
    const ledger = ledgerAt(clock);
    const endBash = ledger.beginTool(toolContext('bash'));
    clock.now = 2_000;
    endBash();
    expect(ledger.toolContextAt(500)).toBeUndefined();
    expect(ledger.toolContextAt(1_500)?.getValue(NAME)).toBe('bash');
    expect(ledger.toolContextAt(2_400)?.getValue(NAME)).toBe('bash');
    expect(ledger.toolContextAt(2_600)).toBeUndefined();
  });

  it('picks the latest started of overlapping tool calls', () => {
    const clock = { now: 0 };
    const ledger = ledgerAt(clock);
    ledger.beginTool(toolContext('first'));
    clock.now = 100;
    ledger.beginTool(toolContext('second'));
    expect(ledger.toolContextAt(150)?.getValue(NAME)).toBe('second');
    expect(ledger.toolContextAt(50)?.getValue(NAME)).toBe('first');
  });
});
