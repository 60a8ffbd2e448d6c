import { cp, mkdir, mkdtemp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { INDEX_RECORD_BYTES } from '../../../ingest/wal/index-record.js';
import { OpenSegment } from '../../../ingest/wal/open-segment.js';
import { recoverStream } from '../../../ingest/wal/recovery.js';
import { newSegmentName, type SealedSegment } from '../../../ingest/wal/segment-files.js';
import { encodeTraceRows, testSpans } from '../../helpers/trace-rows.js';

const requests = [encodeTraceRows(testSpans('r0', 3)), encodeTraceRows(testSpans('r1', 5)), encodeTraceRows(testSpans('r2', 2))];
const ends = requests.reduce<number[]>((acc, r) => [...acc, (acc.at(-1) ?? 0) + r.data.length], []);
const digest = (i: number) => String(i).padStart(32, '0');

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'agentfleet-wal-recovery-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A segment holding the three requests, each acknowledged on its own. */
async function writeSegment(dir: string, seq = 1): Promise<SealedSegment> {
  await mkdir(dir, { recursive: true });
  const segment = await OpenSegment.create(dir, newSegmentName(seq), 'none');
  for (const [i, rows] of requests.entries()) await segment.append([{ rows, digest: digest(i), acceptedAtMs: 1000 + i }]);
  return (await segment.seal())!;
}

async function recoverCopy(original: string, damage: (segment: SealedSegment['paths']) => Promise<void>, segment: SealedSegment) {
  const dir = join(root, `case-${Math.random().toString(16).slice(2)}`);
  await cp(original, dir, { recursive: true });
  const paths = { rb: join(dir, segment.paths.rb.slice(original.length)), idx: join(dir, segment.paths.idx.slice(original.length)), done: '' };
  await damage(paths);
  const recovered = await recoverStream(dir);
  return { recovered, paths, dir };
}

const intactBefore = (rbLength: number) => ends.filter((end) => end <= rbLength).length;

describe('write-ahead-log recovery', () => {
  it('keeps every request of an undamaged segment and queues it for insertion', async () => {
    const dir = join(root, 'wal');
    const written = await writeSegment(dir);
    const recovered = await recoverStream(dir);
    expect(recovered.pending).toEqual([written]);
    expect(recovered.digests.map((d) => d.digest)).toEqual([digest(0), digest(1), digest(2)]);
    expect(recovered.nextSeq).toBe(2);
    expect(recovered.droppedRecords).toBe(0);
  });

  it('recovers a .rb torn at any byte to the requests before the tear and truncates both files to them', async () => {
    const original = join(root, 'original');
    const segment = await writeSegment(original);
    const offsets = new Set([0, 1, ...ends.flatMap((e) => [e - 1, e, e + 1]), Math.floor(ends[1]! / 2)].filter((o) => o <= ends[2]!));
    for (const length of offsets) {
      const { recovered, paths } = await recoverCopy(original, (p) => truncate(p.rb, length), segment);
      const kept = intactBefore(length);
      expect(recovered.digests.length, `.rb cut at ${length}`).toBe(kept);
      if (kept === 0) {
        expect(recovered.pending).toEqual([]);
        continue;
      }
      expect(recovered.pending[0]!.byteLength).toBe(ends[kept - 1]);
      expect((await readFile(paths.rb)).equals(Buffer.concat(requests.slice(0, kept).map((r) => r.data)))).toBe(true);
      expect((await readFile(paths.idx)).length).toBe(kept * INDEX_RECORD_BYTES);
    }
  });

  it('recovers a .idx torn at any byte to the whole records before the tear', async () => {
    const original = join(root, 'original');
    const segment = await writeSegment(original);
    for (let length = 0; length <= 3 * INDEX_RECORD_BYTES; length++) {
      const { recovered, paths } = await recoverCopy(original, (p) => truncate(p.idx, length), segment);
      const kept = Math.floor(length / INDEX_RECORD_BYTES);
      expect(recovered.digests.length, `.idx cut at ${length}`).toBe(kept);
      if (kept > 0) expect((await readFile(paths.rb)).length).toBe(ends[kept - 1]);
    }
  });

  it('drops the request whose data fails its CRC and everything after it', async () => {
    const original = join(root, 'original');
    const segment = await writeSegment(original);
    const { recovered } = await recoverCopy(
      original,
      async (p) => {
        const data = await readFile(p.rb);
        data[ends[0]! + 2]! ^= 0xff;
        await writeFile(p.rb, data);
      },
      segment,
    );
    expect(recovered.digests.map((d) => d.digest)).toEqual([digest(0)]);
    expect(recovered.droppedRecords).toBe(2);
  });

  it('drops the index record whose own CRC fails and everything after it', async () => {
    const original = join(root, 'original');
    const segment = await writeSegment(original);
    const { recovered } = await recoverCopy(
      original,
      async (p) => {
        const index = await readFile(p.idx);
        index[2 * INDEX_RECORD_BYTES + 44]! ^= 0x01;
        await writeFile(p.idx, index);
      },
      segment,
    );
    expect(recovered.digests.length).toBe(2);
  });

  it('removes leftovers: a .rb without index, a .rb beside its .done, an index with no valid record', async () => {
    const dir = join(root, 'wal');
    const inserted = await writeSegment(dir, 1);
    await cp(inserted.paths.idx, inserted.paths.done);
    await rm(inserted.paths.idx);
    const orphan = await writeSegment(dir, 2);
    await rm(orphan.paths.idx);
    const empty = await writeSegment(dir, 3);
    await truncate(empty.paths.idx, INDEX_RECORD_BYTES - 1);
    const recovered = await recoverStream(dir);
    expect(recovered.pending).toEqual([]);
    expect(recovered.done.map((d) => d.path)).toEqual([inserted.paths.done]);
    expect(recovered.digests.length).toBe(3);
    expect(recovered.nextSeq).toBe(4);
    expect(await readdir(dir)).toEqual([inserted.paths.done.slice(dir.length + 1)]);
  });
});
