/**
 * Typed errors of the storage backends. Callers decide by class, never by
 * parsing messages: a query the engine rejected is not worth retrying as is;
 * an unavailable backend is; a locked data directory needs a person.
 */

/** What the engine said when it rejected a statement. */
export interface QueryFailure {
  /** The storage's description, e.g. `chdb:/home/me/.agentfleet/data/chdb (database otel)`. */
  readonly where: string;
  readonly sql: string;
  /** The engine's explanation without the `Code: N. DB::Exception:` frame. */
  readonly text: string;
  /** ClickHouse error code, e.g. 60; undefined when the engine gave none. */
  readonly code: number | undefined;
  /** ClickHouse error name, e.g. `UNKNOWN_TABLE`. */
  readonly type: string | undefined;
  readonly cause: unknown;
}

/** The engine rejected a statement (bad SQL, unknown table, malformed data …). */
export class StorageQueryError extends Error {
  override readonly name = 'StorageQueryError';
  readonly clickhouseCode: number | undefined;
  readonly clickhouseType: string | undefined;
  constructor(failure: QueryFailure) {
    super(`${failure.where}: ${failure.text}${codeSuffix(failure)} in: ${excerpt(failure.sql)}`, {
      cause: failure.cause,
    });
    this.clickhouseCode = failure.code;
    this.clickhouseType = failure.type;
  }
}

/** ` (UNKNOWN_TABLE, code 60)`, or nothing when the engine named neither. */
function codeSuffix({ type, code }: QueryFailure): string {
  const parts = [type, code === undefined ? undefined : `code ${code}`].filter((p) => p !== undefined);
  return parts.length === 0 ? '' : ` (${parts.join(', ')})`;
}

/** The statement on one line, cut short: enough to recognise it in a log. */
function excerpt(sql: string): string {
  const oneLine = sql.replace(/\s+/g, ' ').trim();
  return oneLine.length > 160 ? oneLine.slice(0, 160) + '…' : oneLine;
}

/** The backend cannot be reached or opened right now (server down, storage shut down): retry later. */
export class StorageUnavailableError extends Error {
  override readonly name = 'StorageUnavailableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Another process holds the data directory. Nothing to retry: a person has to choose. */
export class DataDirLockedError extends Error {
  override readonly name = 'DataDirLockedError';
  constructor(
    /** The directory that is locked. */
    readonly dir: string,
    /** The process holding it. */
    readonly holderPid: number,
    /** When the holder started, as it recorded it; undefined when it did not say. */
    readonly holderSince: string | undefined,
    /** The holder's command line, when known. */
    readonly holderCommand: string | undefined,
  ) {
    const since = holderSince === undefined ? '' : ` since ${holderSince}`;
    const command = holderCommand === undefined ? '' : ` (${holderCommand})`;
    super(
      `data directory ${dir} is in use by process ${holderPid}${command}${since}: ` +
        'stop it, or pass --data-dir to use another directory',
    );
  }
}

/** The database was migrated by a newer agentfleet than this one. */
export class SchemaTooNewError extends Error {
  override readonly name = 'SchemaTooNewError';
  constructor(
    readonly database: string,
    readonly databaseVersion: number,
    readonly knownVersion: number,
  ) {
    super(
      `database ${database} has schema version ${databaseVersion}, but this agentfleet knows versions up to ` +
        `${knownVersion}: upgrade agentfleet, or point it at another database or data directory`,
    );
  }
}

/** A RowBinary file is not the one the write-ahead log sealed (size differs, or its path cannot be read safely). */
export class RowBinaryFileRejectedError extends Error {
  override readonly name = 'RowBinaryFileRejectedError';
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
  }
}
