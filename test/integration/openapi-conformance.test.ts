import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_JSON_BODY_BYTES } from '../../orchestrator/api/mount-routes.js';
import { createLogger } from '../../orchestrator/log.js';
import { startServer, type RunningServer } from '../../orchestrator/server.js';
import { tempDir } from '../helpers/temp-dir.js';
import { testServerConfig } from '../helpers/test-server.js';

/**
 * `/api/v1/openapi.json` of a real server (started with a token, so its
 * 401s are real too) held against the server itself: a valid OpenAPI 3.1
 * document, every operation it lists served, and every client error it
 * documents one the server really answers.
 */

const TOKEN = 'conformance-token';

interface Operation {
  readonly responses: Record<string, unknown>;
}
interface OpenApi {
  readonly paths: Record<string, Record<string, Operation>>;
}

/** What the server serves under /api/v1, as `method path` (OpenAPI path syntax). */
const OPERATIONS = [
  'get /api/v1/agents',
  'get /api/v1/alerts',
  'post /api/v1/alerts/{id}/acknowledge',
  'post /api/v1/alerts/{id}/resolve',
  'get /api/v1/audit',
  'get /api/v1/files/touches',
  'get /api/v1/health',
  'get /api/v1/heatmap',
  'post /api/v1/intents',
  'get /api/v1/openapi.json',
  'get /api/v1/search',
  'get /api/v1/sessions',
  'get /api/v1/sessions/{id}',
  'get /api/v1/spans',
  'get /api/v1/status',
  'get /api/v1/stream',
];

interface Probe {
  readonly path: string;
  readonly body?: string;
  readonly contentType?: string;
}

const tooLarge = JSON.stringify({ by: 'x'.repeat(MAX_JSON_BODY_BYTES) });
/** The body errors of an alert action: `action` of the document, sent to an alert that does not exist. */
const badAlertBodies = (action: string) => {
  const path = `/api/v1/alerts/overlap-0000000000000000/${action}`;
  return {
    [`post /api/v1/alerts/{id}/${action} 400`]: { path, body: '{"by":""}' },
    [`post /api/v1/alerts/{id}/${action} 404`]: { path },
    [`post /api/v1/alerts/{id}/${action} 413`]: { path, body: tooLarge },
    [`post /api/v1/alerts/{id}/${action} 415`]: { path, body: 'by=me', contentType: 'application/x-www-form-urlencoded' },
  };
};

/** A request drawing each client error the document lists (401 aside: every operation answers it without the token). */
const PROBES: Record<string, Probe> = {
  'get /api/v1/spans 400': { path: '/api/v1/spans?limit=0' },
  'get /api/v1/heatmap 400': { path: '/api/v1/heatmap?bucketMs=1' },
  'get /api/v1/audit 400': { path: '/api/v1/audit' },
  'get /api/v1/search 400': { path: '/api/v1/search?q=a' },
  'get /api/v1/files/touches 400': { path: '/api/v1/files/touches' },
  'get /api/v1/stream 400': { path: '/api/v1/stream?lastEventId=yesterday' },
  'get /api/v1/sessions 400': { path: '/api/v1/sessions?status=asleep' },
  'get /api/v1/sessions/{id} 404': { path: '/api/v1/sessions/nobody' },
  'get /api/v1/alerts 400': { path: '/api/v1/alerts?since=soon' },
  ...badAlertBodies('acknowledge'),
  ...badAlertBodies('resolve'),
  'post /api/v1/intents 400': { path: '/api/v1/intents', body: '{"sessionId":"s","paths":["/etc/passwd"]}' },
  'post /api/v1/intents 413': { path: '/api/v1/intents', body: tooLarge },
  'post /api/v1/intents 415': { path: '/api/v1/intents', body: '{}', contentType: 'text/plain' },
};

describe('the OpenAPI document of a running server', () => {
  let server: RunningServer;
  let document: OpenApi;

  /** `method path` of a probe key, and the OpenAPI path turned into a request path. */
  const operationOf = (key: string) => key.split(' ').slice(0, 2).join(' ');
  const concretePath = (path: string) => path.replace('{id}', 'nobody');

  async function send(method: string, probe: Probe, withToken = true): Promise<{ status: number; body: unknown }> {
    const headers: Record<string, string> = withToken ? { authorization: `Bearer ${TOKEN}` } : {};
    if (probe.body !== undefined) headers['content-type'] = probe.contentType ?? 'application/json';
    const abort = new AbortController();
    const response = await fetch(`${server.controlPlaneUrl}${probe.path}`, { method: method.toUpperCase(), headers, body: probe.body, signal: abort.signal });
    // A stream that opened stays open: its status is the answer.
    if (response.headers.get('content-type')?.startsWith('text/event-stream')) {
      abort.abort();
      return { status: response.status, body: undefined };
    }
    return { status: response.status, body: await response.json() };
  }

  const documented = (operation: string) => {
    const [method, path] = operation.split(' ') as [string, string];
    return Object.keys(document.paths[path]?.[method]?.responses ?? {});
  };

  beforeAll(async () => {
    server = await startServer({ ...testServerConfig(tempDir()), token: TOKEN }, createLogger('warn'));
    const response = await fetch(`${server.controlPlaneUrl}/api/v1/openapi.json`, { headers: { authorization: `Bearer ${TOKEN}` } });
    document = (await response.json()) as OpenApi;
  });
  afterAll(() => server?.shutdown());

  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    const result = await validator.validate(document as unknown as Record<string, unknown>);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('lists every operation the server serves, and the server serves each one it lists', async () => {
    const listed = Object.entries(document.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method} ${path}`));
    expect(listed.sort()).toEqual([...OPERATIONS].sort());
    for (const operation of OPERATIONS) {
      const [method, path] = operation.split(' ') as [string, string];
      const { status, body } = await send(method, { path: concretePath(path), ...(method === 'post' ? { body: '{}' } : {}) });
      // Not the catch-all answer for paths no route serves; and whatever it answered, documented.
      expect({ operation, body }).not.toEqual({ operation, body: { error: expect.stringMatching(/^no such endpoint/) } });
      expect(documented(operation), operation).toContain(String(status));
    }
  });

  it('answers every client error it documents, each with the documented error body', async () => {
    const clientErrors = Object.keys(document.paths).flatMap((path) =>
      Object.entries(document.paths[path]!).flatMap(([method, operation]) =>
        Object.keys(operation.responses)
          .filter((status) => status.startsWith('4') && status !== '401')
          .map((status) => `${method} ${path} ${status}`),
      ),
    );
    expect(clientErrors.sort()).toEqual(Object.keys(PROBES).sort());
    for (const [key, probe] of Object.entries(PROBES)) {
      const { status, body } = await send(key.split(' ')[0]!, probe);
      expect({ key, status }).toEqual({ key, status: Number(key.split(' ')[2]) });
      expect(body, key).toEqual({ error: expect.stringMatching(/\S/) });
      expect(documented(operationOf(key)), key).toContain(String(status));
    }
  });

  it('answers every operation with a 401 without the token, as documented', async () => {
    for (const operation of OPERATIONS) {
      const [method, path] = operation.split(' ') as [string, string];
      const { status, body } = await send(method, { path: concretePath(path) }, false);
      expect({ operation, status, body }).toEqual({ operation, status: 401, body: { error: expect.stringContaining('Bearer') } });
      expect(documented(operation), operation).toContain('401');
    }
  });
});
