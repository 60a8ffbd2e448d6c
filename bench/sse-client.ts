/**
 * A Server-Sent Events reader over fetch, for tests and benchmarks that
 * follow `/api/v1/stream`: frames as the server wrote them, comments
 * included, so a test can see heartbeats, `retry:` and ids exactly.
 */
export interface SseFrame {
  readonly id?: string;
  readonly event?: string;
  readonly data?: string;
  readonly retry?: string;
  /** Text of a comment line (`: heartbeat` → `heartbeat`). */
  readonly comment?: string;
}

export interface SseConnection {
  readonly status: number;
  /** The next frame, or undefined once the server ended the stream. */
  next(): Promise<SseFrame | undefined>;
  /** The next frame that is an event (skips comments and `retry:`). */
  nextEvent(): Promise<SseFrame | undefined>;
  close(): void;
}

function parseFrame(block: string): SseFrame {
  const frame: Record<string, string> = {};
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) frame['comment'] = line.slice(1).trim();
    const colon = line.indexOf(':');
    if (colon > 0) frame[line.slice(0, colon)] = line.slice(colon + 1).replace(/^ /, '');
  }
  return frame;
}

export async function openSse(url: string, headers: Readonly<Record<string, string>> = {}): Promise<SseConnection> {
  const abort = new AbortController();
  const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal });
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = '';
  const next = async (): Promise<SseFrame | undefined> => {
    for (;;) {
      const end = buffered.indexOf('\n\n');
      if (end >= 0) {
        const block = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        return parseFrame(block);
      }
      const chunk = await reader.read().catch(() => ({ done: true as const, value: undefined }));
      if (chunk.done) return undefined;
      buffered += chunk.value;
    }
  };
  return {
    status: response.status,
    next,
    async nextEvent() {
      for (;;) {
        const frame = await next();
        if (frame === undefined || frame.event !== undefined || frame.data !== undefined) return frame;
      }
    },
    close: () => abort.abort(),
  };
}
