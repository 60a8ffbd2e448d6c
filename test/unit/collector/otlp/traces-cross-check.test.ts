import { describe, expect, it } from 'vitest';
import { tracesRequestToJson } from '../../../../bench/otlp-fixtures.js';
import { ExportTraceServiceRequest, fromOtlpJson } from '../../../../bench/otlp-protobufjs.js';
import { referenceTraceRows } from '../../../../bench/otlp-reference.js';
import { decodeTracesRequest } from '../../../../collector/otlp/index.js';
import { TRACES_INSERT_COLUMNS } from '../../../../ingest/schema/otel-tables.js';
import { randomTracesRequest } from '../../../helpers/random-otlp.js';
import { readRows } from '../../../helpers/rowbinary-reader.js';

const REQUESTS = 400;

describe('the traces decoder against the protobufjs reference', () => {
  it('maps random protobuf requests to the same rows as the reference mapping', () => {
    let rows = 0;
    let rejected = 0;
    for (let seed = 1; seed <= REQUESTS; seed++) {
      const body = Buffer.from(ExportTraceServiceRequest.encode(randomTracesRequest(seed)).finish());
      const expected = referenceTraceRows(ExportTraceServiceRequest.decode(body));
      const decoded = decodeTracesRequest(body, 'protobuf');
      const actual = readRows(decoded.rows.data, TRACES_INSERT_COLUMNS);
      expect(actual, `seed ${seed}`).toEqual(expected.rows);
      expect(decoded.rows.rowCount, `seed ${seed}`).toBe(expected.rows.length);
      expect(decoded.rows.signal).toBe('traces');
      expect(decoded.rejectedItems, `seed ${seed}`).toBe(expected.rejected);
      rows += actual.length;
      rejected += decoded.rejectedItems;
    }
    // The generator must actually exercise both outcomes.
    expect(rows).toBeGreaterThan(1000);
    expect(rejected).toBeGreaterThan(50);
  });

  it('gives the same rows for the same requests in OTLP/JSON, as protobufjs reads them', () => {
    for (let seed = 1; seed <= REQUESTS; seed++) {
      const request = randomTracesRequest(seed);
      const protobuf = decodeTracesRequest(Buffer.from(ExportTraceServiceRequest.encode(request).finish()), 'protobuf');
      const body = tracesRequestToJson(request);
      const json = decodeTracesRequest(body, 'json');
      expect(json.rows.data.equals(protobuf.rows.data), `seed ${seed}`).toBe(true);
      expect(json.rejectedItems).toBe(protobuf.rejectedItems);
      // The same again, without protobuf: protobufjs reads the OTLP/JSON itself.
      const parsed = fromOtlpJson(ExportTraceServiceRequest, JSON.parse(body.toString()) as Record<string, unknown>);
      expect(readRows(json.rows.data, TRACES_INSERT_COLUMNS), `seed ${seed}`).toEqual(referenceTraceRows(parsed).rows);
    }
  });
});
