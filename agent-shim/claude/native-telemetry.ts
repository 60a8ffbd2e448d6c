import type { Attributes } from '@opentelemetry/api';
import { resourceAttributesEnv } from '../adapters/otel-env.js';
import type { ShimConfig } from '../config.js';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * `--native-telemetry`: Claude Code's own OpenTelemetry export (logs and
 * metrics: prompts, tool decisions, cost, tokens) pointed at the collector.
 * A variable the user set is never overridden, except that the session's
 * resource (agent name and id, work tree …) is added to the user's
 * OTEL_RESOURCE_ATTRIBUTES, as for every agent with its own telemetry, so
 * Claude Code's records line up with the shim's spans.
 */
export function withNativeTelemetry(env: Env, config: ShimConfig, resourceAttributes: Readonly<Attributes>): Env {
  const ours: Record<string, string> = {
    CLAUDE_CODE_ENABLE_TELEMETRY: '1',
    OTEL_LOGS_EXPORTER: 'otlp',
    OTEL_METRICS_EXPORTER: 'otlp',
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
    OTEL_EXPORTER_OTLP_ENDPOINT: config.collectorUrl,
  };
  if (config.token !== undefined) ours['OTEL_EXPORTER_OTLP_HEADERS'] = `Authorization=${encodeURIComponent(`Bearer ${config.token}`)}`;
  const merged: Record<string, string | undefined> = { ...env };
  for (const [key, value] of Object.entries(ours)) if (merged[key] === undefined) merged[key] = value;
  merged['OTEL_RESOURCE_ATTRIBUTES'] = resourceAttributesEnv(env['OTEL_RESOURCE_ATTRIBUTES'], resourceAttributes);
  return merged;
}
