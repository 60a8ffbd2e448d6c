import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { z } from 'zod';
import { ApiError, type ApiRoute } from './route.js';

/** Largest JSON request body a route accepts (413 above). */
export const MAX_JSON_BODY_BYTES = 1024 * 1024;

/** `field: message; other: message` — names the parameter, so a 400 says what to fix. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message)).join('; ');
}

/** Parses one input with its schema; a failure is a 400 naming the part (`bad query: …`). */
function parsePart(part: 'path parameters' | 'query' | 'body', schema: z.ZodType | undefined, value: unknown): unknown {
  if (schema === undefined) return undefined;
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ApiError(400, `bad ${part}: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

function sendError(res: Response, error: ApiError): void {
  res.status(error.status).json({ error: error.message });
}

function hasBody(req: Request): boolean {
  const length = req.get('content-length');
  return req.get('transfer-encoding') !== undefined || (length !== undefined && length !== '0');
}

/**
 * express.json(), with an unparsable or oversized body answered as a 4xx of
 * the API's shape instead of a 500, and a body of another type refused (415)
 * rather than handed on as no body at all. Demanding JSON also keeps out
 * the POSTs a web page may send anywhere without asking (text/plain, forms):
 * a cross-site JSON request needs the browser's CORS preflight, which this
 * server never grants.
 */
function jsonBody(): express.RequestHandler {
  const parse = express.json({ limit: MAX_JSON_BODY_BYTES });
  return (req, res, next) => {
    if (hasBody(req) && req.is('application/json') === false) {
      sendError(res, new ApiError(415, `bad body: expected JSON (Content-Type: application/json), got ${req.get('content-type') ?? 'no Content-Type'}`));
      return;
    }
    parse(req, res, (error?: unknown) => {
      if (error === undefined) return next();
      const status = (error as { status?: number }).status;
      if (status === 413) sendError(res, new ApiError(413, `bad body: larger than ${MAX_JSON_BODY_BYTES} bytes`));
      else sendError(res, new ApiError(400, `bad body: ${error instanceof Error ? error.message : String(error)}`));
    });
  };
}

/**
 * Serves every route on `router`: inputs parsed by the route's schemas (400
 * naming the field), `ApiError` answered with its status, anything else
 * passed to the app's error handler (500).
 */
export function mountRoutes(router: Router, routes: readonly ApiRoute[]): void {
  for (const route of routes) {
    const handler = async (req: Request, res: Response, next: NextFunction) => {
      try {
        const params = parsePart('path parameters', route.params, req.params);
        const query = parsePart('query', route.query, req.query);
        if (route.kind === 'stream') {
          route.serve({ params, query, body: undefined }, req, res);
          return;
        }
        const body = parsePart('body', route.body, req.body);
        const result = await route.handle({ params, query, body });
        res.status(route.successStatus ?? 200).json(result);
      } catch (error) {
        if (error instanceof ApiError) sendError(res, error);
        else next(error);
      }
    };
    if (route.kind === 'json' && route.body !== undefined) router[route.method](route.path, jsonBody(), handler);
    else router[route.method](route.path, handler);
  }
}
