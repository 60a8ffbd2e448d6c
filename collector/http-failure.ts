/**
 * gRPC status codes used in `google.rpc.Status.code`. The OTLP spec says
 * clients do not act on this code (the HTTP status decides), so it is for
 * people reading the response; each follows the gRPC HTTP mapping.
 */
export const GrpcCode = {
  INVALID_ARGUMENT: 3,
  RESOURCE_EXHAUSTED: 8,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  UNAUTHENTICATED: 16,
} as const;

export type GrpcCode = (typeof GrpcCode)[keyof typeof GrpcCode];

/** HTTP statuses the receiver fails with. */
export type FailureStatus = 400 | 401 | 404 | 405 | 413 | 415 | 429 | 500 | 503;

/**
 * HTTP status → gRPC code. 413 is RESOURCE_EXHAUSTED because that is what
 * gRPC itself returns for a message over the receiver's size limit; without
 * RetryInfo the OTLP spec treats it as not retryable, as HTTP 413 is.
 * 404/405 are UNIMPLEMENTED: gRPC's answer to an unknown method.
 */
const GRPC_CODE_BY_HTTP_STATUS: Readonly<Record<FailureStatus, GrpcCode>> = {
  400: GrpcCode.INVALID_ARGUMENT,
  401: GrpcCode.UNAUTHENTICATED,
  404: GrpcCode.UNIMPLEMENTED,
  405: GrpcCode.UNIMPLEMENTED,
  413: GrpcCode.RESOURCE_EXHAUSTED,
  415: GrpcCode.INVALID_ARGUMENT,
  429: GrpcCode.RESOURCE_EXHAUSTED,
  500: GrpcCode.INTERNAL,
  503: GrpcCode.UNAVAILABLE,
};

/** A request the receiver answers with a 4xx/5xx and a `google.rpc.Status` body. */
export class HttpFailure extends Error {
  override readonly name = 'HttpFailure';
  readonly grpcCode: GrpcCode;

  constructor(
    readonly status: FailureStatus,
    message: string,
    /** Extra response headers (`Retry-After`, `Allow`, `WWW-Authenticate`). */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.grpcCode = GRPC_CODE_BY_HTTP_STATUS[status];
  }
}

/** `Retry-After` in whole seconds (what every OTLP client parses), at least 1. */
export function retryAfterHeader(retryAfterMs: number): Record<string, string> {
  const seconds = Math.max(1, Math.ceil(Number.isFinite(retryAfterMs) ? retryAfterMs / 1000 : 1));
  return { 'Retry-After': String(seconds) };
}
