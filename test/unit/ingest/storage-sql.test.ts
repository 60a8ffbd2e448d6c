import { describe, expect, it } from 'vitest';

import type { RowBinaryFileInsert } from '../../../ingest/storage.js';
import { insertFromFileSql, insertRowBinaryBodySql, sqlString } from '../../../ingest/storage-sql.js';

const insert: RowBinaryFileInsert = {
  signal: 'traces',
  path: "/data/wal/it's\\here.rowbinary",
  byteLength: 10,
  rowCount: 1,
  deduplicationToken: "seg-1'--",
};

describe('storage SQL', () => {
  it('escapes quotes and backslashes in string literals', () => {
    expect(sqlString("a'b\\c")).toBe("'a\\'b\\\\c'");
  });

  it('reads the file with file() and the insert column structure, under the deduplication token', () => {
    const sql = insertFromFileSql('otel', insert);

    expect(sql).toMatch(/^INSERT INTO `otel`\.`otel_traces` \(`Timestamp`, `TraceId`, .*`Links\.Attributes`\) /);
    expect(sql).toContain("SETTINGS insert_deduplication_token = 'seg-1\\'--' ");
    expect(sql).toContain("SELECT * FROM file('/data/wal/it\\'s\\\\here.rowbinary', 'RowBinary', '`Timestamp` DateTime64(9), ");
  });

  it('refuses paths that file() would not read literally', () => {
    expect(() => insertFromFileSql('otel', { ...insert, path: 'wal/segment' })).toThrow('must be absolute');
    for (const glob of ['/wal/*.rb', '/wal/seg?.rb', '/wal/{a,b}.rb']) {
      expect(() => insertFromFileSql('otel', { ...insert, path: glob })).toThrow('would expand as a glob');
    }
  });

  it('sends the rows as the body of INSERT … FORMAT RowBinary for a server', () => {
    expect(insertRowBinaryBodySql('otel', { ...insert, signal: 'logs' })).toMatch(
      /^INSERT INTO `otel`\.`otel_logs` \(.*`EventName`\) SETTINGS insert_deduplication_token = 'seg-1\\'--' FORMAT RowBinary$/,
    );
  });
});
