import { randomUUID } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { isProcessAlive } from './process-alive.js';
import { DataDirLockedError } from './storage-errors.js';

/** Name of the lock file inside the data directory. */
export const DATA_DIR_LOCK_FILE = 'agentfleet.lock';

/** Exclusive use of a data directory by this process. */
export interface DataDirLock {
  readonly dir: string;
  /** Absolute path of the lock file. */
  readonly lockPath: string;
  /** Removes the lock file if it is still ours. Idempotent. */
  release(): Promise<void>;
}

/** What the lock file says about its holder. */
interface LockRecord {
  readonly pid: number;
  /** When the holding process started (ISO 8601). */
  readonly startedAt: string;
  readonly commandLine: string;
  /** Tells this acquisition's file from a later one by the same pid. */
  readonly token: string;
}

/** A stale lock removed by someone else between our tries is normal; give up after this many rounds. */
const MAX_ATTEMPTS = 5;

/**
 * Takes `<dir>/agentfleet.lock` for this process, creating `dir` if needed.
 * A lock whose process is gone is taken over; a live one throws
 * `DataDirLockedError` naming the holder. `agentfleet up` takes it before it
 * opens chDB or the write-ahead log inside the directory.
 */
export async function acquireDataDirLock(dir: string): Promise<DataDirLock> {
  const absoluteDir = path.resolve(dir);
  await mkdir(absoluteDir, { recursive: true });
  const lockPath = path.join(absoluteDir, DATA_DIR_LOCK_FILE);
  const record: LockRecord = {
    pid: process.pid,
    startedAt: new Date(Date.now() - process.uptime() * 1000).toISOString(),
    commandLine: process.argv.join(' '),
    token: randomUUID(),
  };
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    if (await tryCreate(lockPath, record)) return heldLock(absoluteDir, lockPath, record.token);
    const existing = await readIfPresent(lockPath);
    if (existing === undefined) continue; // released between our two calls: try again
    const holder = parseRecord(existing);
    if (holder !== undefined && isProcessAlive(holder.pid)) {
      throw new DataDirLockedError(absoluteDir, holder.pid, holder.startedAt, holder.commandLine);
    }
    await removeIfUnchanged(lockPath, existing);
  }
  throw new Error(`could not take ${lockPath}: other processes keep replacing it; try again`);
}

/**
 * Creates the lock file with its full contents in one step: the record goes
 * to a private file first, then `link` publishes it and fails if the lock
 * exists (the same exclusivity as O_EXCL). A reader therefore never sees a
 * half-written lock and mistakes it for a stale one.
 */
async function tryCreate(lockPath: string, record: LockRecord): Promise<boolean> {
  const privatePath = `${lockPath}.${record.pid}.${record.token}`;
  await writeFile(privatePath, JSON.stringify(record) + '\n', { flag: 'wx' });
  try {
    await link(privatePath, lockPath);
    return true;
  } catch (error) {
    if (isErrno(error, 'EEXIST')) return false;
    throw error;
  } finally {
    await unlink(privatePath);
  }
}

function heldLock(dir: string, lockPath: string, token: string): DataDirLock {
  let released: Promise<void> | undefined;
  return {
    dir,
    lockPath,
    release() {
      released ??= (async () => {
        const current = await readIfPresent(lockPath);
        if (current !== undefined && parseRecord(current)?.token === token) await unlinkIfPresent(lockPath);
      })();
      return released;
    },
  };
}

/**
 * Removes a stale lock only if it is still the file we judged stale: a
 * process that took it over meanwhile keeps its lock. (Between the re-read
 * and the unlink another taker could still slip in; two agentfleet processes
 * racing for one crashed directory within microseconds is not worth a
 * second lock to close that gap.)
 */
async function removeIfUnchanged(lockPath: string, judgedStale: string): Promise<void> {
  if ((await readIfPresent(lockPath)) === judgedStale) await unlinkIfPresent(lockPath);
}

function parseRecord(text: string): LockRecord | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return undefined;
    const { pid, startedAt, commandLine, token } = value as Record<string, unknown>;
    if (typeof pid !== 'number' || !Number.isInteger(pid) || pid <= 0) return undefined;
    return {
      pid,
      startedAt: typeof startedAt === 'string' ? startedAt : 'an unknown time',
      commandLine: typeof commandLine === 'string' ? commandLine : 'unknown command',
      token: typeof token === 'string' ? token : '',
    };
  } catch {
    // Not written by acquireDataDirLock (which publishes complete files): nobody holds it.
    return undefined;
  }
}

async function readIfPresent(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return undefined;
    throw error;
  }
}

async function unlinkIfPresent(file: string): Promise<void> {
  try {
    await unlink(file);
  } catch (error) {
    if (!isErrno(error, 'ENOENT')) throw error;
  }
}

function isErrno(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}
