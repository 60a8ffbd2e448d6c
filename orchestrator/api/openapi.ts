import { z } from 'zod';
import { MAX_JSON_BODY_BYTES } from './mount-routes.js';
import { errorResponseSchema, jsonRoute, type ApiRoute } from './route.js';

/**
 * The OpenAPI 3.1 document of the control plane, generated from the route
 * registry: parameters, bodies and responses are the routes' own zod
 * schemas through `z.toJSONSchema` (JSON Schema 2020-12, the dialect
 * OpenAPI 3.1 uses). Built once when the server starts, so a schema that
 * cannot be described fails loudly instead of documenting something false.
 */

export const OPENAPI_PATH = '/api/v1/openapi.json';

export interface ApiInfo {
  readonly title: string;
  readonly version: string;
  readonly description: string;
}

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io }) as JsonSchema;
  return rest;
}

/** One OpenAPI parameter per property of an object schema. */
function parameters(schema: z.ZodType | undefined, location: 'path' | 'query'): JsonSchema[] {
  if (schema === undefined) return [];
  const object = jsonSchema(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(object.properties ?? {}).map(([name, property]) => {
    const { description, ...propertySchema } = property;
    return {
      name,
      in: location,
      required: location === 'path' || (object.required ?? []).includes(name),
      ...(description !== undefined ? { description } : {}),
      schema: propertySchema,
    };
  });
}

function errorResponse(description: string): JsonSchema {
  return { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
}

/** Every error a route can answer, status → when: the registry's own (mount-routes.ts, control-plane.ts) and the route's `errors`. */
function errorResponses(route: ApiRoute): Record<string, JsonSchema> {
  const hasBody = route.kind === 'json' && route.body !== undefined;
  const statuses: Record<string, string> = {
    ...(route.query !== undefined || hasBody ? { '400': 'an input its schema refuses; the message names the field' } : {}),
    '401': 'the server was started with a token and the request does not carry it (`Authorization: Bearer <token>`)',
    ...(hasBody ? { '413': `a body larger than ${MAX_JSON_BODY_BYTES} bytes`, '415': 'a body that is not `application/json`' } : {}),
    ...route.errors,
    '500': 'the server failed; the message says how',
  };
  return Object.fromEntries(Object.entries(statuses).map(([status, when]) => [status, errorResponse(when)]));
}

function operation(route: ApiRoute): JsonSchema {
  const success =
    route.kind === 'json'
      ? { [String(route.successStatus ?? 200)]: { description: route.summary, content: { 'application/json': { schema: jsonSchema(route.response, 'output') } } } }
      : { '200': { description: `${route.summary} (each event's data is JSON of this schema)`, content: { [route.contentType]: { schema: jsonSchema(route.event, 'output') } } } };
  return {
    operationId: operationId(route),
    summary: route.summary,
    ...(route.description !== undefined ? { description: route.description } : {}),
    tags: [tagOf(route.path)],
    parameters: [...parameters(route.params, 'path'), ...parameters(route.query, 'query')],
    ...(route.kind === 'json' && route.body !== undefined ? { requestBody: requestBody(route.body) } : {}),
    responses: { ...success, ...errorResponses(route) },
  };
}

/** A body the schema accepts leaving out (`.optional()`) is not required. */
function requestBody(schema: z.ZodType): JsonSchema {
  return { required: !schema.safeParse(undefined).success, content: { 'application/json': { schema: jsonSchema(schema, 'input') } } };
}

/** `/api/v1/alerts/:id` → `/api/v1/alerts/{id}`. */
function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

/** Segments after `/api/v1/`, without parameters. */
function pathWords(path: string): string[] {
  return path.replace(/^\/api\/v\d+\//, '').split(/[/.]/).filter((s) => s !== '' && !s.startsWith(':'));
}

function tagOf(path: string): string {
  return pathWords(path)[0] ?? 'api';
}

/** `get /api/v1/files/touches` → `getFilesTouches`: unique per method and path. */
function operationId(route: ApiRoute): string {
  const byParams = [...route.path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => `By_${m[1]}`);
  const words = [...pathWords(route.path), ...byParams].map((w) => w.replace(/(^|[-_])([a-z0-9])/gi, (_m, _sep, c: string) => c.toUpperCase()));
  return route.method + words.join('');
}

export function openApiDocument(routes: readonly ApiRoute[], info: ApiInfo): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routes) (paths[openApiPath(route.path)] ??= {})[route.method] = operation(route);
  return {
    openapi: '3.1.0',
    info,
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    // Authentication is needed only when the server was started with a token (always, off loopback).
    security: [{}, { bearerAuth: [] }],
    paths,
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'the token given to `agentfleet up --token`' } },
      schemas: { Error: jsonSchema(errorResponseSchema, 'output') },
    },
  };
}

/** `GET /api/v1/openapi.json`, describing `routes` and itself. */
export function openApiRoute(routes: readonly ApiRoute[], info: ApiInfo): ApiRoute {
  let document: JsonSchema = {};
  const self = jsonRoute({
    method: 'get',
    path: OPENAPI_PATH,
    summary: 'this OpenAPI 3.1 document',
    response: z.record(z.string(), z.unknown()),
    handle: async () => document,
  });
  document = openApiDocument([...routes, self], info);
  return self;
}
