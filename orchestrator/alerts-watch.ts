import { describeChange, formatAlertChange, type AlertChangeWord } from './alerts-format.js';
import { fetchAlerts, type AlertsQuery } from './alerts-report.js';
import { alertFilterOf, matchesAlert } from './collisions/alert-filter.js';
import { alertSchema } from './collisions/alert-schema.js';
import { ALERT_EVENT } from './collisions/collision-service.js';
import { followEventStream } from './event-stream-client.js';
import type { ListedAlert } from './routes/alerts.js';
import { STREAM_API } from './routes/stream.js';
import { RESET_EVENT } from './stream/sse-hub.js';

export interface WatchRequest {
  /** Control plane URL of the running server. */
  readonly server: string;
  readonly token: string | undefined;
  readonly query: AlertsQuery;
  /** One JSON document per line (`{ change, alert }`) instead of aligned text. */
  readonly json: boolean;
  /** Where lines go (stdout), and notes about the connection (stderr). */
  readonly write: (line: string) => void;
  readonly note: (line: string) => void;
  /** Ends the watch. */
  readonly signal: AbortSignal;
}

/**
 * `agentfleet alerts --watch`: prints the alerts the query lists (`current`),
 * then one line per change published on `/api/v1/stream` (`alert` events)
 * for alerts of the query's kinds, severities, agent and file — in any state
 * unless `--state` was given, so a watched alert's resolution shows. When the
 * connection drops it reconnects with `Last-Event-ID` and carries on where
 * it was; when the server no longer has what was missed (`reset`) it lists
 * the current alerts again. Each alert version is printed once.
 */
export async function watchAlerts(request: WatchRequest): Promise<void> {
  const seen = new Map<string, ListedAlert>();
  const changes = alertFilterOf({ ...request.query, since: undefined, state: request.query.state ?? new Set(['all']) });
  let down = false;

  function print(change: AlertChangeWord, alert: ListedAlert): void {
    seen.set(alert.id, alert);
    request.write(request.json ? JSON.stringify({ change, alert }) : formatAlertChange(change, alert));
  }

  async function printCurrent(): Promise<void> {
    const list = await fetchAlerts(request.server, request.token, request.query);
    // Oldest first, so the newest is next to the changes that follow.
    for (const alert of [...list.alerts].reverse()) if (describeChange(seen.get(alert.id), alert) !== undefined) print('current', alert);
  }

  await followEventStream({
    url: new URL(`${STREAM_API}?types=${ALERT_EVENT}`, request.server),
    token: request.token,
    signal: request.signal,
    onConnect: async (resumed) => {
      if (down) request.note(`agentfleet alerts: reconnected to ${request.server}`);
      down = false;
      if (!resumed) await printCurrent();
    },
    onDisconnect: (reason) => {
      // Once per outage: a server that stays down must not fill the terminal.
      if (!down) request.note(`agentfleet alerts: lost ${request.server} (${reason}); reconnecting`);
      down = true;
    },
    onEvent: async (event) => {
      if (event.type === RESET_EVENT) return printCurrent();
      if (event.type !== ALERT_EVENT) return;
      const alert = alertSchema.parse(JSON.parse(event.data));
      if (!matchesAlert(alert, changes)) return;
      const change = describeChange(seen.get(alert.id), alert);
      if (change !== undefined) print(change, alert);
    },
  });
}
