import { z } from 'zod';
import { jsonRoute, type ApiRoute } from '../api/route.js';
import type { ServerStatus } from '../server-status.js';

const count = z.number().int().nonnegative();

const signalIngestSchema = z.object({
  rowsAccepted: count.describe('rows made durable in the write-ahead log since start'),
  rowsInserted: count.describe('rows inserted into storage since start'),
  walPendingRows: count,
  walPendingBytes: count,
  walSegments: count,
  lagMs: z.number().nonnegative().describe('age of the oldest row not yet inserted; 0 when caught up'),
  duplicatesDropped: count.describe('retried requests answered without storing them again'),
  insertErrors: count,
  lastInsertError: z.string().optional(),
});

/** `ServerStatus` (server-status.ts) as a schema, for the OpenAPI document. */
const serverStatusSchema = z.object({
  version: z.string(),
  pid: z.number().int(),
  startedAt: z.string().describe('ISO 8601'),
  uptimeMs: z.number(),
  otlpUrl: z.string(),
  controlPlaneUrl: z.string(),
  storage: z.object({
    kind: z.enum(['chdb', 'clickhouse']),
    description: z.string(),
    database: z.string(),
    tables: z.array(z.object({ table: z.string(), rows: count, bytesOnDisk: count })),
    localBytesOnDisk: count.optional().describe('bytes of the chDB directory; absent for a ClickHouse server'),
  }),
  ingest: z.object({ traces: signalIngestSchema, logs: signalIngestSchema }),
  receiver: z.object({
    responses: z.record(z.string(), z.record(z.string(), count)).describe('responses by route and HTTP status'),
    abortedRequests: count,
    spansAccepted: count,
    logRecordsAccepted: count,
    spansRejected: count,
    logRecordsRejected: count,
    bodyBytesReceived: count,
    bodyBytesDecompressed: count,
    valuesRedacted: count,
  }),
});

/** `GET /api/v1/status`: what `agentfleet status` prints. */
export function statusRoute(status: () => Promise<ServerStatus>): ApiRoute {
  return jsonRoute({
    method: 'get',
    path: '/api/v1/status',
    summary: 'storage, ingest and collector figures of the running server',
    response: serverStatusSchema,
    handle: () => status(),
  });
}
