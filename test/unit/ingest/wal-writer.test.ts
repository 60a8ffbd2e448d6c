import { describe, expect, it } from 'vitest';
import type { EncodedRows } from '../../../ingest/encoded-rows.js';
import type { SealedSegment } from '../../../ingest/wal/segment-files.js';
import { WalWriter } from '../../../ingest/wal/wal-writer.js';
import { tempDir } from '../../helpers/temp-dir.js';

const MAX_SEGMENT_BYTES = 1024 * 1024;

let requests = 0;
/** A request digest as the collector makes them (32 hex characters), distinct per call. */
const digest = () => (++requests).toString(16).padStart(32, '0');

/** `bytes` of opaque RowBinary: the writer never looks inside. */
const rows = (bytes: number): EncodedRows => ({ signal: 'traces', rowCount: 1, data: Buffer.alloc(bytes, 7) });

function writer(sealed: SealedSegment[]): WalWriter {
  // An age far beyond the test: only size, idleness or seal() can seal.
  return new WalWriter({ dir: tempDir(), syncMode: 'none', maxSegmentBytes: MAX_SEGMENT_BYTES, flushIntervalMs: 600_000, firstSeq: 1, onSealed: (s) => sealed.push(s) });
}

async function until(what: string, done: () => boolean): Promise<void> {
  for (let waited = 0; !done(); waited += 10) {
    if (waited > 10_000) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('the write-ahead log writer', () => {
  it('seals a large segment once requests stop coming, without waiting for its age', async () => {
    const sealed: SealedSegment[] = [];
    const wal = writer(sealed);
    await wal.append(rows(MAX_SEGMENT_BYTES / 4), digest());
    await wal.append(rows(1000), digest());
    await until('the idle seal', () => sealed.length === 1);
    expect(sealed[0]).toMatchObject({ byteLength: MAX_SEGMENT_BYTES / 4 + 1000, rowCount: 2 });
    await wal.close();
  });

  it('keeps a small segment open for its age, so a trickle of requests is not inserted request by request', async () => {
    const sealed: SealedSegment[] = [];
    const wal = writer(sealed);
    for (let i = 0; i < 5; i++) {
      await wal.append(rows(1000), digest());
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(sealed).toEqual([]);
    await wal.close();
    expect(sealed).toHaveLength(1);
    expect(sealed[0]).toMatchObject({ byteLength: 5000, rowCount: 5 });
  });

  it('seals a full segment and starts the next', async () => {
    const sealed: SealedSegment[] = [];
    const wal = writer(sealed);
    await wal.append(rows(MAX_SEGMENT_BYTES), digest());
    await until('the size seal', () => sealed.length === 1);
    await wal.append(rows(10), digest());
    await wal.close();
    expect(sealed.map((s) => s.byteLength)).toEqual([MAX_SEGMENT_BYTES, 10]);
  });
});
