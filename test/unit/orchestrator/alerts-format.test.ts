import { beforeAll, describe, expect, it } from 'vitest';
import { describeChange, formatAlertChange, formatAlertList } from '../../../orchestrator/alerts-format.js';
import { alertFilterOf, selectAlerts, type AlertQuery } from '../../../orchestrator/collisions/alert-filter.js';
import type { HunkLookup } from '../../../orchestrator/collisions/hunk-index.js';
import { detectOverlaps } from '../../../orchestrator/collisions/overlap.js';
import { alertListSchema, type AlertList } from '../../../orchestrator/routes/alerts.js';
import { FIXTURE_T0, fleetFixture, type FleetFixture } from '../../helpers/fleet-fixture.js';

/** The fixture's alerts as `GET /api/v1/alerts?…` answers them. */
function listOf(fixture: FleetFixture, query: AlertQuery, limit = 100): AlertList {
  return alertListSchema.parse(JSON.parse(JSON.stringify(selectAlerts(fixture.book.all(), alertFilterOf(query), limit))));
}

const INTENT_SUMMARY = 'carol is about to edit src/a.ts, which alice changed on agentfleet/alice and has not merged (+4 −1)';
const OVERLAP_SUMMARY = 'alice and bob both changed src/db.ts, unmerged (alice +4 −1, bob +4 −1)';

describe('agentfleet alerts output', () => {
  beforeAll(() => {
    process.env['TZ'] = 'UTC';
  });

  it('lists alerts newest change first in aligned columns under a heading that counts them by kind', () => {
    const fixture = fleetFixture();
    expect(formatAlertList(listOf(fixture, {}), {})).toBe(
      [
        '2 alerts open or acknowledged: 1 overlap, 1 intent',
        '',
        '  severity  kind     state  last change          id                        summary',
        `  warning   intent   open   2025-11-24 16:00:02  ${fixture.intentId}   ${INTENT_SUMMARY}`,
        `  warning   overlap  open   2025-11-24 16:00:01  ${fixture.overlapId}  ${OVERLAP_SUMMARY}`,
        '',
      ].join('\n'),
    );
  });

  it('says who acknowledged or resolved an alert, what was left out, and when nothing matched', () => {
    const fixture = fleetFixture();
    fixture.book.acknowledge(fixture.overlapId, 'dana');
    fixture.book.resolve(fixture.intentId, 'erin', FIXTURE_T0 + 5_000);
    const all = { state: new Set(['all'] as const) };
    const lines = formatAlertList(listOf(fixture, all, 1), all).split('\n');
    expect(lines[0]).toBe('2 alerts in any state: 1 overlap, 1 intent');
    expect(lines[3]).toBe(`  warning   intent  resolved  2025-11-24 16:00:05  ${fixture.intentId}  ${INTENT_SUMMARY} (resolved: manual by erin)`);
    expect(lines[4]).toBe('  … and 1 more (--limit raises it)');
    expect(formatAlertList(listOf(fixture, {}), {}).split('\n')[3]).toMatch(/\(acknowledged by dana\)$/);
    const critical = { severity: new Set(['critical'] as const) };
    expect(formatAlertList(listOf(fixture, critical), critical)).toBe('0 alerts open or acknowledged\n');
  });

  it('prints --watch lines with fixed columns, so lines printed apart in time still align', () => {
    const fixture = fleetFixture();
    const [intent, overlap] = listOf(fixture, {}).alerts;
    expect(formatAlertChange('opened', intent!)).toBe(`2025-11-24 16:00:02  opened        warning   intent          ${fixture.intentId.padEnd(31)}  ${INTENT_SUMMARY}`);
    expect(formatAlertChange('acknowledged', overlap!).indexOf(fixture.overlapId)).toBe(formatAlertChange('opened', intent!).indexOf(fixture.intentId));
  });

  it('tells opened, updated, acknowledged, resolved and reopened apart from the version seen before, and skips repeats', () => {
    const fixture = fleetFixture();
    const alert = () => listOf(fixture, { state: new Set(['all'] as const) }).alerts.find((a) => a.id === fixture.overlapId)!;
    const opened = alert();
    expect(describeChange(undefined, opened)).toBe('opened');
    expect(describeChange(opened, opened)).toBeUndefined();
    fixture.book.acknowledge(fixture.overlapId, 'dana');
    const acknowledged = alert();
    expect(describeChange(opened, acknowledged)).toBe('acknowledged');
    fixture.book.resolve(fixture.overlapId, 'dana', FIXTURE_T0 + 5_000);
    const resolved = alert();
    expect(describeChange(acknowledged, resolved)).toBe('resolved');
    expect(describeChange(undefined, resolved)).toBe('resolved');
    const reopened = { ...resolved, state: 'open' as const, resolution: undefined, resolvedMs: undefined, version: resolved.version + 1 };
    expect(describeChange(resolved, reopened)).toBe('reopened');
    expect(describeChange(reopened, { ...reopened, summary: 'changed', version: reopened.version + 1 })).toBe('updated');
  });

  it("lists under an alert where each side changed its files, as diff hunk headers, at most three per side", () => {
    const fixture = fleetFixture();
    const hunk = (oldStart: number, oldLines: number, newStart: number, newLines: number) => ({ oldStart, oldLines, newStart, newLines });
    const hunksOf: HunkLookup = (sessionId) =>
      sessionId === fixture.sessions.alice.id
        ? { hunks: [hunk(1, 1, 1, 1), hunk(5, 0, 6, 2), hunk(10, 3, 12, 0), hunk(20, 1, 19, 1)], omitted: 2 }
        : { hunks: [hunk(7, 1, 7, 1)], omitted: 0 };
    fixture.book.upsert(detectOverlaps(fixture.fleet.sessions(), hunksOf)[0]!, FIXTURE_T0 + 3_000);

    const lines = formatAlertList(listOf(fixture, {}), {}).split('\n');

    expect(lines[3]).toContain(fixture.overlapId);
    expect(lines[4]).toBe('    src/db.ts — alice: -1 +1, -5,0 +6,2, -10,3 +12,0 (+3 more); bob: -7 +7');
    expect(lines[5]).toContain(fixture.intentId);
  });
});
