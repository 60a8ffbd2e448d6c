/**
 * Human-facing progress and error lines on stderr, so stdout stays free for
 * data (`--json`). One line per event, prefixed with the time.
 */
export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

const LEVEL_ORDER: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

export interface Logger {
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
  debug(message: string): void;
}

export function createLogger(level: LogLevel = 'info', write: (line: string) => void = (l) => process.stderr.write(l)): Logger {
  const emit = (at: LogLevel, message: string) => {
    if (LEVEL_ORDER[at] > LEVEL_ORDER[level]) return;
    const time = new Date().toISOString().slice(11, 23);
    write(`${time} ${at.padEnd(5)} ${message}\n`);
  };
  return {
    error: (m) => emit('error', m),
    warn: (m) => emit('warn', m),
    info: (m) => emit('info', m),
    debug: (m) => emit('debug', m),
  };
}

export function isLogLevel(value: string): value is LogLevel {
  return value in LEVEL_ORDER;
}
