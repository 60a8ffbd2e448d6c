import path from 'node:path';

import { createChdbStorage } from '../../ingest/chdb-storage.js';
import { describeStorageContract } from './storage-contract.js';

// chDB keeps one data directory per process: the suite shuts each storage
// down before the next test opens its own directory.
describeStorageContract(
  'chDB',
  async (dir) => ({
    open: () => createChdbStorage({ path: path.join(dir, 'chdb'), database: 'otel' }),
    dispose: async () => undefined,
  }),
  { storesLocally: true },
);
