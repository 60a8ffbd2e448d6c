import { setTimeout as sleep } from 'node:timers/promises';

/**
 * The CLI's side of `/api/v1/stream` (Server-Sent Events): follows the
 * stream, and when the connection drops — the server restarted, a proxy
 * timed out, the client was too slow — reconnects after the server's
 * `retry:` delay with `Last-Event-ID`, so the server sends exactly what was
 * missed (or a `reset` event when that is no longer kept).
 */

export interface StreamEvent {
  readonly id: string | undefined;
  readonly type: string;
  readonly data: string;
}

export interface FollowOptions {
  /** The stream's URL, query included (`?types=alert`). */
  readonly url: URL;
  readonly token: string | undefined;
  /** Ends the following: the returned promise resolves. */
  readonly signal: AbortSignal;
  /** Each event, in order; the next is read once this has settled. */
  readonly onEvent: (event: StreamEvent) => void | Promise<void>;
  /** The stream is open (again); events of a resumed stream follow. */
  readonly onConnect?: () => void | Promise<void>;
  /** The connection failed or dropped; a reconnect follows. */
  readonly onDisconnect?: (reason: string) => void;
  /** Delay before reconnecting until the server says otherwise (`retry:`). */
  readonly retryMs?: number;
}

const DEFAULT_RETRY_MS = 1_000;

/** An answer that reconnecting cannot change (a wrong token, a bad query, no such route). */
class StreamRefused extends Error {}

/** Splits a text stream into SSE events (the spec's field rules, comments skipped). */
class EventParser {
  private buffered = '';
  private data: string[] = [];
  private type = '';
  lastEventId: string | undefined;
  retryMs: number | undefined;

  /** A new connection: what a dropped one left half-received is gone (the last event id stays). */
  reset(): void {
    this.buffered = '';
    this.data = [];
    this.type = '';
  }

  /** The events completed by `chunk`. */
  push(chunk: string): StreamEvent[] {
    this.buffered += chunk;
    const events: StreamEvent[] = [];
    for (let end = this.buffered.indexOf('\n'); end >= 0; end = this.buffered.indexOf('\n')) {
      const line = this.buffered.slice(0, end).replace(/\r$/, '');
      this.buffered = this.buffered.slice(end + 1);
      const event = this.line(line);
      if (event !== undefined) events.push(event);
    }
    return events;
  }

  private line(line: string): StreamEvent | undefined {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.type = value;
    else if (field === 'id' && !value.includes('\0')) this.lastEventId = value;
    else if (field === 'retry' && /^\d+$/.test(value)) this.retryMs = Number(value);
    return undefined;
  }

  private dispatch(): StreamEvent | undefined {
    const event = this.data.length === 0 ? undefined : { id: this.lastEventId, type: this.type || 'message', data: this.data.join('\n') };
    this.data = [];
    this.type = '';
    return event;
  }
}

/** Follows the stream until `signal` aborts; rejects only when the server refuses it outright (4xx). */
export async function followEventStream(options: FollowOptions): Promise<void> {
  const parser = new EventParser();
  while (!options.signal.aborted) {
    try {
      const headers: Record<string, string> = { accept: 'text/event-stream' };
      if (options.token !== undefined) headers['authorization'] = `Bearer ${options.token}`;
      if (parser.lastEventId !== undefined) headers['last-event-id'] = parser.lastEventId;
      const response = await fetch(options.url, { headers, signal: options.signal });
      if (response.status >= 400 && response.status < 500) throw new StreamRefused(`${options.url.origin} refused the event stream (${response.status}): ${(await response.text()).slice(0, 500)}`);
      if (!response.ok || response.body === null) throw new Error(`the event stream answered ${response.status}`);
      parser.reset();
      await options.onConnect?.();
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
        for (const event of parser.push(chunk.value)) await options.onEvent(event);
      }
      options.onDisconnect?.('the server ended the stream');
    } catch (error) {
      if (options.signal.aborted) return;
      if (error instanceof StreamRefused) throw error;
      options.onDisconnect?.(error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error));
    }
    await sleep(parser.retryMs ?? options.retryMs ?? DEFAULT_RETRY_MS, undefined, { signal: options.signal }).catch(() => undefined);
  }
}
