import path from 'node:path';

import {
  INSERT_COLUMNS,
  SIGNAL_TABLE,
  fileStructure,
  insertColumnList,
  quoteIdentifier,
  type Signal,
} from './schema/otel-tables.js';
import type { RowBinaryFileInsert } from './storage.js';
import { RowBinaryFileRejectedError } from './storage-errors.js';

/**
 * SQL text both backends send: they differ in how the bytes reach the
 * engine, never in what they ask it to do.
 */

/** A ClickHouse string literal: backslash and quote escaped, so any text stays one literal. */
export function sqlString(value: string): string {
  return "'" + value.replace(/\\/g, '\\\\').replace(/'/g, "\\'") + "'";
}

/** `INSERT INTO db.table (columns) SETTINGS insert_deduplication_token = '…'`, the part both inserts share. */
function insertIntoSql(database: string, signal: Signal, deduplicationToken: string): string {
  const table = `${quoteIdentifier(database)}.${quoteIdentifier(SIGNAL_TABLE[signal])}`;
  return (
    `INSERT INTO ${table} ${insertColumnList(INSERT_COLUMNS[signal])} ` +
    `SETTINGS insert_deduplication_token = ${sqlString(deduplicationToken)}`
  );
}

/** Insert whose RowBinary rows follow the statement as the request body (ClickHouse server). */
export function insertRowBinaryBodySql(database: string, insert: RowBinaryFileInsert): string {
  return `${insertIntoSql(database, insert.signal, insert.deduplicationToken)} FORMAT RowBinary`;
}

/** `` `database`.`table` ``, both names quoted. */
export function qualifiedTable(database: string, table: string): string {
  return `${quoteIdentifier(database)}.${quoteIdentifier(table)}`;
}

/** Insert whose JSONEachRow rows follow the statement (both backends). */
export function insertJsonEachRowSql(database: string, table: string): string {
  return `INSERT INTO ${qualifiedTable(database, table)} FORMAT JSONEachRow`;
}

/** Characters `file()` expands as globs: a path holding one could read other files, or none. */
const FILE_GLOB_CHARACTERS = /[*?{}]/;

/** Insert in which the engine reads the file itself (chDB, in this process). */
export function insertFromFileSql(database: string, insert: RowBinaryFileInsert): string {
  if (!path.isAbsolute(insert.path)) {
    // file() resolves relative paths against the engine's user_files directory, not ours.
    throw new RowBinaryFileRejectedError(`RowBinary file path must be absolute: ${insert.path}`, insert.path);
  }
  if (FILE_GLOB_CHARACTERS.test(insert.path)) {
    throw new RowBinaryFileRejectedError(
      `RowBinary file path ${insert.path} contains one of * ? { }, which file() would expand as a glob`,
      insert.path,
    );
  }
  const structure = fileStructure(INSERT_COLUMNS[insert.signal]);
  return (
    `${insertIntoSql(database, insert.signal, insert.deduplicationToken)} ` +
    `SELECT * FROM file(${sqlString(insert.path)}, 'RowBinary', ${sqlString(structure)})`
  );
}

/**
 * Rows and compressed bytes of every table of `{database:String}` that stores
 * data, from its active parts (a table without parts yet shows zeros).
 */
export const TABLE_STATS_SQL = `SELECT
    t.name AS table,
    toUInt64(sum(p.rows)) AS rows,
    toUInt64(sum(p.bytes_on_disk)) AS bytesOnDisk
FROM system.tables AS t
LEFT JOIN (SELECT table, rows, bytes_on_disk FROM system.parts WHERE active AND database = {database:String}) AS p
    ON p.table = t.name
WHERE t.database = {database:String} AND t.engine LIKE '%MergeTree'
GROUP BY t.name
ORDER BY t.name`;
