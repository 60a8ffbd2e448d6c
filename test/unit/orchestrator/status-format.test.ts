import { beforeAll, describe, expect, it } from 'vitest';
import type { ServerStatus } from '../../../orchestrator/server-status.js';
import { formatStatus } from '../../../orchestrator/status-format.js';
import type { FleetStatus } from '../../../orchestrator/status-report.js';
import { agentsResponseSchema } from '../../../orchestrator/routes/agents.js';
import { FIXTURE_T0, fleetFixture } from '../../helpers/fleet-fixture.js';

const signal = { rowsAccepted: 7, rowsInserted: 7, walPendingRows: 0, walPendingBytes: 0, walSegments: 0, lagMs: 0, duplicatesDropped: 0, insertErrors: 0, lastInsertError: undefined };

const server: ServerStatus = {
  version: '0.1.0',
  pid: 42,
  startedAt: '2025-11-24T16:00:00.000Z',
  uptimeMs: 60_000,
  otlpUrl: 'http://127.0.0.1:4318',
  controlPlaneUrl: 'http://127.0.0.1:4380',
  storage: { kind: 'chdb', description: 'chDB in /data/chdb', database: 'otel', tables: [{ table: 'otel_traces', rows: 7, bytesOnDisk: 2048 }], localBytesOnDisk: 4096 },
  ingest: { traces: signal, logs: signal },
  receiver: { responses: {}, abortedRequests: 0, spansAccepted: 7, logRecordsAccepted: 0, spansRejected: 0, logRecordsRejected: 0, bodyBytesReceived: 0, bodyBytesDecompressed: 0, valuesRedacted: 0 },
};

describe('agentfleet status with a running server', () => {
  beforeAll(() => {
    process.env['TZ'] = 'UTC';
  });

  it('shows the fleet first: each agent with status, current tool, last activity, unmerged files and work tree, and open alerts by kind', () => {
    const fixture = fleetFixture();
    const fleet: FleetStatus = {
      agents: agentsResponseSchema.parse(JSON.parse(JSON.stringify({ agents: fixture.fleet.agents() }))).agents,
      openAlerts: { total: 2, byKind: { overlap: 1, intent: 1, merge_conflict: 0, dependency: 0, assumption: 0 } },
    };
    const lines = formatStatus({ running: true, server, fleet }, FIXTURE_T0 + 90_000).split('\n');
    expect(lines.slice(5, 10)).toEqual([
      'fleet: 3 agents; 2 open alerts (1 overlap, 1 intent)',
      '  agent  status   current tool  last activity  unmerged files          work tree (branch)',
      '  alice  running                   1m 29s ago  2: src/a.ts, src/db.ts  /w/alice (agentfleet/alice)',
      '  bob    done                      1m 29s ago  1: src/db.ts            /w/bob (agentfleet/bob)',
      '  carol  running  Bash             1m 29s ago  0                       /w/carol (agentfleet/carol)',
    ]);
  });

  it('says when there are no agents yet', () => {
    const fleet: FleetStatus = { agents: [], openAlerts: { total: 0, byKind: { overlap: 0, intent: 0, merge_conflict: 0, dependency: 0, assumption: 0 } } };
    expect(formatStatus({ running: true, server, fleet }).split('\n')[5]).toBe('fleet: no agents yet; 0 open alerts');
  });
});
