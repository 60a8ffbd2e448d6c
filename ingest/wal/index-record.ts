import { crc32 } from 'node:zlib';

/**
 * One fixed-size record per accepted request in a segment's `.idx` file.
 * The `.rb` file stays pure RowBinary (ClickHouse reads it as is); the index
 * says where each request ends and lets recovery find the last request that
 * was written whole. Little-endian layout, 48 bytes:
 *
 *   0  u32  CRC32 of the request's bytes in `.rb`
 *   4  u32  row count
 *   8  u64  end offset of the request in `.rb` (start = previous record's end)
 *  16  f64  time accepted, ms since the epoch
 *  24  16B  request digest (see `requestDigestKey`)
 *  40  u32  magic: format version, and a cheap guard against stray bytes
 *  44  u32  CRC32 of bytes 0–43
 */
export const INDEX_RECORD_BYTES = 48;
export const DIGEST_BYTES = 16;
const MAGIC = 0x31574641; // "AFW1"
const CRC_OFFSET = 44;

export interface IndexRecord {
  readonly dataCrc: number;
  readonly rowCount: number;
  readonly endOffset: number;
  readonly acceptedAtMs: number;
  /** Hex of the DIGEST_BYTES digest bytes. */
  readonly digest: string;
}

export function encodeIndexRecord(target: Buffer, offset: number, record: IndexRecord): void {
  target.writeUInt32LE(record.dataCrc, offset);
  target.writeUInt32LE(record.rowCount, offset + 4);
  // Two halves instead of a BigInt: offsets stay safe integers far past any segment size.
  target.writeUInt32LE(record.endOffset % 2 ** 32, offset + 8);
  target.writeUInt32LE(Math.floor(record.endOffset / 2 ** 32), offset + 12);
  target.writeDoubleLE(record.acceptedAtMs, offset + 16);
  if (target.write(record.digest, offset + 24, DIGEST_BYTES, 'hex') !== DIGEST_BYTES) {
    throw new Error(`index record: digest must be ${DIGEST_BYTES * 2} hex characters`);
  }
  target.writeUInt32LE(MAGIC, offset + 40);
  target.writeUInt32LE(crc32(target.subarray(offset, offset + CRC_OFFSET)), offset + CRC_OFFSET);
}

/** The record at `offset`, or undefined when it is torn or not a record (bad magic or CRC). */
export function decodeIndexRecord(source: Buffer, offset: number): IndexRecord | undefined {
  if (offset + INDEX_RECORD_BYTES > source.length) return undefined;
  if (source.readUInt32LE(offset + 40) !== MAGIC) return undefined;
  if (crc32(source.subarray(offset, offset + CRC_OFFSET)) !== source.readUInt32LE(offset + CRC_OFFSET)) return undefined;
  return {
    dataCrc: source.readUInt32LE(offset),
    rowCount: source.readUInt32LE(offset + 4),
    endOffset: source.readUInt32LE(offset + 8) + source.readUInt32LE(offset + 12) * 2 ** 32,
    acceptedAtMs: source.readDoubleLE(offset + 16),
    digest: source.toString('hex', offset + 24, offset + 24 + DIGEST_BYTES),
  };
}

/**
 * The records of an index file up to the first one that is torn, corrupt or
 * does not extend the previous one: everything after it was never
 * acknowledged (records are appended and synced in order).
 */
export function decodeIndexRecords(source: Buffer): IndexRecord[] {
  const records: IndexRecord[] = [];
  let previousEnd = 0;
  for (let offset = 0; offset + INDEX_RECORD_BYTES <= source.length; offset += INDEX_RECORD_BYTES) {
    const record = decodeIndexRecord(source, offset);
    if (record === undefined || record.endOffset <= previousEnd) break;
    records.push(record);
    previousEnd = record.endOffset;
  }
  return records;
}
