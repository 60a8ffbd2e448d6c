import type { Alert } from '../../orchestrator/collisions/alert.js';
import { openSse } from './sse-client.js';

/** One event of `/api/v1/stream` as received. */
export interface ReceivedEvent {
  readonly id: number;
  readonly type: string;
  readonly data: unknown;
}

/**
 * Reads `/api/v1/stream` in the background from the moment it is opened,
 * for tests that wait for live events (poll `events()` or `alerts()` with
 * `waitFor`).
 */
export interface StreamFollower {
  /** Every event received so far, in order. */
  events(): readonly ReceivedEvent[];
  /** The newest version of every alert streamed so far, by id. */
  alerts(): ReadonlyMap<string, Alert>;
  close(): void;
}

export async function followStream(controlPlaneUrl: string, types: readonly string[]): Promise<StreamFollower> {
  const connection = await openSse(`${controlPlaneUrl}/api/v1/stream?types=${types.join(',')}`);
  if (connection.status !== 200) throw new Error(`/api/v1/stream answered ${connection.status}`);
  const events: ReceivedEvent[] = [];
  const alerts = new Map<string, Alert>();
  void (async () => {
    for (let frame = await connection.nextEvent(); frame !== undefined; frame = await connection.nextEvent()) {
      const event = { id: Number(frame.id), type: frame.event ?? 'message', data: JSON.parse(frame.data ?? 'null') as unknown };
      events.push(event);
      if (event.type === 'alert') {
        const alert = event.data as Alert;
        if ((alerts.get(alert.id)?.version ?? 0) < alert.version) alerts.set(alert.id, alert);
      }
    }
  })();
  return { events: () => events, alerts: () => alerts, close: () => connection.close() };
}
