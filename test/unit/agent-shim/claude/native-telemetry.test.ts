import { describe, expect, it } from 'vitest';
import { withNativeTelemetry } from '../../../../agent-shim/claude/native-telemetry.js';
import { defaultShimConfig } from '../../../../agent-shim/config.js';
import { ATTR_GEN_AI_AGENT_NAME, ATTR_SERVICE_NAME } from '../../../../semconv/index.js';

describe('native telemetry environment', () => {
  const config = { ...defaultShimConfig(), collectorUrl: 'http://127.0.0.1:4318', token: 's3cret' };
  const resource = { [ATTR_SERVICE_NAME]: 'agent a', [ATTR_GEN_AI_AGENT_NAME]: 'agent a' };

  it('turns on Claude Code telemetry to the collector with the session resource and token', () => {
    expect(withNativeTelemetry({ PATH: '/bin' }, config, resource)).toEqual({
      PATH: '/bin',
      CLAUDE_CODE_ENABLE_TELEMETRY: '1',
      OTEL_LOGS_EXPORTER: 'otlp',
      OTEL_METRICS_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318',
      OTEL_RESOURCE_ATTRIBUTES: `${ATTR_SERVICE_NAME}=agent%20a,${ATTR_GEN_AI_AGENT_NAME}=agent%20a`,
      OTEL_EXPORTER_OTLP_HEADERS: 'Authorization=Bearer%20s3cret',
    });
  });

  it('never overrides what the user set, and adds the session resource to theirs', () => {
    const env = withNativeTelemetry({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_METRICS_EXPORTER: 'none', OTEL_RESOURCE_ATTRIBUTES: 'team=pay' }, config, resource);
    expect(env['OTEL_EXPORTER_OTLP_PROTOCOL']).toBe('http/json');
    expect(env['OTEL_METRICS_EXPORTER']).toBe('none');
    expect(env['CLAUDE_CODE_ENABLE_TELEMETRY']).toBe('1');
    expect(env['OTEL_RESOURCE_ATTRIBUTES']).toBe(`team=pay,${ATTR_SERVICE_NAME}=agent%20a,${ATTR_GEN_AI_AGENT_NAME}=agent%20a`);
  });
});
