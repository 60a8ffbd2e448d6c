import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { createStorage } from '../../../ingest/storage-url.js';

// createStorage opens nothing, so these checks need neither chDB nor a server.
describe('createStorage', () => {
  it('chooses chDB in <dataDir>/chdb with database otel when --storage is absent or chdb', () => {
    for (const storage of [undefined, 'chdb']) {
      const chosen = createStorage({ storage, dataDir: '/var/agentfleet' });
      expect(chosen.kind).toBe('chdb');
      expect(chosen.database).toBe('otel');
      expect(chosen.description).toBe(`chdb:${path.resolve('/var/agentfleet/chdb')} (database otel)`);
    }
  });

  it('chooses a ClickHouse server for clickhouse:// and http(s):// URLs', () => {
    expect(createStorage({ storage: 'clickhouse://127.0.0.1/fleet', dataDir: '/d' })).toMatchObject({
      kind: 'clickhouse',
      database: 'fleet',
    });
    expect(createStorage({ storage: 'https://127.0.0.1:8443', dataDir: '/d' })).toMatchObject({
      kind: 'clickhouse',
      database: 'otel',
    });
  });

  it('refuses anything else without echoing a password', () => {
    expect(() => createStorage({ storage: 'clikhouse://bob:hunter2@db', dataDir: '/d' })).toThrow(
      '--storage must be chdb, clickhouse://… or http(s)://…, got "clikhouse://bob:***@db"',
    );
  });
});
