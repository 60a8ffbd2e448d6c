import path from 'node:path';
import { SpanKind } from '@opentelemetry/api';
import { ATTR_AGENTFLEET_ASSUMPTION_SUBJECT, ATTR_AGENTFLEET_ASSUMPTION_TEXT, SPAN_ASSUMPTION } from '../semconv/index.js';
import type { AdapterContext } from './agent-adapter.js';
import { repoRelativePath } from './claude/file-edit.js';
import { ASSUMPTIONS_ROUTE, assumptionRequestSchema } from './mcp/protocol.js';
import { agentTextAttributes, textPolicyOf } from './telemetry/agent-text.js';

/** What `/assumptions` answers once the span is made. */
export interface AssumptionRecorded {
  readonly recorded: true;
  readonly subject?: string;
}

/**
 * Records a declared assumption as an `assumption` span under the session.
 * A subject given as an absolute path inside the work tree becomes
 * repository-relative, so it compares with `file.edit` paths; a symbol or
 * an API name is kept as written. Text and subject are redacted and cut to
 * size like all agent data. Returns the subject as recorded.
 */
export function declareAssumption(context: AdapterContext, text: string, subject: string | undefined): string | undefined {
  const recordedSubject = subject !== undefined && path.isAbsolute(subject) ? repoRelativePath(subject, context.workTree.path) : subject;
  const attributes = agentTextAttributes({ [ATTR_AGENTFLEET_ASSUMPTION_TEXT]: text, [ATTR_AGENTFLEET_ASSUMPTION_SUBJECT]: recordedSubject }, textPolicyOf(context));
  context.telemetry.tracer.startSpan(SPAN_ASSUMPTION, { kind: SpanKind.INTERNAL, attributes }, context.telemetry.sessionContext).end();
  return recordedSubject;
}

/** Serves `POST <shim>/assumptions` (`{ text, about? }`), for `agentfleet assume` and the MCP server's declare_assumption. */
export function registerAssumptionRoute(context: AdapterContext): void {
  context.server.route(ASSUMPTIONS_ROUTE, async (body): Promise<AssumptionRecorded> => {
    const { text, about } = assumptionRequestSchema.parse(body);
    const subject = declareAssumption(context, text, about);
    return subject === undefined ? { recorded: true } : { recorded: true, subject };
  });
}
