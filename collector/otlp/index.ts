export type { DecodedRequest, DecodeOptions, OtlpEncoding } from './decode.js';
export { OtlpDecodeError } from './decode.js';
export { decodeLogsRequest, decodeTracesRequest } from './decode-requests.js';
export { MAX_ANY_VALUE_DEPTH } from './any-value-scan.js';
