/**
 * Time bounds as people type them — `--since 2h`, `since=2026-11-25T10:00Z`
 * — for the CLI and the API alike, so both accept exactly the same forms.
 */

export const TIME_BOUND_FORMS = 'an ISO 8601 time (2026-11-25 or 2026-11-25T10:00:00Z), epoch milliseconds, or a duration ago (90s, 30m, 2h, 7d, 2w)';

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)$/;
const EPOCH_MS = /^\d+$/;
// Date.parse alone would also take "1" or "March 5"; demand the ISO shape first.
const ISO_TIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;

/** Epoch milliseconds of `text` (see TIME_BOUND_FORMS), durations counted back from `nowMs`; undefined when it is none of the forms. */
export function parseTimeBound(text: string, nowMs: number): number | undefined {
  const value = text.trim();
  const duration = DURATION.exec(value);
  if (duration) return nowMs - Number(duration[1]) * UNIT_MS[duration[2]!]!;
  if (EPOCH_MS.test(value)) return Number(value);
  if (!ISO_TIME.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}
