import { describe, expect, it } from 'vitest';

import { migrate, type SqlRunner } from '../../../ingest/schema/migrate.js';
import type { Migration } from '../../../ingest/schema/migrations.js';
import { SchemaTooNewError } from '../../../ingest/storage-errors.js';

/** A runner that records statements and answers the recorded-versions query from `recorded`. */
function fakeRunner(recorded: number[]) {
  const statements: string[] = [];
  const runner: SqlRunner = {
    async command(sql, params) {
      statements.push(sql);
      if (sql.startsWith('INSERT INTO') && params !== undefined) recorded.push(Number(params['version']));
    },
    async query<T>() {
      return recorded.map((version) => ({ version })) as T[];
    },
  };
  return { runner, statements };
}

const migrations: Migration[] = [
  { version: 1, name: 'one', statements: (db) => [`CREATE ONE IN ${db}`] },
  { version: 2, name: 'two', statements: (db) => [`CREATE TWO IN ${db}`, `ALTER TWO IN ${db}`] },
];

describe('migrate', () => {
  it('applies missing migrations in order and records each after its statements', async () => {
    const { runner, statements } = fakeRunner([1]);

    const outcome = await migrate(runner, 'db', migrations);

    expect(outcome).toEqual({ applied: [2], schemaVersion: 2 });
    expect(statements.slice(2)).toEqual([
      'CREATE TWO IN db',
      'ALTER TWO IN db',
      'INSERT INTO `db`.agentfleet_schema_migrations (version, name, applied_at) VALUES ({version:UInt32}, {name:String}, now64(3))',
    ]);
  });

  it('does nothing but check when every version is recorded', async () => {
    const { runner, statements } = fakeRunner([1, 2]);

    expect(await migrate(runner, 'db', migrations)).toEqual({ applied: [], schemaVersion: 2 });
    expect(statements).toHaveLength(2); // CREATE DATABASE and CREATE TABLE of the record, both IF NOT EXISTS
  });

  it('refuses a newer schema before changing anything', async () => {
    const { runner, statements } = fakeRunner([1, 2, 3]);

    await expect(migrate(runner, 'db', migrations)).rejects.toBeInstanceOf(SchemaTooNewError);
    expect(statements.filter((s) => s.includes('ONE') || s.includes('TWO'))).toEqual([]);
  });

  it('rejects a migration list with a gap', async () => {
    const { runner } = fakeRunner([]);
    const gapped = [migrations[0]!, { ...migrations[1]!, version: 3 }];

    await expect(migrate(runner, 'db', gapped)).rejects.toThrow('migration "two" has version 3, expected 2');
  });
});
