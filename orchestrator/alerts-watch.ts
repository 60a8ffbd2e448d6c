import { describeChange, formatAlertChange, type AlertChangeWord } from './alerts-format.js';
import { fetchAlerts, type AlertsQuery } from './alerts-report.js';
import { alertFilterOf, matchesAlert } from './collisions/alert-filter.js';
import { alertSchema } from './collisions/alert-schema.js';
import { ALERT_EVENT } from './collisions/alert.js';
import { followEventStream } from './event-stream-client.js';
import { ALERTS_MAX_LIMIT, type ListedAlert } from './routes/alerts.js';
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
 * it was; when the server no longer has what was missed (`reset`: it
 * restarted, or too much happened meanwhile) it catches up from the alert
 * list instead — the changes of alerts already printed, then the alerts
 * the query lists — and says so on stderr. Each alert version is printed
 * once.
 */
export async function watchAlerts(request: WatchRequest): Promise<void> {
  const seen = new Map<string, ListedAlert>();
  // Changes of every state unless --state was given: a watched alert's resolution must show.
  const changesQuery = { ...request.query, since: undefined, state: request.query.state ?? new Set(['all'] as const), limit: ALERTS_MAX_LIMIT };
  const changes = alertFilterOf(changesQuery);
  // Whether the stream was ever open, the list printed, and the server is away now (notes once per outage).
  let connected = false;
  let listed = false;
  let down = false;

  function print(change: AlertChangeWord, alert: ListedAlert): void {
    seen.set(alert.id, alert);
    request.write(request.json ? JSON.stringify({ change, alert }) : formatAlertChange(change, alert));
  }

  /** The alerts the query lists, oldest first (the newest next to the changes that follow): new ones as `current`, newer versions of printed ones as what changed. */
  async function printCurrent(): Promise<void> {
    const list = await fetchAlerts(request.server, request.token, request.query);
    for (const alert of [...list.alerts].reverse()) {
      const change = describeChange(seen.get(alert.id), alert);
      if (change !== undefined) print(seen.has(alert.id) ? change : 'current', alert);
    }
  }

  /** After a `reset`: what became of the alerts printed before (a resolution missed would otherwise never show), then the current list. */
  async function catchUp(): Promise<void> {
    request.note(`agentfleet alerts: ${request.server} no longer has the changes missed (it restarted, or there were too many); catching up from its alert list`);
    const list = await fetchAlerts(request.server, request.token, changesQuery);
    for (const alert of [...list.alerts].reverse()) {
      const change = seen.has(alert.id) ? describeChange(seen.get(alert.id), alert) : undefined;
      if (change !== undefined) print(change, alert);
    }
    await printCurrent();
  }

  await followEventStream({
    url: new URL(`${STREAM_API}?types=${ALERT_EVENT}`, request.server),
    token: request.token,
    signal: request.signal,
    onConnect: async () => {
      if (down) request.note(`agentfleet alerts: ${connected ? 'reconnected' : 'connected'} to ${request.server}`);
      down = false;
      connected = true;
      // Once: afterwards the stream, resumed with Last-Event-ID (or a reset), says what changed.
      if (!listed) await printCurrent();
      listed = true;
    },
    onDisconnect: (reason) => {
      // Once per outage: a server that stays down must not fill the terminal.
      if (!down) request.note(connected ? `agentfleet alerts: lost ${request.server} (${reason}); reconnecting` : `agentfleet alerts: cannot reach ${request.server} (${reason}); trying until it answers`);
      down = true;
    },
    onEvent: async (event) => {
      if (event.type === RESET_EVENT) return catchUp();
      if (event.type !== ALERT_EVENT) return;
      const alert = alertSchema.parse(JSON.parse(event.data));
      if (!matchesAlert(alert, changes)) return;
      const change = describeChange(seen.get(alert.id), alert);
      if (change !== undefined) print(change, alert);
    },
  });
}
