import { randomBytes } from 'node:crypto';
import { agentTraceRequest } from './otlp-fixtures.js';

/** The request mix of the ingest benchmark. */
export interface WorkloadOptions {
  readonly spansPerRequest: number;
  /** Distinct request templates (different agents, tools, paths) cycled through. */
  readonly templates: number;
  readonly seed: number;
}

export interface Workload {
  readonly options: WorkloadOptions;
  readonly templates: readonly Buffer[];
  /** Byte offsets, per template, of the first trace-id bytes that `stampRequest` overwrites. */
  readonly stampOffsets: readonly (readonly number[])[];
}

/**
 * Builds protobuf templates whose trace ids end in an 8-byte marker unique
 * to this run; the first 4 bytes of each such id are later overwritten with
 * the request number, so every request (and every trace) is distinct without
 * re-encoding anything.
 */
export function buildWorkload(options: WorkloadOptions): Workload {
  const marker = randomBytes(8);
  const templates: Buffer[] = [];
  const stampOffsets: number[][] = [];
  for (let t = 0; t < options.templates; t++) {
    const body = agentTraceRequest({ spans: options.spansPerRequest, seed: options.seed + t, traceIdSuffix: marker });
    const offsets: number[] = [];
    for (let at = body.indexOf(marker); at !== -1; at = body.indexOf(marker, at + 8)) offsets.push(at - 8);
    if (offsets.length === 0) throw new Error('workload: no trace id carries the marker');
    templates.push(body);
    stampOffsets.push(offsets);
  }
  return { options, templates, stampOffsets };
}

/** Request `n`: a copy of a template with `n` stamped into its trace ids. */
export function stampRequest(workload: Workload, n: number): Buffer {
  const index = n % workload.templates.length;
  const body = Buffer.from(workload.templates[index]!);
  for (const offset of workload.stampOffsets[index]!) body.writeUInt32BE(n, offset);
  return body;
}
