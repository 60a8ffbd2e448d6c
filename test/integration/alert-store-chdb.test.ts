import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { createChdbStorage } from '../../ingest/chdb-storage.js';
import { SCHEMA_MIGRATIONS_TABLE } from '../../ingest/schema/migrate.js';
import type { Storage } from '../../ingest/storage.js';
import type { Alert } from '../../orchestrator/collisions/alert.js';
import { createAlertBook, type AlertBook } from '../../orchestrator/collisions/alert-book.js';
import { createAlertStore } from '../../orchestrator/collisions/alert-store.js';
import { createAlertWriter } from '../../orchestrator/collisions/alert-writer.js';
import { detectAssumptionBreaks } from '../../orchestrator/collisions/assumption.js';
import { detectOverlaps } from '../../orchestrator/collisions/overlap.js';
import { assumption, fileChange, session, T0 } from '../helpers/fleet-sessions.js';
import { tempDir } from '../helpers/temp-dir.js';

/** A fleet whose alerts carry every optional part: line counts, an assumption, a branch left unknown, quotes and Unicode. */
const sessions = [
  session('alice', {
    branch: undefined,
    files: [fileChange("src/it's \"db\".ts", { linesAdded: 7 })],
    assumptions: [assumption({ id: 'span-1', sessionId: 's-alice', text: 'pool size stays 10 — ✓', subject: 'src/pool.ts' })],
  }),
  session('bob', { files: ["src/it's \"db\".ts", 'src/pool.ts'] }),
];

describe('alert store on chDB', () => {
  const open: Storage[] = [];
  afterEach(async () => {
    for (const storage of open.splice(0)) await storage.shutdown();
  });

  async function started(dir: string): Promise<Storage> {
    const storage = createChdbStorage({ path: path.join(dir, 'chdb'), database: 'otel' });
    open.push(storage);
    await storage.start();
    return storage;
  }

  /** A book on `storage` whose every change is written through the alert writer. */
  async function persistedBook(storage: Storage) {
    const store = createAlertStore(storage);
    const writer = createAlertWriter({ store, onError: (error) => expect.fail(String(error)) });
    const book: AlertBook = createAlertBook(await store.load());
    book.onChange(({ alert }) => writer.write(alert));
    return { book, store, writer };
  }

  it('creates agentfleet_alerts as a ReplacingMergeTree by version through migration 3 on a fresh data directory', async () => {
    const storage = await started(tempDir());

    const [table] = await storage.query<{ engine: string; sorting_key: string; engine_full: string }>(
      "SELECT engine, sorting_key, engine_full FROM system.tables WHERE database = 'otel' AND name = 'agentfleet_alerts'",
    );
    const versions = await storage.query<{ version: number; name: string }>(
      `SELECT version, name FROM otel.${SCHEMA_MIGRATIONS_TABLE} ORDER BY version`,
    );

    expect(table).toMatchObject({ engine: 'ReplacingMergeTree', sorting_key: 'id' });
    expect(table?.engine_full).toMatch(/^ReplacingMergeTree\(version\)/);
    expect(versions).toContainEqual({ version: 3, name: 'agentfleet_alerts' });
    expect(await createAlertStore(storage).load()).toEqual([]);
  });

  it('gives back after a restart exactly the alerts the book held, and the book carries on from them', async () => {
    const dir = tempDir();
    const before = await persistedBook(await started(dir));
    for (const candidate of [...detectOverlaps(sessions), ...detectAssumptionBreaks(sessions)]) before.book.upsert(candidate, T0 + 10.4);
    const ofKind = (kind: Alert['kind']) => before.book.all().find((alert) => alert.kind === kind)!;
    before.book.acknowledge(ofKind('overlap').id, 'human');
    before.book.resolve(ofKind('assumption').id, 'lead', T0 + 20_000);
    await before.writer.shutdown();
    const held: Alert[] = before.book.all();
    await open.splice(0)[0]!.shutdown();

    const after = await persistedBook(await started(dir));

    // Whole milliseconds: DateTime64(3).
    expect(after.book.all()).toEqual(held.map((alert) => ({ ...alert, firstSeenMs: T0 + 10, lastSeenMs: T0 + 10 })));
    expect(held.map((alert) => [alert.kind, alert.state, alert.version])).toEqual([
      ['assumption', 'resolved', 2],
      ['overlap', 'acknowledged', 2],
    ]);
    after.book.upsert(detectOverlaps(sessions)[0]!, T0 + 30_000);
    after.book.resolveMissing('overlap', () => true, new Set(), 'merged', T0 + 40_000);
    await after.writer.flush();
    expect((await after.store.load()).map((alert) => [alert.kind, alert.state, alert.resolution, alert.version])).toEqual([
      ['assumption', 'resolved', 'manual', 2],
      ['overlap', 'resolved', 'merged', 3],
    ]);
  });

  it('loads the highest version of an alert whatever order its versions were inserted in, before any merge', async () => {
    const storage = await started(tempDir());
    const store = createAlertStore(storage);
    const book = createAlertBook();
    const versions: Alert[] = [];
    book.onChange(({ alert }) => versions.push(alert));
    const candidate = detectOverlaps(sessions)[0]!;
    book.upsert(candidate, T0);
    book.upsert({ ...candidate, severity: 'critical' }, T0 + 1_000);
    book.acknowledge(versions[0]!.id, 'human');

    // One insert per version, and no merges: three parts, each with one version.
    await storage.command('SYSTEM STOP MERGES otel.agentfleet_alerts');
    for (const version of [versions[1]!, versions[2]!, versions[0]!]) await store.save([version]);

    expect(await storage.query('SELECT version FROM otel.agentfleet_alerts ORDER BY version')).toEqual([
      { version: '1' },
      { version: '2' },
      { version: '3' },
    ]);
    expect(await store.load()).toEqual([versions[2]]);
  });

  it('refuses a stored row it cannot read, naming the alert and field', async () => {
    const storage = await started(tempDir());
    const book = createAlertBook();
    const alert = book.upsert(detectOverlaps(sessions)[0]!, T0);
    const store = createAlertStore(storage);
    await store.save([alert]);
    await storage.command(`INSERT INTO otel.agentfleet_alerts (id, version, kind, severity, state, parties, evidence, first_seen, last_seen)
      VALUES ('${alert.id}', 9, 'overlap', 'warning', 'open', '[]', '{"files":[]}', now64(3), now64(3))`);

    await expect(store.load()).rejects.toThrow(`stored alert ${alert.id}: evidence: spans: `);
  });
});
