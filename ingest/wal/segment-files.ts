import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Signal } from '../schema/otel-tables.js';
import { decodeIndexRecords, type IndexRecord } from './index-record.js';

/**
 * Names and paths of the files of one WAL stream (`<walDir>/<signal>/`).
 * A segment `<seq>-<id>` is `.rb` (RowBinary rows) + `.idx` (index records)
 * while pending, and only `.done` (the renamed index, kept for request
 * deduplication) once inserted. `seq` orders segments; `id` is random so the
 * insert deduplication token stays unique even if the directory is wiped and
 * `seq` starts again at 1 against a ClickHouse server that remembers old tokens.
 */
export interface SegmentName {
  readonly seq: number;
  readonly id: string;
}

export interface SegmentPaths {
  readonly rb: string;
  readonly idx: string;
  readonly done: string;
}

/** A segment no longer appended to, waiting to be inserted. */
export interface SealedSegment {
  readonly name: SegmentName;
  readonly paths: SegmentPaths;
  readonly byteLength: number;
  readonly rowCount: number;
  readonly firstAcceptedAtMs: number;
  readonly lastAcceptedAtMs: number;
}

/** Which files of a segment exist. */
export interface SegmentListing {
  readonly name: SegmentName;
  readonly paths: SegmentPaths;
  readonly hasRb: boolean;
  readonly hasIdx: boolean;
  readonly hasDone: boolean;
}

const FILE_PATTERN = /^(\d{12})-([0-9a-f]{8})\.(rb|idx|done)$/;

export function signalDir(walDir: string, signal: Signal): string {
  return join(walDir, signal);
}

export function newSegmentName(seq: number): SegmentName {
  return { seq, id: randomBytes(4).toString('hex') };
}

export function segmentPaths(dir: string, name: SegmentName): SegmentPaths {
  const base = join(dir, `${String(name.seq).padStart(12, '0')}-${name.id}`);
  return { rb: `${base}.rb`, idx: `${base}.idx`, done: `${base}.done` };
}

/** Same segment → same token, so re-inserting it after a crash stores nothing new. */
export function deduplicationToken(signal: Signal, name: SegmentName): string {
  return `${signal}-${name.seq}-${name.id}`;
}

/** Segments found in `dir`, oldest first; none when the directory does not exist. */
export async function listSegments(dir: string): Promise<SegmentListing[]> {
  let files: string[];
  try {
    files = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const byBase = new Map<string, { name: SegmentName; kinds: Set<string> }>();
  for (const file of files) {
    const match = FILE_PATTERN.exec(file);
    if (!match) continue;
    const [, seq, id, kind] = match as unknown as [string, string, string, string];
    const base = `${seq}-${id}`;
    const entry = byBase.get(base) ?? { name: { seq: Number(seq), id }, kinds: new Set<string>() };
    entry.kinds.add(kind);
    byBase.set(base, entry);
  }
  return [...byBase.values()]
    .sort((a, b) => a.name.seq - b.name.seq)
    .map(({ name, kinds }) => ({
      name,
      paths: segmentPaths(dir, name),
      hasRb: kinds.has('rb'),
      hasIdx: kinds.has('idx'),
      hasDone: kinds.has('done'),
    }));
}

/** The valid records of an index (`.idx` or `.done`) file; none when it does not exist. */
export async function readIndexRecords(path: string): Promise<IndexRecord[]> {
  try {
    return decodeIndexRecords(await readFile(path));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
