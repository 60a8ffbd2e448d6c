import { randomUUID } from 'node:crypto';
import path from 'node:path';

import { createClient } from '@clickhouse/client';
import { createChdbConnection } from 'chdb/connection';
import { describe, it } from 'vitest';

import { clickHouseStorageOnClient, createClickHouseStorage } from '../../ingest/clickhouse-storage.js';
import { parseClickHouseUrl } from '../../ingest/clickhouse-url.js';
import { describeStorageContract } from './storage-contract.js';

/**
 * clickhouse-storage.ts against a real server when AGENTFLEET_TEST_CLICKHOUSE_URL
 * is set (e.g. clickhouse://default:@127.0.0.1:8123), each test in a fresh
 * database that is dropped afterwards. Without it, the same code runs on
 * `@clickhouse/client` whose connection is chDB in this process
 * (`chdb/connection`): everything but the RowBinary body, which that
 * connection decodes as UTF-8 text and so corrupts.
 */
type ClientConnection = NonNullable<NonNullable<Parameters<typeof createClient>[0]>['connection']>;

const serverUrl = process.env['AGENTFLEET_TEST_CLICKHOUSE_URL'];

if (serverUrl !== undefined && serverUrl !== '') {
  describeStorageContract(
    `ClickHouse server at ${parseClickHouseUrl(serverUrl).url}`,
    async () => {
      const database = `agentfleet_test_${randomUUID().replace(/-/g, '')}`;
      return {
        open: () => createClickHouseStorage({ url: serverUrl, database }),
        async dispose() {
          const endpoint = parseClickHouseUrl(serverUrl);
          const client = createClient({ url: endpoint.url, username: endpoint.username, password: endpoint.password });
          await client.command({ query: `DROP DATABASE IF EXISTS \`${database}\`` });
          await client.close();
        },
      };
    },
    { storesLocally: false },
  );
} else {
  console.warn(
    'storage-clickhouse: AGENTFLEET_TEST_CLICKHOUSE_URL is not set; running clickhouse-storage on an in-process chDB connection, RowBinary insert tests skipped',
  );
  describe('Storage contract: ClickHouse server', () => {
    it.skip('needs AGENTFLEET_TEST_CLICKHOUSE_URL (e.g. clickhouse://default:@127.0.0.1:8123); its in-process stand-in runs below', () => {});
  });
  describeStorageContract(
    'clickhouse-storage on @clickhouse/client with an in-process chDB connection',
    async (dir) => ({
      open: () => {
        const chdbPath = path.join(dir, 'chdb');
        // chdb/connection is typed against the deprecated @clickhouse/client-common, whose settings
        // type differs from the one @clickhouse/client bundles; the runtime contract is the same.
        const connection = createChdbConnection({ path: chdbPath }) as unknown as ClientConnection;
        const client = createClient({ connection });
        return clickHouseStorageOnClient(client, 'otel', `chdb-connection:${chdbPath}`);
      },
      dispose: async () => undefined,
    }),
    {
      storesLocally: false,
      rowBinaryInsertSkipReason:
        'chdb/connection decodes request bodies as UTF-8 text, which corrupts RowBinary; set AGENTFLEET_TEST_CLICKHOUSE_URL to run them against a server',
    },
  );
}
