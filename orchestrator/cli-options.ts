import { readFileSync } from 'node:fs';
import { InvalidArgumentError, Option } from 'commander';
import { isLogLevel, type LogLevel } from './log.js';

/**
 * Parsers and shared options for the CLI. Every option that has an
 * environment variable declares it here so `--help` shows it.
 */

export function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65_535) throw new InvalidArgumentError('expected a port number from 0 to 65535');
  return n;
}

const SIZE_SUFFIX: Record<string, number> = { '': 1, k: 1024, kb: 1024, kib: 1024, m: 1024 ** 2, mb: 1024 ** 2, mib: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3, gib: 1024 ** 3 };

/** Bytes, with an optional binary suffix: `65536`, `64KiB`, `16MiB`, `1GiB`. */
export function parseBytes(value: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(value);
  const multiplier = match ? SIZE_SUFFIX[match[2]!.toLowerCase()] : undefined;
  if (!match || multiplier === undefined) throw new InvalidArgumentError('expected a size such as 65536, 64KiB, 16MiB or 1GiB');
  const n = Math.round(Number(match[1]) * multiplier);
  if (n <= 0) throw new InvalidArgumentError('expected a size greater than 0');
  return n;
}

export function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a whole number greater than 0');
  return n;
}

export function parseLogLevel(value: string): LogLevel {
  if (!isLogLevel(value)) throw new InvalidArgumentError('expected one of: error, warn, info, debug');
  return value;
}

export const DEFAULT_DATA_DIR = '.agentfleet/data';

export function dataDirOption(): Option {
  return new Option('--data-dir <dir>', 'data directory (chDB files, write-ahead log, lock)').env('AGENTFLEET_DATA_DIR').default(DEFAULT_DATA_DIR);
}

export function tokenOption(description: string): Option {
  return new Option('--token <token>', description).env('AGENTFLEET_TOKEN');
}

/** The JSON in a file an option names; an unreadable file or bad JSON is an error naming the option and the file. */
export function readJsonFileOption(option: string, file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${option} ${file}: ${(error as Error).message}`);
  }
}
