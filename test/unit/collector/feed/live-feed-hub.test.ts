import { describe, expect, it } from 'vitest';
import { agentTraceRequestObject } from '../../../../bench/otlp-fixtures.js';
import { ExportTraceServiceRequest } from '../../../../bench/otlp-protobufjs.js';
import { createLiveFeed } from '../../../../collector/feed/live-feed-hub.js';
import type { FeedBatch } from '../../../../collector/live-feed.js';
import { decodeTracesRequest } from '../../../../collector/otlp/index.js';

const rows = decodeTracesRequest(Buffer.from(ExportTraceServiceRequest.encode(agentTraceRequestObject({ spans: 5, seed: 11 })).finish()), 'protobuf').rows;

describe('the live feed hub', () => {
  it('is active only while someone listens, and hands every listener each batch in order', () => {
    const feed = createLiveFeed({ onError: (error) => expect.fail(String(error)) });
    expect(feed.active).toBe(false);
    const heard: string[] = [];
    const listener = (batch: FeedBatch) => heard.push(`a:${batch.signal === 'traces' ? batch.spans.length : 0}`);
    const unsubscribeA = feed.subscribe(listener);
    const unsubscribeB = feed.subscribe((batch) => heard.push(`b:${batch.signal}`));
    // The same function subscribed twice is called twice, and unsubscribed one subscription at a time.
    const unsubscribeA2 = feed.subscribe(listener);
    expect(feed.active).toBe(true);
    feed.publishRows(rows);
    unsubscribeA2();
    feed.publishRows(rows);
    unsubscribeA();
    unsubscribeB();
    expect(feed.active).toBe(false);
    expect(heard).toEqual(['a:5', 'b:traces', 'a:5', 'a:5', 'b:traces']);
  });

  it('reports a listener that throws and still serves the others; reports rows it cannot read and publishes nothing', () => {
    const errors: unknown[] = [];
    const feed = createLiveFeed({ onError: (error) => errors.push(error) });
    const heard: FeedBatch[] = [];
    feed.subscribe(() => {
      throw new Error('listener bug');
    });
    feed.subscribe((batch) => heard.push(batch));
    feed.publishRows(rows);
    feed.publishRows({ ...rows, data: rows.data.subarray(0, 10) });
    expect(heard).toHaveLength(1);
    expect(errors.map((e) => (e as Error).name)).toEqual(['Error', 'RowBinaryReadError']);
  });
});
