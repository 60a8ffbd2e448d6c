import type { z } from 'zod';
import type { Logger } from '../../orchestrator/log.js';
import { INTENTS_API, intentRequestSchema, intentResponseSchema } from '../../orchestrator/routes/intents.js';
import { ATTR_SERVICE_INSTANCE_ID } from '../../semconv/index.js';
import type { AdapterContext } from '../agent-adapter.js';
import { postJson } from '../post-json.js';
import type { PermissionDecision, PermissionGate } from './permission.js';

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The part of the control plane's answer the gate acts on (the alerts it raised are for the fleet view). */
const intentAnswerSchema = intentResponseSchema.pick({ decision: true, reason: true, holdsEdits: true });

export interface IntentGateOptions {
  readonly controlPlaneUrl: string;
  readonly token: string | undefined;
  /** This run's `service.instance.id`: the session the control plane knows the agent by. */
  readonly sessionId: string;
  /** Longest the check may take before the edit proceeds unchecked. */
  readonly timeoutMs: number;
  readonly log: Logger;
}

/**
 * The collision gate: before an editing tool call (a path is known), asks
 * the control plane whether the edit collides with another agent's
 * unmerged work (`POST /api/v1/intents`) and passes on its decision —
 * `deny` refuses the call with a reason naming whose work it would break,
 * `ask` has Claude Code ask the human. Fails open: when the control plane
 * cannot be asked within `timeoutMs` (down, slow, an error, an answer it
 * does not understand), the edit is allowed and the reason says it was
 * not checked. Calls without a path are not gated.
 *
 * The edit waits for the answer only while the control plane's policy can
 * ask or deny this session's edits (`holdsEdits` of its last answer; until
 * the first, it is assumed to): under the default `warn` policy the intent
 * is sent, the edit proceeds, and the decision is recorded when it comes.
 * So a policy made stricter while the agent runs holds edits from the one
 * after the first answer that says so.
 */
export function createIntentGate(options: IntentGateOptions): PermissionGate {
  const url = new URL(INTENTS_API, options.controlPlaneUrl);
  let warned = false;
  let holds = true;

  async function ask(body: z.input<typeof intentRequestSchema>): Promise<z.output<typeof intentAnswerSchema>> {
    const response = await postJson(url, body, {
      headers: options.token !== undefined ? { authorization: `Bearer ${options.token}` } : {},
      timeoutMs: options.timeoutMs,
    });
    if (response.status < 200 || response.status > 299) throw new Error(`it answered ${response.status}: ${response.text.slice(0, 200)}`);
    const answer = intentAnswerSchema.safeParse(parseJson(response.text));
    if (!answer.success) throw new Error('it answered something that is not an intent decision ({ decision, reason, holdsEdits })');
    return answer.data;
  }

  async function decide(body: z.input<typeof intentRequestSchema>, held: boolean): Promise<PermissionDecision> {
    try {
      const answer = await ask(body);
      holds = answer.holdsEdits;
      if (held || answer.decision === 'allow') return { decision: answer.decision, reason: answer.reason };
      options.log.warn(`the control plane would ${answer.decision} the edit of ${body.paths.join(', ')}, but its policy could not hold edits before; later edits wait for its answer`);
      return { decision: 'allow', reason: `agentfleet: edit not held, the gate policy changed to hold edits while it ran (${answer.decision}: ${answer.reason})` };
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      // Once per run at the default level: an absent control plane must not fill the agent's terminal.
      if (warned) options.log.debug(`intent check of ${body.paths.join(', ')} failed: ${why}`);
      else options.log.warn(`cannot ask the control plane at ${options.controlPlaneUrl} about edits (${why}); edits proceed unchecked`);
      warned = true;
      return { decision: 'allow', reason: `agentfleet: edit not checked, the control plane could not be asked (${why})` };
    }
  }

  return {
    holds: () => holds,
    check: async (call, held) =>
      call.path === undefined ? undefined : decide({ sessionId: options.sessionId, paths: [call.path], toolName: call.toolName, toolCallId: call.toolUseId }, held),
  };
}

/** The gate of a run: its control plane, token, session and timeout. */
export function intentGateOf(context: AdapterContext): PermissionGate {
  return createIntentGate({
    controlPlaneUrl: context.config.controlPlaneUrl,
    token: context.config.token,
    sessionId: String(context.telemetry.resourceAttributes[ATTR_SERVICE_INSTANCE_ID] ?? ''),
    timeoutMs: context.config.intentTimeoutMs,
    log: context.log,
  });
}
