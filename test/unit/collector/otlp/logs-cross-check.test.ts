import { describe, expect, it } from 'vitest';
import { logsRequestToJson } from '../../../../bench/otlp-fixtures.js';
import { ExportLogsServiceRequest, fromOtlpJson } from '../../../../bench/otlp-protobufjs.js';
import { referenceLogRows } from '../../../../bench/otlp-reference.js';
import { decodeLogsRequest } from '../../../../collector/otlp/index.js';
import { LOGS_INSERT_COLUMNS } from '../../../../ingest/schema/otel-tables.js';
import { randomLogsRequest } from '../../../helpers/random-otlp.js';
import { readRows } from '../../../helpers/rowbinary-reader.js';

const REQUESTS = 400;

describe('the logs decoder against the protobufjs reference', () => {
  it('maps random protobuf requests to the same rows as the reference mapping', () => {
    let rows = 0;
    for (let seed = 1; seed <= REQUESTS; seed++) {
      const body = Buffer.from(ExportLogsServiceRequest.encode(randomLogsRequest(seed)).finish());
      const expected = referenceLogRows(ExportLogsServiceRequest.decode(body));
      const decoded = decodeLogsRequest(body, 'protobuf');
      expect(readRows(decoded.rows.data, LOGS_INSERT_COLUMNS), `seed ${seed}`).toEqual(expected);
      expect(decoded.rows).toMatchObject({ signal: 'logs', rowCount: expected.length });
      expect(decoded.rejectedItems).toBe(0);
      rows += expected.length;
    }
    expect(rows).toBeGreaterThan(1000);
  });

  it('gives the same rows for the same requests in OTLP/JSON, as protobufjs reads them', () => {
    for (let seed = 1; seed <= REQUESTS; seed++) {
      const request = randomLogsRequest(seed);
      const protobuf = decodeLogsRequest(Buffer.from(ExportLogsServiceRequest.encode(request).finish()), 'protobuf');
      const body = logsRequestToJson(request);
      const json = decodeLogsRequest(body, 'json');
      expect(json.rows.data.equals(protobuf.rows.data), `seed ${seed}`).toBe(true);
      const parsed = fromOtlpJson(ExportLogsServiceRequest, JSON.parse(body.toString()) as Record<string, unknown>);
      expect(readRows(json.rows.data, LOGS_INSERT_COLUMNS), `seed ${seed}`).toEqual(referenceLogRows(parsed));
    }
  });
});
