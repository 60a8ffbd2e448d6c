import { describe, expect, it } from 'vitest';
import { parseTimeBound } from '../../../orchestrator/time-bound.js';

const NOW = Date.parse('2026-11-25T12:00:00Z');

describe('parseTimeBound', () => {
  it('counts durations back from now', () => {
    expect(parseTimeBound('30m', NOW)).toBe(NOW - 30 * 60_000);
    expect(parseTimeBound('2h', NOW)).toBe(NOW - 2 * 3_600_000);
    expect(parseTimeBound('7d', NOW)).toBe(NOW - 7 * 86_400_000);
    expect(parseTimeBound('1.5h', NOW)).toBe(NOW - 5_400_000);
    expect(parseTimeBound('90s', NOW)).toBe(NOW - 90_000);
    expect(parseTimeBound('2w', NOW)).toBe(NOW - 14 * 86_400_000);
    expect(parseTimeBound('250ms', NOW)).toBe(NOW - 250);
  });

  it('takes ISO 8601 dates and times, and epoch milliseconds', () => {
    expect(parseTimeBound('2026-11-25T10:00:00Z', NOW)).toBe(Date.parse('2026-11-25T10:00:00Z'));
    expect(parseTimeBound('2026-11-25T10:00+02:00', NOW)).toBe(Date.parse('2026-11-25T08:00:00Z'));
    expect(parseTimeBound('2026-11-25', NOW)).toBe(Date.parse('2026-11-25'));
    expect(parseTimeBound('1764000000000', NOW)).toBe(1_764_000_000_000);
  });

  it('refuses anything else', () => {
    for (const text of ['', 'yesterday', '2h ago', 'March 5', '-5m', '2026-13-45', '10x', '2026-11-25T25:00Z']) expect(parseTimeBound(text, NOW), text).toBeUndefined();
  });
});
