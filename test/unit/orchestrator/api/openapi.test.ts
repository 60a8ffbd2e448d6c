import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openApiDocument, openApiRoute, OPENAPI_PATH } from '../../../../orchestrator/api/openapi.js';
import { jsonRoute, streamRoute } from '../../../../orchestrator/api/route.js';

const INFO = { title: 't', version: '1', description: 'd' };

const ackRoute = jsonRoute({
  method: 'post',
  path: '/api/v1/alerts/:id/ack',
  summary: 'acknowledge an alert',
  params: z.object({ id: z.string().describe('alert id') }),
  query: z.object({ dryRun: z.coerce.boolean().default(false).describe('only check'), note: z.string().optional() }),
  body: z.object({ by: z.string() }),
  response: z.object({ ok: z.boolean() }),
  successStatus: 202,
  errors: { 404: 'no alert with this id' },
  handle: async () => ({ ok: true }),
});

const eventsRoute = streamRoute({
  method: 'get',
  path: '/api/v1/things/stream',
  summary: 'things',
  contentType: 'text/event-stream',
  event: z.object({ thing: z.string() }),
  serve: () => undefined,
});

describe('openApiDocument', () => {
  const document = openApiDocument([ackRoute, eventsRoute], INFO) as { openapi: string; paths: Record<string, Record<string, any>>; components: any };

  it('is an OpenAPI 3.1 document with JSON Schema 2020-12 and an optional bearer scheme', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document).toMatchObject({ info: INFO, jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema', security: [{}, { bearerAuth: [] }] });
    expect(document.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('describes path and query parameters one by one, with whether they are required and what they mean', () => {
    const operation = document.paths['/api/v1/alerts/{id}/ack']!.post;
    expect(operation.operationId).toBe('postAlertsAckById');
    expect(operation.parameters).toEqual([
      { name: 'id', in: 'path', required: true, description: 'alert id', schema: { type: 'string' } },
      { name: 'dryRun', in: 'query', required: false, description: 'only check', schema: { type: 'boolean', default: false } },
      { name: 'note', in: 'query', required: false, schema: { type: 'string' } },
    ]);
  });

  it('describes the body, the success status and the error answers', () => {
    const operation = document.paths['/api/v1/alerts/{id}/ack']!.post;
    expect(operation.requestBody.required).toBe(true);
    expect(operation.requestBody.content['application/json'].schema).toMatchObject({ type: 'object', properties: { by: { type: 'string' } }, required: ['by'] });
    expect(operation.responses['202'].content['application/json'].schema).toMatchObject({ type: 'object', properties: { ok: { type: 'boolean' } } });
    // 400 for the inputs, 401 for the token, 413 and 415 for the body, 404 the route's own, 500.
    expect(Object.keys(operation.responses)).toEqual(['202', '400', '401', '404', '413', '415', '500']);
    expect(operation.responses['404']).toEqual({ description: 'no alert with this id', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });
    expect(document.components.schemas.Error).toMatchObject({ properties: { error: { type: 'string' } }, required: ['error'] });
  });

  it('documents a 400 only where an input can be refused, and a body the schema lets out as not required', () => {
    const lookUp = jsonRoute({
      method: 'post',
      path: '/api/v1/things/:id/poke',
      summary: 'poke a thing',
      params: z.object({ id: z.string().min(1) }),
      body: z.object({ by: z.string() }).optional(),
      response: z.object({ ok: z.boolean() }),
      handle: async () => ({ ok: true }),
    });
    const byId = jsonRoute({ method: 'get', path: '/api/v1/things/:id', summary: 'a thing', params: z.object({ id: z.string().min(1) }), response: z.object({}), errors: { 404: 'no such thing' }, handle: async () => ({}) });
    const paths = (openApiDocument([lookUp, byId], INFO) as { paths: Record<string, Record<string, any>> }).paths;
    expect(paths['/api/v1/things/{id}/poke']!.post.requestBody.required).toBe(false);
    // A path segment is never empty: a params schema asking only for text cannot refuse one.
    expect(Object.keys(paths['/api/v1/things/{id}']!.get.responses)).toEqual(['200', '401', '404', '500']);
  });

  it('describes a stream by its content type and the schema of its events', () => {
    const operation = document.paths['/api/v1/things/stream']!.get;
    expect(operation.responses['200'].content['text/event-stream'].schema).toMatchObject({ properties: { thing: { type: 'string' } } });
    expect(operation.responses).not.toHaveProperty('400');
  });

  it('fails loudly on a schema JSON Schema cannot express, rather than documenting it wrongly', () => {
    const dated = jsonRoute({ method: 'get', path: '/api/v1/dated', summary: 's', response: z.object({ at: z.date() }), handle: async () => ({ at: new Date() }) });
    expect(() => openApiDocument([dated], INFO)).toThrow();
  });

  it('serves itself among the routes it describes', async () => {
    const route = openApiRoute([ackRoute], INFO);
    expect(route.path).toBe(OPENAPI_PATH);
    if (route.kind !== 'json') throw new Error('expected a JSON route');
    const served = (await route.handle({ params: undefined, query: undefined, body: undefined })) as { paths: Record<string, unknown> };
    expect(Object.keys(served.paths)).toEqual(['/api/v1/alerts/{id}/ack', OPENAPI_PATH]);
  });
});
