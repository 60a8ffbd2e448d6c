import { context, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { sessionResourceAttributes } from '../agent-shim/telemetry/resource.js';
import {
  ATTR_AGENTFLEET_FILE_LINES_ADDED,
  ATTR_AGENTFLEET_FILE_LINES_REMOVED,
  ATTR_AGENTFLEET_FILE_OP,
  ATTR_AGENTFLEET_FILE_PATH,
  ATTR_GEN_AI_TOOL_CALL_ID,
  ATTR_GEN_AI_TOOL_NAME,
  FILE_OP,
  SCOPE_NAME,
  executeToolSpanName,
  invokeAgentSpanName,
  SPAN_FILE_EDIT,
} from '../semconv/index.js';

/**
 * A running agent session's edits as the shim reports them, sent with the
 * OpenTelemetry SDK and OTLP/HTTP exporter the shim uses: the shim's
 * resource (this host, the work tree, its branch), and per changed path an
 * `execute_tool Edit` with its `file.edit` child, under the session's
 * `invoke_agent` root (which, the session still running, is not sent yet).
 */
export interface SessionEdits {
  readonly otlpUrl: string;
  readonly sessionId: string;
  readonly agentName: string;
  readonly worktree: string;
  readonly branch: string;
  /** Repository-relative paths the session changed. */
  readonly paths: readonly string[];
  readonly startMs: number;
}

const EDIT_MS = 50;

export async function sendSessionEdits(session: SessionEdits): Promise<void> {
  const resource = resourceFromAttributes(
    sessionResourceAttributes({
      agentName: session.agentName,
      kind: 'claude-code',
      fleetId: 'default',
      runId: session.sessionId,
      workTree: { path: session.worktree, branch: session.branch, baseCommit: undefined, repositoryUrl: undefined, isGit: true },
    }),
  );
  const recorded = new InMemorySpanExporter();
  const tracer = new BasicTracerProvider({ resource, spanProcessors: [new SimpleSpanProcessor(recorded)] }).getTracer(SCOPE_NAME);
  const root = tracer.startSpan(invokeAgentSpanName(session.agentName), { startTime: session.startMs });
  const rootContext = trace.setSpan(context.active(), root);
  session.paths.forEach((path, i) => {
    const startMs = session.startMs + i * EDIT_MS;
    const callId = `toolu_${session.sessionId}_${i}`;
    const call = tracer.startSpan(executeToolSpanName('Edit'), { startTime: startMs, attributes: { [ATTR_GEN_AI_TOOL_NAME]: 'Edit', [ATTR_GEN_AI_TOOL_CALL_ID]: callId } }, rootContext);
    tracer
      .startSpan(
        SPAN_FILE_EDIT,
        {
          startTime: startMs,
          attributes: { [ATTR_AGENTFLEET_FILE_PATH]: path, [ATTR_AGENTFLEET_FILE_OP]: FILE_OP.modify, [ATTR_AGENTFLEET_FILE_LINES_ADDED]: 5, [ATTR_AGENTFLEET_FILE_LINES_REMOVED]: 5, [ATTR_GEN_AI_TOOL_CALL_ID]: callId },
        },
        trace.setSpan(rootContext, call),
      )
      .end(startMs + EDIT_MS / 2);
    call.end(startMs + EDIT_MS);
  });
  const exporter = new OTLPTraceExporter({ url: `${session.otlpUrl}/v1/traces` });
  try {
    await new Promise<void>((resolve, reject) =>
      exporter.export(recorded.getFinishedSpans(), (result) => (result.code === 0 ? resolve() : reject(result.error ?? new Error(`OTLP export failed (code ${result.code})`)))),
    );
  } finally {
    await exporter.shutdown();
  }
}
