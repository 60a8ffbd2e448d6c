import { open } from 'node:fs/promises';

/**
 * Reads a JSONL file that another process appends to (Claude Code's session
 * transcript), from where the last read stopped. A line counts only once
 * its newline is written: a partial last line is left for the next read.
 * Lines that are not JSON are skipped (the transcript is the agent's file,
 * not ours to be strict about).
 */
export interface TranscriptReader {
  /** Entries appended since the last call (none when the file is missing). */
  readNew(): Promise<unknown[]>;
}

export function createTranscriptReader(path: string): TranscriptReader {
  let offsetBytes = 0;
  return {
    async readNew() {
      const file = await open(path, 'r').catch(() => undefined);
      if (file === undefined) return [];
      let text: string;
      try {
        const { size } = await file.stat();
        // Rewritten from scratch (smaller than what was read): start over.
        if (size < offsetBytes) offsetBytes = 0;
        const buffer = Buffer.alloc(size - offsetBytes);
        const { bytesRead } = await file.read(buffer, 0, buffer.length, offsetBytes);
        const complete = buffer.lastIndexOf(0x0a, bytesRead - 1) + 1;
        text = buffer.toString('utf8', 0, complete);
        offsetBytes += complete;
      } finally {
        await file.close();
      }
      const entries: unknown[] = [];
      for (const line of text.split('\n')) {
        if (line.trim() === '') continue;
        try {
          entries.push(JSON.parse(line));
        } catch {
          // a corrupt line: skip it, keep the rest
        }
      }
      return entries;
    },
  };
}
