import { describe, expect, it } from 'vitest';
import { createLogger } from '../../orchestrator/log.js';
import { startServer, validateServerConfig } from '../../orchestrator/server.js';
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
});
