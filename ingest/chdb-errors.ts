import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { isProcessAlive } from './process-alive.js';
import { DataDirLockedError, StorageQueryError, StorageUnavailableError } from './storage-errors.js';

/**
 * chDB's failures as storage errors. chDB's error classes are not exported
 * from its ESM entry, so they are told apart by their stable `.code`.
 */

/** chDB error codes that mean the engine is not usable, rather than that it refused a statement. */
const UNAVAILABLE_CODES = new Set(['CHDB_CONNECTION', 'CHDB_CLOSED']);

/** A failed statement as `StorageQueryError`, or `StorageUnavailableError` when the session is gone. */
export function chdbQueryError(error: unknown, where: string, sql: string): Error {
  const message = error instanceof Error ? error.message : String(error);
  if (UNAVAILABLE_CODES.has(errorCode(error))) {
    return new StorageUnavailableError(`${where}: ${message}`, { cause: error });
  }
  const parsed = parseClickHouseMessage(message);
  return new StorageQueryError({ where, sql, ...parsed, cause: error });
}

/**
 * Why `new Session(dir)` failed. chDB's own message only says "Failed to
 * create connection" (the engine's reason goes to stderr), so when the
 * directory's `status` file names a live process, that process holds
 * chDB's lock on it.
 */
export async function chdbOpenError(error: unknown, dir: string): Promise<Error> {
  const message = error instanceof Error ? error.message : String(error);
  const holder = await readStatusFile(dir);
  if (holder !== undefined && holder.pid !== process.pid && isProcessAlive(holder.pid)) {
    return new DataDirLockedError(dir, holder.pid, holder.startedAt, await commandLineOf(holder.pid));
  }
  if (message.includes('one active data directory per process')) {
    return new StorageUnavailableError(
      `cannot open chDB at ${dir}: chDB opens one data directory per process and this one already has another open (${message})`,
      { cause: error },
    );
  }
  return new StorageUnavailableError(`cannot open chDB at ${dir}: ${message} (chDB prints the reason on stderr)`, {
    cause: error,
  });
}

/** ClickHouse's `Code: 60. DB::Exception: <text>. (UNKNOWN_TABLE)` message, taken apart. */
function parseClickHouseMessage(message: string): { code: number | undefined; type: string | undefined; text: string } {
  const match = /^Code: (\d+)\. (?:DB::Exception: )?([\s\S]*?)\s*(?:\(([A-Z][A-Z0-9_]*)\))?\s*$/.exec(message.trim());
  if (match === null) return { code: undefined, type: undefined, text: message.trim() };
  return { code: Number(match[1]), type: match[3], text: match[2] ?? '' };
}

/** The engine writes `PID: 123\nStarted at: 2026-01-01 10:00:00\n…` into `<dir>/status` while it runs. */
async function readStatusFile(dir: string): Promise<{ pid: number; startedAt: string | undefined } | undefined> {
  const text = await readFile(path.join(dir, 'status'), 'utf8').catch(() => undefined);
  const pid = text === undefined ? undefined : /^PID: (\d+)$/m.exec(text)?.[1];
  if (text === undefined || pid === undefined) return undefined;
  return { pid: Number(pid), startedAt: /^Started at: (.+)$/m.exec(text)?.[1] };
}

/** Linux only; elsewhere the message goes without the command. */
async function commandLineOf(pid: number): Promise<string | undefined> {
  const raw = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => undefined);
  return raw === undefined || raw === '' ? undefined : raw.replace(/\0+$/, '').replace(/\0/g, ' ');
}

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}
