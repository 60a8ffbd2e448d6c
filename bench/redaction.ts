/**
 * Redaction benchmark. (1) What the collector's redaction stage costs the
 * decoder: spans/s and log records/s with redaction on, against the same
 * decoder with it off, on the realistic agent fixture and on one where 5%
 * of string values carry a secret. (2) The Redactor alone on typical tool
 * output (source files, package-lock.json, a README), in MB/s, against
 * JSON.stringify of the same text (work every exporter does anyway).
 * Each pair is measured interleaved, best of several rounds.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { decodeLogsRequest, decodeTracesRequest } from '../collector/otlp/index.js';
import { createRedactor } from '../redaction/create-redactor.js';
import { SECRET_PATTERNS } from '../redaction/patterns.js';
import { agentLogsRequestObject, agentTraceRequestObject } from './otlp-fixtures.js';
import { ExportLogsServiceRequest, ExportTraceServiceRequest, type OtlpAnyValue } from './otlp-protobufjs.js';
import { formatBenchTable, type BenchRow } from './table.js';
import { interleavedItemsPerSecond } from './throughput.js';

const ITEMS_PER_REQUEST = 512;
const REQUESTS = 16;
/** Every n-th string value of the "secrets" fixture gets a secret: 5%. */
const SECRET_EVERY = 20;
const REPO = new URL('../../', import.meta.url);

/** Appends a built-in pattern's example (a fake secret in context) to every `SECRET_EVERY`-th string value, in place. */
function plantSecrets(request: object): void {
  let n = 0;
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== 'object' || node === null) return;
    const value = node as OtlpAnyValue;
    if (typeof value.stringValue === 'string' && ++n % SECRET_EVERY === 0) {
      value.stringValue += ` ${SECRET_PATTERNS[(n / SECRET_EVERY) % SECRET_PATTERNS.length]!.example}`;
    }
    Object.values(node).forEach(visit);
  };
  visit(request);
}

function requests(secrets: boolean): { traces: Buffer[]; logs: Buffer[] } {
  const seeds = Array.from({ length: REQUESTS }, (_, i) => i + 1);
  const build = <T extends object>(make: (seed: number) => T, encode: (request: T) => Uint8Array) =>
    seeds.map((seed) => {
      const request = make(seed);
      if (secrets) plantSecrets(request);
      return Buffer.from(encode(request));
    });
  return {
    traces: build((seed) => agentTraceRequestObject({ spans: ITEMS_PER_REQUEST, seed }), (r) => ExportTraceServiceRequest.encode(r).finish()),
    logs: build((seed) => agentLogsRequestObject({ spans: ITEMS_PER_REQUEST, seed }), (r) => ExportLogsServiceRequest.encode(r).finish()),
  };
}

export async function main(): Promise<void> {
  const redactor = createRedactor();
  const on = { redactor };
  const rows: BenchRow[] = [];
  for (const secrets of [false, true]) {
    const fixture = secrets ? `${100 / SECRET_EVERY}% of values with a secret` : 'realistic';
    const { traces, logs } = requests(secrets);
    const [tracesOn, tracesOff] = interleavedItemsPerSecond(traces, ITEMS_PER_REQUEST, [(b) => decodeTracesRequest(b, 'protobuf', on), (b) => decodeTracesRequest(b, 'protobuf')]);
    const [logsOn, logsOff] = interleavedItemsPerSecond(logs, ITEMS_PER_REQUEST, [(b) => decodeLogsRequest(b, 'protobuf', on), (b) => decodeLogsRequest(b, 'protobuf')]);
    rows.push({ figure: `traces protobuf → RowBinary, redaction on (${fixture})`, value: tracesOn!, unit: 'spans/s', baseline: tracesOff, baselineLabel: 'redaction off' });
    rows.push({ figure: `logs protobuf → RowBinary, redaction on (${fixture})`, value: logsOn!, unit: 'records/s', baseline: logsOff, baselineLabel: 'redaction off' });
  }
  const texts: Record<string, string> = {
    'source code (collector/otlp/*.ts)': ['wire-reader.ts', 'json-transcoder.ts', 'traces-decoder.ts', 'any-value-json.ts'].map((f) => read(`collector/otlp/${f}`)).join('\n'),
    'package-lock.json (integrity hashes)': read('package-lock.json'),
    'README.md (prose, config tables)': read('README.md'),
    'redaction/patterns.ts (65 fake secrets)': read('redaction/patterns.ts'),
  };
  for (const [name, text] of Object.entries(texts)) {
    const [redact, stringify] = interleavedItemsPerSecond([text], Buffer.byteLength(text) / 1e6, [(t) => redactor.redact(t), (t) => JSON.stringify(t)]);
    rows.push({ figure: `Redactor.redact: ${name}, ${Math.round(Buffer.byteLength(text) / 1024)} KiB`, value: redact!, unit: 'MB/s', baseline: stringify, baselineLabel: 'JSON.stringify' });
  }
  process.stdout.write(`${formatBenchTable(`redaction: ${ITEMS_PER_REQUEST} items/request; Redactor alone on tool-like text`, rows)}\n`);
}

function read(file: string): string {
  return readFileSync(new URL(file, REPO), 'utf8');
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) await main();
