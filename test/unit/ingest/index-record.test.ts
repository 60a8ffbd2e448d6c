import { describe, expect, it } from 'vitest';
import {
  decodeIndexRecord,
  decodeIndexRecords,
  encodeIndexRecord,
  INDEX_RECORD_BYTES,
  type IndexRecord,
} from '../../../ingest/wal/index-record.js';

const record = (endOffset: number, digestByte = 'ab'): IndexRecord => ({
  dataCrc: 0xdeadbeef,
  rowCount: 7,
  endOffset,
  acceptedAtMs: 1_750_000_000_123,
  digest: digestByte.repeat(16),
});

function encodeAll(records: readonly IndexRecord[]): Buffer {
  const buffer = Buffer.alloc(records.length * INDEX_RECORD_BYTES);
  records.forEach((r, i) => encodeIndexRecord(buffer, i * INDEX_RECORD_BYTES, r));
  return buffer;
}

describe('index records', () => {
  it('round-trip every field, including end offsets past 4 GiB', () => {
    const original = record(5 * 2 ** 32 + 17);
    expect(decodeIndexRecord(encodeAll([original]), 0)).toEqual(original);
  });

  it('are rejected when any byte is flipped', () => {
    const encoded = encodeAll([record(100)]);
    for (let i = 0; i < INDEX_RECORD_BYTES; i++) {
      const corrupt = Buffer.from(encoded);
      corrupt[i]! ^= 0x01;
      expect(decodeIndexRecord(corrupt, 0), `byte ${i}`).toBeUndefined();
    }
  });

  it('refuse a digest that is not 16 bytes of hex', () => {
    expect(() => encodeIndexRecord(Buffer.alloc(INDEX_RECORD_BYTES), 0, { ...record(1), digest: 'abc' })).toThrow(/hex/);
  });

  it('decode as the prefix up to a torn, corrupt or non-increasing record', () => {
    const records = [record(10, '01'), record(20, '02'), record(30, '03')];
    const whole = encodeAll(records);
    expect(decodeIndexRecords(whole)).toEqual(records);
    expect(decodeIndexRecords(whole.subarray(0, whole.length - 1))).toEqual(records.slice(0, 2));
    const corrupt = Buffer.from(whole);
    corrupt[INDEX_RECORD_BYTES + 3]! ^= 0xff;
    expect(decodeIndexRecords(corrupt)).toEqual(records.slice(0, 1));
    expect(decodeIndexRecords(encodeAll([record(10), record(10), record(30)]))).toEqual([record(10)]);
  });
});
