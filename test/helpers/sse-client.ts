/** The SSE reader lives beside the benchmarks that use it too. */
export * from '../../bench/sse-client.js';
