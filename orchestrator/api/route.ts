import type { Request, Response } from 'express';
import { z } from 'zod';

/**
 * One REST route of the control plane, declared once: method, path, the
 * zod schemas of its inputs and response, and its handler. `mountRoutes`
 * serves it (validating inputs at the edge) and `openApiDocument` describes
 * it, so the API and its documentation cannot drift apart.
 */

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** Readonly all the way down: handlers may return the (readonly) domain types where the schema's type is mutable. */
export type DeepReadonly<T> = T extends readonly (infer E)[]
  ? readonly DeepReadonly<E>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

/** The validated inputs a handler gets (schema outputs: defaults applied, strings coerced). */
export interface RouteInput<P, Q, B> {
  readonly params: P;
  readonly query: Q;
  readonly body: B;
}

interface RouteBase<P extends z.ZodType, Q extends z.ZodType> {
  readonly method: HttpMethod;
  /** Express syntax (`/api/v1/alerts/:id`); OpenAPI gets `{id}`. */
  readonly path: string;
  /** One line for the OpenAPI document. */
  readonly summary: string;
  readonly description?: string;
  /** Path parameters: an object schema with one string-ish property per `:name`. */
  readonly params?: P;
  /** Query parameters: an object schema; each property is one parameter (`.describe()` documents it). */
  readonly query?: Q;
  /**
   * Client errors the route answers besides those the registry answers for
   * it (400 for a query or body its schemas refuse, 401 without the token,
   * 413/415 for a body too large or not JSON): status → when, for the
   * OpenAPI document. Path parameters are non-empty path segments, so a
   * params schema that asks for no more never fails; one that does
   * declares its 400 here.
   */
  readonly errors?: Readonly<Record<number, string>>;
}

/** A route that answers one JSON document. */
export interface JsonRouteSpec<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType> extends RouteBase<P, Q> {
  readonly kind: 'json';
  /** JSON request body (POST/PUT/PATCH). */
  readonly body?: B;
  readonly response: R;
  /** Status of a success; default 200. */
  readonly successStatus?: number;
  /** Throw `ApiError` for a 4xx; anything else is a 500. */
  handle(input: RouteInput<z.output<P>, z.output<Q>, z.output<B>>): Promise<DeepReadonly<z.input<R>>>;
}

/** A route that keeps the response open and writes to it (Server-Sent Events). */
export interface StreamRouteSpec<P extends z.ZodType, Q extends z.ZodType> extends RouteBase<P, Q> {
  readonly kind: 'stream';
  /** Content type of the stream, e.g. `text/event-stream`. */
  readonly contentType: string;
  /** What one event's `data` can be, for the document. */
  readonly event: z.ZodType;
  /** Writes the response itself; inputs are already validated. */
  serve(input: RouteInput<z.output<P>, z.output<Q>, undefined>, req: Request, res: Response): void;
}

// The registry holds routes of every input type; handlers are only ever called with inputs their own schemas parsed.
export type ApiRoute = JsonRouteSpec<z.ZodType, z.ZodType, z.ZodType, z.ZodType> | StreamRouteSpec<z.ZodType, z.ZodType>;

/** Declares a JSON route with its handler typed by its schemas. */
export function jsonRoute<P extends z.ZodType = z.ZodUndefined, Q extends z.ZodType = z.ZodUndefined, B extends z.ZodType = z.ZodUndefined, R extends z.ZodType = z.ZodType>(
  spec: Omit<JsonRouteSpec<P, Q, B, R>, 'kind'>,
): ApiRoute {
  return { kind: 'json', ...spec } as unknown as ApiRoute;
}

/** Declares a streaming route. */
export function streamRoute<P extends z.ZodType = z.ZodUndefined, Q extends z.ZodType = z.ZodUndefined>(spec: Omit<StreamRouteSpec<P, Q>, 'kind'>): ApiRoute {
  return { kind: 'stream', ...spec } as unknown as ApiRoute;
}

/** A failure the client caused or can act on: answered with `status` and `{ error: message }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Every error answer of the API. */
export const errorResponseSchema = z.object({ error: z.string().describe('what went wrong, for a human') });
