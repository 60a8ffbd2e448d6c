/**
 * Realistic OTLP requests as a fleet of coding agents sends them: one
 * resource per agent (service.name = agent, worktree, branch …), spans
 * `execute_tool <tool>`, `file.edit`, `command`, `llm.request` with the
 * agentfleet/GenAI attributes, and agent logs. Deterministic for a seed.
 * Used by the decode benchmark, the ingest benchmark's load generator and
 * the decoder tests.
 */
import {
  ATTR_AGENTFLEET_AGENT_KIND,
  ATTR_AGENTFLEET_BASE_COMMIT,
  ATTR_AGENTFLEET_COMMAND_EXIT_CODE,
  ATTR_AGENTFLEET_COMMAND_OUTPUT_BYTES,
  ATTR_AGENTFLEET_COMMAND_TEXT,
  ATTR_AGENTFLEET_FILE_HASH_AFTER,
  ATTR_AGENTFLEET_FILE_HASH_BEFORE,
  ATTR_AGENTFLEET_FILE_LINES_ADDED,
  ATTR_AGENTFLEET_FILE_LINES_REMOVED,
  ATTR_AGENTFLEET_FILE_OP,
  ATTR_AGENTFLEET_FILE_PATH,
  ATTR_AGENTFLEET_FLEET_ID,
  ATTR_AGENTFLEET_LLM_COST_USD,
  ATTR_AGENTFLEET_WORKTREE,
  ATTR_GEN_AI_AGENT_ID,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_CALL_ID,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_HOST_NAME,
  ATTR_SERVICE_NAME,
  ATTR_VCS_REF_HEAD_NAME,
  ATTR_VCS_REPOSITORY_URL_FULL,
  executeToolSpanName,
  FILE_OP,
  GEN_AI_OPERATION,
  SCOPE_NAME,
  SPAN_COMMAND,
  SPAN_FILE_EDIT,
  SPAN_LLM_REQUEST,
} from '../semconv/index.js';
import type { OtlpAnyValue, OtlpKeyValue, OtlpLogRecord, OtlpLogsRequest, OtlpSpan, OtlpTracesRequest } from './otlp-protobufjs.js';
import { ExportLogsServiceRequest, ExportTraceServiceRequest } from './otlp-protobufjs.js';

export interface AgentRequestOptions {
  /** Spans (or log records) in the request. */
  readonly spans: number;
  /** Same seed, same request. */
  readonly seed?: number;
  /** Agents the items are spread over, one resource each. */
  readonly agents?: number;
  /** When set, every trace id ends in these 8 bytes (the ingest benchmark stamps the first ones per request). */
  readonly traceIdSuffix?: Buffer;
  /** Time of the first item, ms since the epoch. */
  readonly startTimeMs?: number;
}

const DEFAULTS = { seed: 1, agents: 4, startTimeMs: Date.UTC(2025, 5, 1, 12) };
const SPAN_KIND_INTERNAL = 1;
const STATUS_CODE_OK = 1;
const STATUS_CODE_ERROR = 2;
const TOOLS = ['Edit', 'Read', 'Bash', 'Write', 'Grep'];
const FILES = ['src/api/routes.ts', 'src/db/schema.sql', 'README.md', 'test/api.test.ts', 'src/lib/cache.ts', 'package.json'];
const COMMANDS = ['npm test', 'git status --short', 'npx tsc --noEmit', 'ls -la src', 'git diff --stat'];

/** mulberry32: small, fast, deterministic. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const str = (key: string, value: string): OtlpKeyValue => ({ key, value: { stringValue: value } });
const int = (key: string, value: number): OtlpKeyValue => ({ key, value: { intValue: value } });
const dbl = (key: string, value: number): OtlpKeyValue => ({ key, value: { doubleValue: value } });

function bytes(random: () => number, length: number): Buffer {
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i++) out[i] = Math.floor(random() * 256);
  if (out.every((b) => b === 0)) out[0] = 1;
  return out;
}

function hex(random: () => number, length: number): string {
  return bytes(random, length).toString('hex');
}

/** Nanoseconds since the epoch as a decimal string (exact past 2^53). */
function nanos(ms: number, extraNs: number): string {
  return (BigInt(ms) * 1_000_000n + BigInt(extraNs)).toString();
}

function agentResource(agent: number, seed: number): OtlpKeyValue[] {
  const name = `agent-${agent}`;
  return [
    str(ATTR_SERVICE_NAME, name),
    str(ATTR_GEN_AI_AGENT_NAME, name),
    str(ATTR_GEN_AI_AGENT_ID, `${name}-${seed}`),
    str(ATTR_AGENTFLEET_FLEET_ID, 'fleet-bench'),
    str(ATTR_AGENTFLEET_WORKTREE, `/home/dev/work/app-${name}`),
    str(ATTR_AGENTFLEET_AGENT_KIND, 'claude-code'),
    str(ATTR_VCS_REPOSITORY_URL_FULL, 'https://github.com/example/app'),
    str(ATTR_VCS_REF_HEAD_NAME, `agent/${name}/task-${seed}`),
    str(ATTR_AGENTFLEET_BASE_COMMIT, '4f2c1e9a8b7d6c5e4f3a2b1c0d9e8f7a6b5c4d3e'),
    str(ATTR_HOST_NAME, 'devbox-1'),
  ];
}

/** One agent-like span: a tool call, a file edit, a command or a model turn. */
function agentSpan(random: () => number, n: number, traceId: Buffer, parentSpanId: Buffer, startMs: number): OtlpSpan {
  const start = nanos(startMs, Math.floor(random() * 1e6));
  const durationMs = 1 + Math.floor(random() * 4000);
  const end = nanos(startMs + durationMs, Math.floor(random() * 1e6));
  const conversation = str(ATTR_GEN_AI_CONVERSATION_ID, `session-${traceId.toString('hex', 0, 4)}`);
  const file = FILES[n % FILES.length]!;
  const span: OtlpSpan = {
    traceId,
    spanId: bytes(random, 8),
    parentSpanId,
    kind: SPAN_KIND_INTERNAL,
    startTimeUnixNano: start,
    endTimeUnixNano: end,
    status: { code: STATUS_CODE_OK },
  };
  switch (n % 4) {
    case 0: {
      const tool = TOOLS[Math.floor(random() * TOOLS.length)]!;
      span.name = executeToolSpanName(tool);
      span.attributes = [
        str(ATTR_GEN_AI_OPERATION_NAME, GEN_AI_OPERATION.executeTool),
        str(ATTR_GEN_AI_TOOL_NAME, tool),
        str(ATTR_GEN_AI_TOOL_CALL_ID, `toolu_${hex(random, 12)}`),
        str(ATTR_GEN_AI_TOOL_CALL_ARGUMENTS, JSON.stringify({ file_path: file, old_string: 'const a = 1;', new_string: 'const a = 2;' })),
        conversation,
      ];
      return span;
    }
    case 1:
      span.name = SPAN_FILE_EDIT;
      span.attributes = [
        str(ATTR_AGENTFLEET_FILE_PATH, file),
        str(ATTR_AGENTFLEET_FILE_OP, FILE_OP.modify),
        int(ATTR_AGENTFLEET_FILE_LINES_ADDED, Math.floor(random() * 40)),
        int(ATTR_AGENTFLEET_FILE_LINES_REMOVED, Math.floor(random() * 20)),
        str(ATTR_AGENTFLEET_FILE_HASH_BEFORE, `sha256:${hex(random, 32)}`),
        str(ATTR_AGENTFLEET_FILE_HASH_AFTER, `sha256:${hex(random, 32)}`),
      ];
      return span;
    case 2: {
      const exitCode = random() < 0.2 ? 1 : 0;
      span.name = SPAN_COMMAND;
      span.status = exitCode === 0 ? { code: STATUS_CODE_OK } : { code: STATUS_CODE_ERROR, message: `exit code ${exitCode}` };
      span.attributes = [
        str(ATTR_AGENTFLEET_COMMAND_TEXT, COMMANDS[n % COMMANDS.length]!),
        int(ATTR_AGENTFLEET_COMMAND_EXIT_CODE, exitCode),
        int(ATTR_AGENTFLEET_COMMAND_OUTPUT_BYTES, Math.floor(random() * 20000)),
        conversation,
      ];
      return span;
    }
    default:
      span.name = SPAN_LLM_REQUEST;
      span.attributes = [
        str(ATTR_GEN_AI_OPERATION_NAME, GEN_AI_OPERATION.chat),
        str(ATTR_GEN_AI_PROVIDER_NAME, 'anthropic'),
        str(ATTR_GEN_AI_REQUEST_MODEL, 'claude-sonnet-4'),
        int(ATTR_GEN_AI_USAGE_INPUT_TOKENS, 1000 + Math.floor(random() * 50000)),
        int(ATTR_GEN_AI_USAGE_OUTPUT_TOKENS, Math.floor(random() * 4000)),
        dbl(ATTR_AGENTFLEET_LLM_COST_USD, Math.round(random() * 100000) / 1e6),
        conversation,
      ];
      span.events = [{ timeUnixNano: start, name: 'gen_ai.content.prompt', attributes: [str('gen_ai.prompt', 'Fix the failing test')] }];
      return span;
  }
}

/** Spreads `count` items over agents: how many each of `agents` gets. */
function perAgent(count: number, agents: number): number[] {
  return Array.from({ length: agents }, (_, a) => Math.floor(count / agents) + (a < count % agents ? 1 : 0));
}

/** A traces request as protobufjs objects. */
export function agentTraceRequestObject(options: AgentRequestOptions): OtlpTracesRequest {
  const { seed, agents, startTimeMs } = { ...DEFAULTS, ...options };
  const random = seededRandom(seed);
  let n = 0;
  return {
    resourceSpans: perAgent(options.spans, Math.min(agents, Math.max(1, options.spans))).map((count, agent) => {
      const traceId = Buffer.concat([bytes(random, 8), options.traceIdSuffix ?? bytes(random, 8)]);
      const root = bytes(random, 8);
      const spans: OtlpSpan[] = [];
      for (let i = 0; i < count; i++, n++) spans.push(agentSpan(random, n, traceId, root, startTimeMs + n * 10));
      return {
        resource: { attributes: agentResource(agent, seed) },
        scopeSpans: [{ scope: { name: SCOPE_NAME, version: '0.1.0' }, spans }],
      };
    }),
  };
}

/** A traces request in protobuf, as an OTel SDK's OTLP/HTTP exporter posts it. */
export function agentTraceRequest(options: AgentRequestOptions): Buffer {
  return Buffer.from(ExportTraceServiceRequest.encode(agentTraceRequestObject(options)).finish());
}

function agentLogRecord(random: () => number, n: number, traceId: Buffer, timeMs: number): OtlpLogRecord {
  const failed = random() < 0.1;
  const body: OtlpAnyValue = { stringValue: failed ? `command failed: ${COMMANDS[n % COMMANDS.length]}` : `tool call ${n} finished` };
  return {
    timeUnixNano: nanos(timeMs, Math.floor(random() * 1e6)),
    observedTimeUnixNano: nanos(timeMs + 1, 0),
    severityNumber: failed ? 17 : 9,
    severityText: failed ? 'ERROR' : 'INFO',
    body,
    attributes: [str(ATTR_GEN_AI_TOOL_NAME, TOOLS[n % TOOLS.length]!), str(ATTR_AGENTFLEET_FILE_PATH, FILES[n % FILES.length]!)],
    traceId,
    spanId: bytes(random, 8),
    flags: 1,
    eventName: failed ? 'agentfleet.command.failed' : 'agentfleet.tool.finished',
  };
}

/** A logs request as protobufjs objects (`spans` = log records). */
export function agentLogsRequestObject(options: AgentRequestOptions): OtlpLogsRequest {
  const { seed, agents, startTimeMs } = { ...DEFAULTS, ...options };
  const random = seededRandom(seed);
  let n = 0;
  return {
    resourceLogs: perAgent(options.spans, Math.min(agents, Math.max(1, options.spans))).map((count, agent) => {
      const traceId = Buffer.concat([bytes(random, 8), options.traceIdSuffix ?? bytes(random, 8)]);
      const logRecords: OtlpLogRecord[] = [];
      for (let i = 0; i < count; i++, n++) logRecords.push(agentLogRecord(random, n, traceId, startTimeMs + n * 10));
      return {
        resource: { attributes: agentResource(agent, seed) },
        scopeLogs: [{ scope: { name: SCOPE_NAME, version: '0.1.0' }, logRecords }],
      };
    }),
  };
}

/** A logs request in protobuf. */
export function agentLogsRequest(options: AgentRequestOptions): Buffer {
  return Buffer.from(ExportLogsServiceRequest.encode(agentLogsRequestObject(options)).finish());
}

const ID_FIELDS = new Set(['traceId', 'spanId', 'parentSpanId']);

/**
 * protobufjs JSON → OTLP/JSON: ids from base64 to hex; a double -0 as the
 * string "-0" (proto3 JSON allows numeric strings), as JSON.stringify would
 * write 0.
 */
function otlpJsonShape(value: unknown, key = ''): unknown {
  if (typeof value === 'string' && ID_FIELDS.has(key)) return Buffer.from(value, 'base64').toString('hex');
  if (Object.is(value, -0)) return '-0';
  if (Array.isArray(value)) return value.map((item) => otlpJsonShape(item));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, otlpJsonShape(v, k)]));
  }
  return value;
}

const JSON_OPTIONS = { longs: String, enums: Number, bytes: String, json: true };

/** The same traces request in OTLP/JSON (lowerCamelCase, hex ids, enums as numbers, 64-bit ints as strings). */
export function tracesRequestToJson(request: OtlpTracesRequest): Buffer {
  const decoded = ExportTraceServiceRequest.decode(ExportTraceServiceRequest.encode(request).finish());
  return Buffer.from(JSON.stringify(otlpJsonShape(ExportTraceServiceRequest.toObject(decoded, JSON_OPTIONS))));
}

/** The same logs request in OTLP/JSON. */
export function logsRequestToJson(request: OtlpLogsRequest): Buffer {
  const decoded = ExportLogsServiceRequest.decode(ExportLogsServiceRequest.encode(request).finish());
  return Buffer.from(JSON.stringify(otlpJsonShape(ExportLogsServiceRequest.toObject(decoded, JSON_OPTIONS))));
}
