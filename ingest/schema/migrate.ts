import { SchemaTooNewError } from '../storage-errors.js';
import { MIGRATIONS, type Migration } from './migrations.js';
import { quoteIdentifier } from './otel-tables.js';

/** Records which migrations a database has applied, and when. */
export const SCHEMA_MIGRATIONS_TABLE = 'agentfleet_schema_migrations';

/** The two statement shapes migrations need; both storage backends provide them. */
export interface SqlRunner {
  command(sql: string, params?: Record<string, unknown>): Promise<void>;
  query<T = Record<string, unknown>>(sql: string, params?: Record<string, unknown>): Promise<T[]>;
}

export interface MigrationOutcome {
  /** Versions applied by this call, in order; empty when the schema was current. */
  readonly applied: readonly number[];
  /** The database's schema version after this call. */
  readonly schemaVersion: number;
}

/**
 * Brings `database` to the newest schema this agentfleet knows: creates the
 * database and the record table if missing, then applies every migration
 * not yet recorded, oldest first. Safe to call on every start and from two
 * processes at once (statements are idempotent; a version recorded twice is
 * still one version). Throws `SchemaTooNewError` when the database was
 * migrated by a newer agentfleet, before changing anything.
 */
export async function migrate(
  runner: SqlRunner,
  database: string,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<MigrationOutcome> {
  assertConsecutive(migrations);
  const db = quoteIdentifier(database);
  const record = `${db}.${SCHEMA_MIGRATIONS_TABLE}`;
  await runner.command(`CREATE DATABASE IF NOT EXISTS ${db}`);
  await runner.command(
    `CREATE TABLE IF NOT EXISTS ${record} (
    version UInt32,
    name String,
    applied_at DateTime64(3, 'UTC')
) ENGINE = MergeTree
ORDER BY version`,
  );
  const rows = await runner.query<{ version: number }>(`SELECT DISTINCT version FROM ${record}`);
  const recorded = new Set(rows.map((row) => Number(row.version)));
  const knownVersion = migrations.at(-1)?.version ?? 0;
  const databaseVersion = Math.max(0, ...recorded);
  if (databaseVersion > knownVersion) throw new SchemaTooNewError(database, databaseVersion, knownVersion);

  const applied: number[] = [];
  for (const migration of migrations) {
    if (recorded.has(migration.version)) continue;
    for (const statement of migration.statements(database)) await runner.command(statement);
    await runner.command(
      `INSERT INTO ${record} (version, name, applied_at) VALUES ({version:UInt32}, {name:String}, now64(3))`,
      { version: migration.version, name: migration.name },
    );
    applied.push(migration.version);
  }
  return { applied, schemaVersion: Math.max(databaseVersion, knownVersion) };
}

/** A gap or a reordering in the list is a programming error; catch it before touching a database. */
function assertConsecutive(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`migration "${migration.name}" has version ${migration.version}, expected ${index + 1}`);
    }
  });
}
