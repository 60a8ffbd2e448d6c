import { RowBinaryWriter } from '../../ingest/rowbinary.js';
import type { Signal } from '../../ingest/schema/otel-tables.js';
import type { ByteRedactor } from '../../redaction/redactor.js';
import type { DecodedRequest, DecodeOptions } from './decode.js';
import { DecodePath } from './decode-path.js';
import { IntList } from './int-list.js';
import { WireReader } from './wire-reader.js';

/**
 * Everything one decoder keeps between requests: the reader, the row
 * writer, a second writer for parts encoded once per resource/scope and
 * copied into every row, and offset lists. Decoding is synchronous, so one
 * context per signal serves every request in the process.
 */
export class DecodeContext {
  readonly path = new DecodePath();
  readonly reader = new WireReader(this.path);
  /** The rows. */
  readonly out = new RowBinaryWriter();
  /** Resource and scope columns, encoded once per resource/scope. */
  readonly parts = new RowBinaryWriter(4 * 1024);
  /** KeyValues being decoded, 4 ints each: key start, key end, value start, value end (-1 when absent). */
  readonly keyValues = new IntList();
  /** Scratch for the duplicate-key check of one map, a flag per KeyValue. */
  duplicate = new Uint8Array(64);
  rowCount = 0;
  /** The request's redactor (undefined: none); see redacted-strings.ts. */
  redactor: ByteRedactor | undefined;
  /** String values the redactor changed in this request. */
  redactedValues = 0;
  private rejectedItems = 0;
  private firstRejection = '';

  constructor(private readonly signal: Signal) {}

  reset(body: Buffer, options: DecodeOptions): void {
    this.redactor = options.redactor;
    this.redactedValues = 0;
    this.path.clear();
    this.reader.reset(body);
    this.out.reset();
    this.parts.reset();
    this.keyValues.clear();
    this.rowCount = 0;
    this.rejectedItems = 0;
    this.firstRejection = '';
  }

  /** Drops the current item (reported in `partial_success`, the request still succeeds). */
  reject(reason: string): void {
    if (this.rejectedItems++ === 0) this.firstRejection = `${this.path.toString()}: ${reason}`;
  }

  result(): DecodedRequest {
    const items = this.signal === 'traces' ? 'spans' : 'log records';
    return {
      rows: { signal: this.signal, rowCount: this.rowCount, data: this.out.toBuffer() },
      rejectedItems: this.rejectedItems,
      rejectionMessage:
        this.rejectedItems === 0 ? undefined : `${this.rejectedItems} ${items} rejected; first: ${this.firstRejection}`,
      redactedValues: this.redactedValues,
    };
  }
}
