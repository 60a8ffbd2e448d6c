export { createOtlpHttpReceiver } from './receiver.js';
export type { OtlpHttpReceiver, OtlpHttpReceiverOptions, ReceiverAddress } from './receiver.js';
export { defaultCollectorConfig, validateCollectorConfig } from './config.js';
export type { CollectorConfig } from './config.js';
export type { ReceiverStats } from './receiver-stats.js';
export type { OtlpRequestDecoder } from './otlp-request-decoder.js';
export { createLiveFeed } from './feed/live-feed-hub.js';
export type { FeedPublisher, LiveFeedHub, LiveFeedOptions } from './feed/live-feed-hub.js';
export type { FeedBatch, FeedListener, FeedLogEvent, FeedSpan, FeedSpanEvent, LiveFeed } from './live-feed.js';
