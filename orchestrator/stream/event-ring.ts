/**
 * The stream's recent past: the last events published, bounded by count
 * and bytes, so a client that reconnects with `Last-Event-ID` gets exactly
 * what it missed — or learns that it missed too much.
 */

export interface StreamEvent {
  readonly id: number;
  readonly type: string;
  /** The whole SSE frame, serialised once for every client. */
  readonly frame: string;
}

/** What a client that last saw `lastId` is owed: the events after it, or `gone` when they are no longer all kept (or the id was never handed out). */
export type Missed = { readonly kind: 'events'; readonly events: readonly StreamEvent[] } | { readonly kind: 'gone' };

export class EventRing {
  private readonly events: StreamEvent[] = [];
  private head = 0;
  private bytes = 0;

  constructor(
    private readonly maxEvents: number,
    private readonly maxBytes: number,
    /** Id the first event will get: ids below it were handed out by an earlier process, if at all. */
    private nextId: number,
  ) {}

  /** Id of the newest event published; one below the first id before any. */
  get lastId(): number {
    return this.nextId - 1;
  }

  /** Stores an event under the next id and returns it; the oldest are dropped past either bound. */
  push(type: string, frameOf: (id: number) => string): StreamEvent {
    const id = this.nextId++;
    const event = { id, type, frame: frameOf(id) };
    this.events.push(event);
    this.bytes += Buffer.byteLength(event.frame);
    while (this.size > this.maxEvents || (this.bytes > this.maxBytes && this.size > 1)) {
      this.bytes -= Buffer.byteLength(this.events[this.head]!.frame);
      this.head++;
    }
    // Drop the consumed prefix now and then rather than shifting on every push.
    if (this.head > this.maxEvents) {
      this.events.splice(0, this.head);
      this.head = 0;
    }
    return event;
  }

  since(lastId: number): Missed {
    const oldest = this.events[this.head]?.id ?? this.nextId;
    if (lastId > this.lastId || lastId < oldest - 1) return { kind: 'gone' };
    return { kind: 'events', events: this.events.slice(this.head + (lastId - oldest + 1)) };
  }

  private get size(): number {
    return this.events.length - this.head;
  }
}
