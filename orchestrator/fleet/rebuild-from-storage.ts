import type { FeedLogEvent, FeedSpan } from '../../collector/live-feed.js';
import type { Storage } from '../../ingest/storage.js';
import type { TimeWindow } from '../queries/traces-sql.js';
import { feedRowsPerHour, HOUR_MS, queryFeedLogEvents, queryFeedSpans, type HourRows } from './feed-queries.js';
import type { FleetState } from './fleet-state.js';

export interface RebuildOptions {
  readonly storage: Storage;
  readonly fleet: FleetState;
  /** Items from before this time (epoch ms) are left out. */
  readonly sinceMs: number;
  /** Rows read per query, about (whole hours): bounds the memory a rebuild takes. */
  readonly pageRows: number;
}

export interface RebuildResult {
  readonly spans: number;
  readonly events: number;
}

/** Consecutive hours grouped into windows of about `pageRows` rows each. */
function pagesOf(hours: readonly HourRows[], sinceMs: number, pageRows: number): TimeWindow[] {
  const pages: TimeWindow[] = [];
  let start: number | undefined;
  let rows = 0;
  hours.forEach((hour, i) => {
    start ??= Math.max(sinceMs, hour.hourMs);
    rows += hour.rows;
    if (rows >= pageRows || i === hours.length - 1) {
      pages.push({ sinceMs: start, untilMs: hour.hourMs + HOUR_MS });
      start = undefined;
      rows = 0;
    }
  });
  return pages;
}

/** Applies spans and events merged by time, in batches of consecutive items of one signal. */
function applyInTimeOrder(fleet: FleetState, spans: readonly FeedSpan[], events: readonly FeedLogEvent[]): void {
  let s = 0;
  let e = 0;
  while (s < spans.length || e < events.length) {
    if (e >= events.length || (s < spans.length && spans[s]!.startMs <= events[e]!.timeMs)) {
      const from = s;
      while (s < spans.length && (e >= events.length || spans[s]!.startMs <= events[e]!.timeMs)) s++;
      fleet.apply({ signal: 'traces', spans: spans.slice(from, s) });
    } else {
      const from = e;
      while (e < events.length && (s >= spans.length || events[e]!.timeMs < spans[s]!.startMs)) e++;
      fleet.apply({ signal: 'logs', logs: events.slice(from, e) });
    }
  }
}

/**
 * Rebuilds the fleet state from what storage holds since `sinceMs`: the
 * agentfleet spans and session events, applied in time order through the
 * fleet state's own `apply`, as if they had just arrived on the live feed.
 * What arrives while this runs should be applied afterwards (fleet-service.ts
 * does): applying an item twice changes nothing.
 */
export async function rebuildFromStorage(options: RebuildOptions): Promise<RebuildResult> {
  const { storage, fleet } = options;
  let spans = 0;
  let events = 0;
  for (const window of pagesOf(await feedRowsPerHour(storage, options.sinceMs), options.sinceMs, options.pageRows)) {
    const pageSpans = await queryFeedSpans(storage, window);
    const pageEvents = await queryFeedLogEvents(storage, window);
    applyInTimeOrder(fleet, pageSpans, pageEvents);
    spans += pageSpans.length;
    events += pageEvents.length;
  }
  return { spans, events };
}
