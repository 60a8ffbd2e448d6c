import { describe, expect, it } from 'vitest';
import { httpUrl, isLoopbackHost } from '../../../collector/net.js';

describe('isLoopbackHost', () => {
  it('treats 127.0.0.0/8, ::1 and localhost as loopback', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost']) expect(isLoopbackHost(host), host).toBe(true);
  });

  it('treats wildcard, LAN and named hosts as exposed', () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.4', '10.0.0.1', 'example.internal', '128.0.0.1']) expect(isLoopbackHost(host), host).toBe(false);
  });
});

describe('httpUrl', () => {
  it('brackets IPv6 hosts', () => {
    expect(httpUrl('::1', 4318)).toBe('http://[::1]:4318');
    expect(httpUrl('127.0.0.1', 4318)).toBe('http://127.0.0.1:4318');
  });
});
