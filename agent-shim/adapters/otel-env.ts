import path from 'node:path';
import type { Attributes } from '@opentelemetry/api';
import type { AgentAdapter, AgentLaunch } from '../agent-adapter.js';
import { otlpSignalUrl } from '../spool/otlp-post.js';

/**
 * `OTEL_RESOURCE_ATTRIBUTES` carrying the session's resource, so the
 * agent's own spans and logs name the same agent, work tree and branch as
 * the shim's. Values are percent-encoded as the spec asks (a path may hold
 * commas); the user's own attributes are kept, ours come last and win.
 */
export function resourceAttributesEnv(existing: string | undefined, attributes: Readonly<Attributes>): string {
  const ours = Object.entries(attributes)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${encodeURIComponent(String(value))}`);
  return [existing, ...ours].filter((part) => part !== undefined && part !== '').join(',');
}

/** Adds `additions` to `env`, leaving every variable the user set alone (their telemetry setup wins). */
function addEnv(env: AgentLaunch['env'], additions: Readonly<Record<string, string>>): Record<string, string | undefined> {
  const result: Record<string, string | undefined> = { ...env };
  for (const [key, value] of Object.entries(additions)) if (result[key] === undefined) result[key] = value;
  return result;
}

const otlpHeadersEnv = (token: string | undefined): Record<string, string> =>
  token === undefined ? {} : { OTEL_EXPORTER_OTLP_HEADERS: `Authorization=${encodeURIComponent(`Bearer ${token}`)}` };

/** A TOML basic string. */
const toml = (text: string) => JSON.stringify(text);

/**
 * Gemini CLI: its telemetry settings have environment overrides
 * (`GEMINI_TELEMETRY_*`); target `local` with protocol `http` makes it
 * export OTLP/HTTP (protobuf) to `<endpoint>/v1/traces|logs|metrics`.
 */
function geminiEnv(collectorUrl: string, token: string | undefined): Record<string, string> {
  return {
    GEMINI_TELEMETRY_ENABLED: 'true',
    GEMINI_TELEMETRY_TARGET: 'local',
    GEMINI_TELEMETRY_OTLP_ENDPOINT: collectorUrl,
    GEMINI_TELEMETRY_OTLP_PROTOCOL: 'http',
    GEMINI_TELEMETRY_TRACES_ENABLED: 'true',
    ...otlpHeadersEnv(token),
  };
}

/**
 * Codex: telemetry is configured in `~/.codex/config.toml`'s `[otel]`
 * table, which `-c key=value` overrides (TOML values) replace for one run
 * without touching the user's file: log events to `/v1/logs` (`exporter`),
 * spans to `/v1/traces` (`trace_exporter`, newer versions), both OTLP/HTTP
 * protobuf. Codex's exporter does not read OTEL_EXPORTER_OTLP_HEADERS, so a
 * token goes into the headers table (visible in the process list).
 */
export function codexOtelArgs(collectorUrl: string, token: string | undefined): string[] {
  const headers = token === undefined ? '' : `, headers = { "Authorization" = ${toml(`Bearer ${token}`)} }`;
  const exporter = (url: string) => `{ otlp-http = { endpoint = ${toml(url)}, protocol = "binary"${headers} } }`;
  return ['-c', `otel.exporter=${exporter(otlpSignalUrl(collectorUrl, 'logs'))}`, '-c', `otel.trace_exporter=${exporter(otlpSignalUrl(collectorUrl, 'traces'))}`];
}

/**
 * Capture for agents with their own OpenTelemetry export (Codex, Gemini
 * CLI): points it at the collector and tags it with the session's resource.
 * The shim's own spans (session, file edits from the watcher) come on top.
 */
export function createOtelEnvAdapter(kind: 'codex' | 'gemini-cli'): AgentAdapter {
  return {
    kind,
    async prepare(launch, context) {
      const { collectorUrl, token } = context.config;
      const resource = { OTEL_RESOURCE_ATTRIBUTES: resourceAttributesEnv(launch.env['OTEL_RESOURCE_ATTRIBUTES'], context.telemetry.resourceAttributes) };
      if (kind === 'gemini-cli') return { ...launch, env: { ...addEnv(launch.env, geminiEnv(collectorUrl, token)), ...resource } };
      // `-c` is an option of the `codex` binary itself; behind a wrapper (`npx codex`) only the environment can be set.
      const isCodexBinary = path.basename(launch.command) === 'codex';
      if (!isCodexBinary) context.log.info(`codex telemetry: ${launch.command} is not the codex binary; its telemetry is left as configured`);
      return { ...launch, args: isCodexBinary ? [...codexOtelArgs(collectorUrl, token), ...launch.args] : launch.args, env: { ...launch.env, ...resource } };
    },
    stop: async () => undefined,
  };
}
