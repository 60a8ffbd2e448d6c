import { describe, expect, it } from 'vitest';
import { codexOtelArgs, createOtelEnvAdapter, resourceAttributesEnv } from '../../../agent-shim/adapters/otel-env.js';
import { agentKindOf } from '../../../agent-shim/adapters/select-adapter.js';
import { fakeAdapterContext } from '../../helpers/fake-adapter-context.js';

const launch = (command: string, env: Record<string, string> = {}) => ({ command, args: ['exec', 'fix it'], env, cwd: '/work' });

describe("pointing an agent's own telemetry at the collector", () => {
  it('adds the session resource to OTEL_RESOURCE_ATTRIBUTES, percent-encoded, after the user\'s own', () => {
    expect(resourceAttributesEnv('team=core', { 'service.name': 'agent-1', 'agentfleet.worktree': '/srv/a,b c' })).toBe(
      'team=core,service.name=agent-1,agentfleet.worktree=%2Fsrv%2Fa%2Cb%20c',
    );
    expect(resourceAttributesEnv(undefined, { 'service.name': 'x' })).toBe('service.name=x');
  });

  it('gives codex -c overrides for its log and trace exporters, before the user\'s arguments', async () => {
    const { context } = fakeAdapterContext('/work', { collectorUrl: 'http://127.0.0.1:4318/' });
    const prepared = await createOtelEnvAdapter('codex').prepare(launch('/usr/local/bin/codex'), context);
    expect(prepared.args).toEqual([...codexOtelArgs('http://127.0.0.1:4318', undefined), 'exec', 'fix it']);
    expect(codexOtelArgs('http://127.0.0.1:4318', undefined)).toEqual([
      '-c',
      'otel.exporter={ otlp-http = { endpoint = "http://127.0.0.1:4318/v1/logs", protocol = "binary" } }',
      '-c',
      'otel.trace_exporter={ otlp-http = { endpoint = "http://127.0.0.1:4318/v1/traces", protocol = "binary" } }',
    ]);
    expect(prepared.env['OTEL_RESOURCE_ATTRIBUTES']).toBe('service.name=test-agent');
  });

  it('leaves codex behind a wrapper (npx codex) with its arguments as given', async () => {
    const { context } = fakeAdapterContext('/work');
    const prepared = await createOtelEnvAdapter('codex').prepare(launch('npx'), context);
    expect(prepared.args).toEqual(['exec', 'fix it']);
  });

  it("turns on Gemini CLI's OTLP/HTTP export through its environment, never overriding what the user set", async () => {
    const { context } = fakeAdapterContext('/work', { collectorUrl: 'http://127.0.0.1:4318', token: 's3cret' });
    const prepared = await createOtelEnvAdapter('gemini-cli').prepare(launch('gemini', { GEMINI_TELEMETRY_LOG_PROMPTS: 'false', GEMINI_TELEMETRY_TARGET: 'gcp' }), context);
    expect(prepared.env).toMatchObject({
      GEMINI_TELEMETRY_ENABLED: 'true',
      GEMINI_TELEMETRY_TARGET: 'gcp',
      GEMINI_TELEMETRY_OTLP_ENDPOINT: 'http://127.0.0.1:4318',
      GEMINI_TELEMETRY_OTLP_PROTOCOL: 'http',
      GEMINI_TELEMETRY_LOG_PROMPTS: 'false',
      OTEL_EXPORTER_OTLP_HEADERS: 'Authorization=Bearer%20s3cret',
      OTEL_RESOURCE_ATTRIBUTES: 'service.name=test-agent',
    });
    expect(prepared.args).toEqual(['exec', 'fix it']);
  });

  it('tells the agent kind from --kind, else from the command name', () => {
    expect(agentKindOf('/opt/bin/claude', undefined)).toBe('claude-code');
    expect(agentKindOf('codex', undefined)).toBe('codex');
    expect(agentKindOf('gemini', undefined)).toBe('gemini-cli');
    expect(agentKindOf('aider', undefined)).toBe('generic');
    expect(agentKindOf('generic', undefined)).toBe('generic');
    expect(agentKindOf('npx', 'codex')).toBe('codex');
    expect(agentKindOf('claude', 'generic')).toBe('generic');
  });
});
