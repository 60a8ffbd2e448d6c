import type { EncodedRows } from '../../ingest/encoded-rows.js';
import { FEED_ATTRIBUTE_KEYS, type FeedListener, type LiveFeed } from '../live-feed.js';
import { readFeedBatch } from './read-feed-rows.js';
import { ByteKeySet } from './row-cursor.js';

const FEED_KEYS = new ByteKeySet(FEED_ATTRIBUTE_KEYS);

/** The collector's side of the feed: it hands over each stored request's rows. */
export interface FeedPublisher {
  /** False while nobody listens: the collector then does not even look at the rows. */
  readonly active: boolean;
  /** Publishes the agentfleet items among `rows` (rows already durable, never duplicates). Never throws. */
  publishRows(rows: EncodedRows): void;
}

export interface LiveFeedHub extends LiveFeed, FeedPublisher {}

export interface LiveFeedOptions {
  /** Told about rows that could not be read and listeners that threw; the request they came with has succeeded regardless. */
  readonly onError: (error: unknown) => void;
}

/** The live feed: one publisher (the collector), any number of listeners, called synchronously in publish order. */
export function createLiveFeed(options: LiveFeedOptions): LiveFeedHub {
  const listeners = new Set<FeedListener>();
  return {
    get active() {
      return listeners.size > 0;
    },
    subscribe(listener) {
      // A wrapper per subscription, so the same function subscribed twice is called twice and unsubscribed once.
      const subscription: FeedListener = (batch) => listener(batch);
      listeners.add(subscription);
      return () => void listeners.delete(subscription);
    },
    publishRows(rows) {
      let batch;
      try {
        batch = readFeedBatch(rows, { attributeKeys: FEED_KEYS });
      } catch (error) {
        options.onError(error);
        return;
      }
      if (batch === undefined) return;
      for (const listener of [...listeners]) {
        try {
          listener(batch);
        } catch (error) {
          options.onError(error);
        }
      }
    },
  };
}
