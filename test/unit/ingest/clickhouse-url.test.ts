import { describe, expect, it } from 'vitest';

import { parseClickHouseUrl } from '../../../ingest/clickhouse-url.js';

describe('parseClickHouseUrl', () => {
  it('reads clickhouse:// as HTTP on port 8123 with credentials and database', () => {
    expect(parseClickHouseUrl('clickhouse://alice:p%40ss@db.internal/traces')).toEqual({
      url: 'http://db.internal:8123',
      username: 'alice',
      password: 'p@ss',
      database: 'traces',
    });
  });

  it('keeps an explicit port and an https scheme as given', () => {
    expect(parseClickHouseUrl('https://ch.example.com:8443/')).toEqual({
      url: 'https://ch.example.com:8443',
      username: undefined,
      password: undefined,
      database: undefined,
    });
  });

  it('keeps an IPv6 loopback host in brackets', () => {
    expect(parseClickHouseUrl('clickhouse://[::1]:9000/otel').url).toBe('http://[::1]:9000');
  });

  it('refuses other schemes, query parameters and text that is not a URL', () => {
    expect(() => parseClickHouseUrl('postgres://db/otel')).toThrow(/unsupported ClickHouse URL scheme postgres:/);
    expect(() => parseClickHouseUrl('http://u:secret@db:8123/otel?secure=1')).toThrow(/has query parameters/);
    expect(() => parseClickHouseUrl('http://u:secret@db:8123/otel?secure=1')).not.toThrow(/secret/);
    expect(() => parseClickHouseUrl('db:8123')).toThrow();
  });
});
