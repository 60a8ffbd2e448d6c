import { describe, expect, it } from 'vitest';
import { ALERT_EVENT } from '../../orchestrator/collisions/alert.js';
import { createLogger } from '../../orchestrator/log.js';
import { startServer, validateServerConfig } from '../../orchestrator/server.js';
import { fleetFixture } from '../helpers/fleet-fixture.js';
import { startAgentfleet, waitFor } from '../helpers/shim-cli.js';
import { tempDir } from '../helpers/temp-dir.js';
import { testServerConfig } from '../helpers/test-server.js';

describe('a control plane reachable beyond loopback', () => {
  it('is refused without a token, for the control plane and for the collector', () => {
    const config = testServerConfig(tempDir());
    for (const host of ['0.0.0.0', '::', '192.168.1.20', 'devbox.local']) {
      expect(() => validateServerConfig({ ...config, host }), host).toThrow(/without a token.*--token/);
      expect(() => validateServerConfig({ ...config, collector: { ...config.collector, host } }), host).toThrow(/without an auth token/);
    }
    for (const host of ['127.0.0.1', 'localhost', '::1']) expect(() => validateServerConfig({ ...config, host }), host).not.toThrow();
  });

  it('serves every /api route only to requests that carry the token', async () => {
    const token = 'a-long-random-token';
    const config = testServerConfig(tempDir());
    const server = await startServer({ ...config, host: '0.0.0.0', token, collector: { ...config.collector, authToken: token } }, createLogger('warn'));
    try {
      const base = server.controlPlaneUrl.replace('0.0.0.0', '127.0.0.1');
      for (const path of ['/api/v1/health', '/api/v1/status', '/api/v1/spans', '/api/v1/audit?agent=a', '/api/v1/openapi.json', '/api/v1/stream']) {
        expect({ path, status: (await fetch(`${base}${path}`)).status }).toEqual({ path, status: 401 });
      }
      const authorized = await fetch(`${base}/api/v1/audit?agent=a`, { headers: { authorization: `Bearer ${token}` } });
      expect(authorized.status).toBe(200);
    } finally {
      await server.shutdown();
    }
  });

  it('lets status, audit and alerts [--watch] in with --token, and says so when they come without it', async () => {
    const token = 'a-long-random-token';
    const server = await startServer({ ...testServerConfig(tempDir()), token }, createLogger('warn'));
    const cwd = tempDir();
    const agentfleet = (...args: string[]) => startAgentfleet([...args, '--server', server.controlPlaneUrl], { cwd });
    try {
      for (const args of [['status', '--json'], ['audit', '--agent', 'alice', '--json'], ['alerts', '--json']]) {
        const withToken = await agentfleet(...args, '--token', token).result;
        expect({ args, code: withToken.code, stderr: withToken.stderr }).toEqual({ args, code: 0, stderr: '' });
        const without = await agentfleet(...args).result;
        expect({ args, code: without.code }).toEqual({ args, code: 1 });
        expect(without.stderr).toContain(`${server.controlPlaneUrl} answered 401: {"error":"unauthorized: send Authorization: Bearer <token>"}`);
      }

      const refused = await agentfleet('alerts', '--watch').result;
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/refused the event stream \(401\)/);
      const watch = agentfleet('alerts', '--watch', '--json', '--token', token);
      await waitFor('the watch to follow the stream', () => (server.stream.stats().clients === 1 ? true : undefined));
      const { book, overlapId } = fleetFixture();
      server.stream.publish(ALERT_EVENT, book.get(overlapId));
      const line = await waitFor('the alert on --watch', () => watch.stdout().split('\n')[0] || undefined);
      expect(JSON.parse(line)).toMatchObject({ change: 'opened', alert: { id: overlapId } });
      watch.child.kill('SIGTERM');
      expect((await watch.result).code).toBe(0);
    } finally {
      await server.shutdown();
    }
  });
});
