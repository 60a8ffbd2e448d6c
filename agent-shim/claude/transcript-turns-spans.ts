import type { AdapterContext } from '../agent-adapter.js';
import { emitLlmRequest } from './llm-request-span.js';
import { createTranscriptReader, type TranscriptReader } from './transcript-reader.js';
import { createTurnCollector, type TurnCollector } from './transcript-turns.js';

/**
 * `llm.request` spans from Claude Code's transcripts (the session's, and a
 * subagent's own when SubagentStop names it). Reads happen off the hook's
 * answer path, one at a time, so a hook never waits on the transcript and
 * two reads never race over the same offset.
 */
export interface TranscriptSpans {
  /** Schedules a read of what `path` gained since the last look. */
  poll(path: string): void;
  /** Reads every known transcript a last time and reports turns still waiting for their last block. */
  flush(): Promise<void>;
}

export function createTranscriptSpans(context: AdapterContext, sinceMs: number): TranscriptSpans {
  const transcripts = new Map<string, { reader: TranscriptReader; turns: TurnCollector }>();
  let queue: Promise<void> = Promise.resolve();

  async function read(path: string): Promise<void> {
    let transcript = transcripts.get(path);
    if (transcript === undefined) {
      transcript = { reader: createTranscriptReader(path), turns: createTurnCollector(sinceMs) };
      transcripts.set(path, transcript);
    }
    for (const turn of transcript.turns.add(await transcript.reader.readNew())) emitLlmRequest(context, turn);
  }

  function enqueue(work: () => Promise<void>): Promise<void> {
    queue = queue.then(work).catch((error: unknown) => context.log.warn(`claude-code: transcript: ${String(error)}`));
    return queue;
  }

  return {
    poll(path) {
      void enqueue(() => read(path));
    },
    flush() {
      return enqueue(async () => {
        for (const [path, transcript] of transcripts) {
          await read(path);
          for (const turn of transcript.turns.drain()) emitLlmRequest(context, turn);
        }
      });
    },
  };
}
