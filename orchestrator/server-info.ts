import { readFile, rm, writeFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { isProcessAlive } from '../ingest/process-alive.js';

/**
 * `agentfleet up` leaves its addresses in the data directory so that other
 * commands (`status`, later `audit`, `alerts`) find the running server
 * without flags: chDB lets only one process open the data, so they must go
 * through its API.
 */
export interface ServerInfo {
  readonly pid: number;
  readonly otlpUrl: string;
  readonly controlPlaneUrl: string;
  readonly startedAt: string;
}

const FILE_NAME = 'server.json';

export async function writeServerInfo(dataDir: string, info: ServerInfo): Promise<void> {
  const file = path.join(dataDir, FILE_NAME);
  await writeFile(`${file}.tmp`, JSON.stringify(info, null, 2) + '\n');
  await rename(`${file}.tmp`, file);
}

export async function removeServerInfo(dataDir: string): Promise<void> {
  await rm(path.join(dataDir, FILE_NAME), { force: true });
}

function isServerInfo(value: unknown): value is ServerInfo {
  const v = value as Partial<ServerInfo> | null;
  return typeof v === 'object' && v !== null && typeof v.pid === 'number' && typeof v.otlpUrl === 'string' && typeof v.controlPlaneUrl === 'string' && typeof v.startedAt === 'string';
}

/** The server recorded in `dataDir`, or undefined when none is running there. */
export async function readServerInfo(dataDir: string): Promise<ServerInfo | undefined> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path.join(dataDir, FILE_NAME), 'utf8'));
  } catch {
    return undefined;
  }
  return isServerInfo(parsed) && isProcessAlive(parsed.pid) ? parsed : undefined;
}
