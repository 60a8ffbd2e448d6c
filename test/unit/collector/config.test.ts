import { describe, expect, test } from 'vitest';
import { defaultCollectorConfig, validateCollectorConfig } from '../../../collector/config.js';

describe('collector config', () => {
  test('the defaults are loopback on the OTLP/HTTP port, with the spec’s 64 MiB decompressed limit', () => {
    const config = validateCollectorConfig(defaultCollectorConfig());
    expect(config).toMatchObject({ host: '127.0.0.1', port: 4318, maxDecompressedBodyBytes: 64 * 1024 * 1024 });
    expect(config.maxRequestBodyBytes).toBeLessThanOrEqual(config.maxDecompressedBodyBytes);
  });

  test.each(['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]'])('loopback host %s needs no token', (host) => {
    expect(() => validateCollectorConfig({ ...defaultCollectorConfig(), host })).not.toThrow();
  });

  test.each(['0.0.0.0', '::', '192.168.1.10', 'example.com'])('host %s without a token is refused with a clear message', (host) => {
    expect(() => validateCollectorConfig({ ...defaultCollectorConfig(), host })).toThrow(
      `refusing to listen on ${host} without an auth token`,
    );
    expect(() => validateCollectorConfig({ ...defaultCollectorConfig(), host, authToken: '' })).toThrow(/auth token/);
    expect(() => validateCollectorConfig({ ...defaultCollectorConfig(), host, authToken: 't0ken' })).not.toThrow();
  });

  test('limits and timeouts must be positive and the port in range', () => {
    expect(() => validateCollectorConfig({ ...defaultCollectorConfig(), maxRequestBodyBytes: 0 })).toThrow(/maxRequestBodyBytes/);
    expect(() => validateCollectorConfig({ ...defaultCollectorConfig(), requestTimeoutMs: Number.NaN })).toThrow(/requestTimeoutMs/);
    expect(() => validateCollectorConfig({ ...defaultCollectorConfig(), port: 70_000 })).toThrow(/port/);
    expect(() => validateCollectorConfig({ ...defaultCollectorConfig(), port: 0 })).not.toThrow();
  });
});

describe('collector redaction config', () => {
  test('redaction is on by default with the built-in patterns', () => {
    expect(defaultCollectorConfig().redaction).toMatchObject({ enabled: true, deny: [], allowPatterns: [] });
  });

  test('an invalid redaction setting is refused with the field named', () => {
    const redaction = { ...defaultCollectorConfig().redaction, deny: [{ name: 'x', regex: '(' }] };
    expect(() => validateCollectorConfig({ ...defaultCollectorConfig(), redaction })).toThrow(/collector: redaction\.deny\[0\]\.regex/);
  });
});
