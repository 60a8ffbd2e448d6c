import type { Signal } from '../ingest/schema/otel-tables.js';

/** What `agentfleet status` shows about the receiver; counts since start. */
export interface ReceiverStats {
  /** Responses by route (`other` for unknown paths) and HTTP status: `{ "/v1/traces": { "200": 12, "400": 1 } }`. */
  readonly responses: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** Requests whose client went away mid-body (nobody to answer). */
  readonly abortedRequests: number;
  /** Spans / log records acknowledged with a 200 (stored, or already stored by an earlier identical request). */
  readonly spansAccepted: number;
  readonly logRecordsAccepted: number;
  /** Spans / log records the decoder rejected, reported in `partial_success`. */
  readonly spansRejected: number;
  readonly logRecordsRejected: number;
  /** Body bytes as received (compressed when the client compressed) and after decompression. */
  readonly bodyBytesReceived: number;
  readonly bodyBytesDecompressed: number;
  /** String values (attributes, log bodies, status messages) in which the collector replaced secrets. */
  readonly valuesRedacted: number;
}

/** Mutable counters behind `ReceiverStats`; only the receiver writes them. */
export class ReceiverCounters {
  private readonly responses = new Map<string, Map<number, number>>();
  private abortedRequests = 0;
  private readonly accepted: Record<Signal, number> = { traces: 0, logs: 0 };
  private readonly rejected: Record<Signal, number> = { traces: 0, logs: 0 };
  private bodyBytesReceived = 0;
  private bodyBytesDecompressed = 0;
  private valuesRedacted = 0;

  countResponse(route: string, status: number): void {
    const byStatus = this.responses.get(route) ?? new Map<number, number>();
    byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
    this.responses.set(route, byStatus);
  }

  countAborted(): void {
    this.abortedRequests += 1;
  }

  countBody(receivedBytes: number, decompressedBytes: number): void {
    this.bodyBytesReceived += receivedBytes;
    this.bodyBytesDecompressed += decompressedBytes;
  }

  countItems(signal: Signal, acceptedItems: number, rejectedItems: number, redactedValues: number): void {
    this.accepted[signal] += acceptedItems;
    this.rejected[signal] += rejectedItems;
    this.valuesRedacted += redactedValues;
  }

  snapshot(): ReceiverStats {
    const responses: Record<string, Record<string, number>> = {};
    for (const [route, byStatus] of this.responses) responses[route] = Object.fromEntries(byStatus);
    return {
      responses,
      abortedRequests: this.abortedRequests,
      spansAccepted: this.accepted.traces,
      logRecordsAccepted: this.accepted.logs,
      spansRejected: this.rejected.traces,
      logRecordsRejected: this.rejected.logs,
      bodyBytesReceived: this.bodyBytesReceived,
      bodyBytesDecompressed: this.bodyBytesDecompressed,
      valuesRedacted: this.valuesRedacted,
    };
  }
}
