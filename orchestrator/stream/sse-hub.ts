import type { ServerResponse } from 'node:http';
import { EventRing } from './event-ring.js';

/**
 * Live events for `/api/v1/stream` (Server-Sent Events). Anyone in the
 * server publishes (`hub.publish('alert', alert)`); every event gets the
 * next id, is serialised once, kept in a bounded ring for clients that
 * reconnect with `Last-Event-ID`, and written to every connected client
 * whose type filter lets it through. A client that stops reading is
 * dropped once its unsent bytes pass a bound (it reconnects and resumes
 * from the ring) instead of being buffered without end.
 */

export interface SseHubConfig {
  /** Most events kept for reconnecting clients. */
  readonly bufferEvents: number;
  /** Most bytes of events kept for reconnecting clients. */
  readonly bufferBytes: number;
  /** A comment line this often keeps idle connections (and proxies) open. */
  readonly heartbeatMs: number;
  /** Unsent bytes queued for one client past which it is dropped. */
  readonly maxClientQueueBytes: number;
  /** Suggested reconnect delay sent to clients (`retry:`). */
  readonly retryMs: number;
  /**
   * Id of the first event. The default, the start time in microseconds,
   * keeps ids increasing across restarts (at under a million events a
   * second), so a client's id from before a restart is recognised as too
   * old instead of being mistaken for a recent one.
   */
  readonly firstId: number;
}

export function defaultSseHubConfig(): SseHubConfig {
  return {
    bufferEvents: 10_000,
    bufferBytes: 16 * 1024 * 1024,
    heartbeatMs: 15_000,
    maxClientQueueBytes: 4 * 1024 * 1024,
    retryMs: 1_000,
    firstId: Date.now() * 1000,
  };
}

export interface StreamSubscription {
  /** Resume after this id (the client's `Last-Event-ID`); undefined: live events only. */
  readonly lastEventId: number | undefined;
  /** Only events of these types (`reset` always comes); undefined: all. */
  readonly types: ReadonlySet<string> | undefined;
}

export interface SseHubStats {
  readonly lastEventId: number;
  readonly clients: number;
  /** Clients dropped because they did not keep up, since start. */
  readonly droppedClients: number;
}

export interface SseHub {
  /** Sends `data` (JSON) as an event of `type` to every client; returns the event's id. */
  publish(type: string, data: unknown): number;
  /** Makes `res` a client: writes the SSE head, what it missed since `lastEventId` (or a `reset`), then live events. */
  attach(res: ServerResponse, subscription: StreamSubscription): void;
  stats(): SseHubStats;
  /** Ends every client and stops the heartbeat. Idempotent. */
  shutdown(): void;
}

/** Sent instead of missed events that are no longer kept; its id is the newest, so the client resumes from there. */
export const RESET_EVENT = 'reset';

const EVENT_TYPE = /^[A-Za-z0-9_.:-]+$/;

function frame(id: number, type: string, data: unknown): string {
  // JSON.stringify escapes newlines, so the data is always one `data:` line.
  return `id: ${id}\nevent: ${type}\ndata: ${JSON.stringify(data) ?? 'null'}\n\n`;
}

interface Client {
  readonly res: ServerResponse;
  readonly types: ReadonlySet<string> | undefined;
}

export function createSseHub(config: SseHubConfig = defaultSseHubConfig()): SseHub {
  const ring = new EventRing(config.bufferEvents, config.bufferBytes, config.firstId);
  const clients = new Set<Client>();
  let droppedClients = 0;
  let stopped = false;

  function write(client: Client, text: string): void {
    client.res.write(text);
    if (client.res.writableLength > config.maxClientQueueBytes) {
      clients.delete(client);
      droppedClients++;
      client.res.destroy();
    }
  }

  const heartbeat = setInterval(() => {
    for (const client of clients) write(client, ': heartbeat\n\n');
  }, config.heartbeatMs);
  heartbeat.unref();

  return {
    publish(type, data) {
      if (!EVENT_TYPE.test(type)) throw new Error(`SSE event type must match ${EVENT_TYPE}: ${JSON.stringify(type)}`);
      const event = ring.push(type, (id) => frame(id, type, data));
      for (const client of clients) if (client.types === undefined || client.types.has(type)) write(client, event.frame);
      return event.id;
    },

    attach(res, subscription) {
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'x-accel-buffering': 'no' });
      if (stopped) {
        res.end();
        return;
      }
      const client: Client = { res, types: subscription.types };
      // A new client is told the newest id at once (an `id:` line without data is no event, only a resume point):
      // should it drop before the next event, it resumes from here and misses nothing, instead of starting afresh.
      res.write(subscription.lastEventId === undefined ? `retry: ${config.retryMs}\nid: ${ring.lastId}\n\n` : `retry: ${config.retryMs}\n\n`);
      // Replay is bounded by the ring, not by the client queue: a reconnecting client gets everything it is owed.
      if (subscription.lastEventId !== undefined) {
        const missed = ring.since(subscription.lastEventId);
        if (missed.kind === 'gone') {
          res.write(frame(ring.lastId, RESET_EVENT, { reason: 'the events after your Last-Event-ID are no longer kept: reload the state, then follow the stream', lastEventId: ring.lastId }));
        } else {
          for (const event of missed.events) if (client.types === undefined || client.types.has(event.type)) res.write(event.frame);
        }
      }
      clients.add(client);
      res.on('close', () => clients.delete(client));
    },

    stats: () => ({ lastEventId: ring.lastId, clients: clients.size, droppedClients }),

    shutdown() {
      if (stopped) return;
      stopped = true;
      clearInterval(heartbeat);
      for (const client of clients) client.res.end();
      clients.clear();
    },
  };
}
