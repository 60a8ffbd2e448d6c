import type { FeedBatch, FeedLogEvent, FeedSpan } from '../../collector/live-feed.js';
import {
  ATTR_AGENTFLEET_AGENT_KIND,
  ATTR_AGENTFLEET_FLEET_ID,
  ATTR_AGENTFLEET_WORKTREE,
  ATTR_GEN_AI_AGENT_ID,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_HOST_NAME,
  ATTR_SERVICE_INSTANCE_ID,
  ATTR_SERVICE_NAME,
  ATTR_VCS_REF_HEAD_NAME,
} from '../../semconv/index.js';

/**
 * Live-feed items of made-up sessions for fleet-state tests: one resource
 * per session as the shim sends it, fresh span ids, times given by the test.
 */
export interface FeedSession {
  readonly id: string;
  readonly traceId: string;
  readonly rootSpanId: string;
  readonly serviceName: string;
  readonly resource: Readonly<Record<string, string>>;
}

let nextId = 1;
const hexId = (bytes: number) => (nextId++).toString(16).padStart(2 * bytes, '0');

export interface FeedSessionOptions {
  readonly agentName: string;
  readonly worktree: string;
  readonly host?: string;
  /** Default: derived from name, work tree and host like the shim's `agentId`. */
  readonly agentId?: string;
  readonly branch?: string;
}

export function feedSession(id: string, options: FeedSessionOptions): FeedSession {
  const host = options.host ?? 'devbox';
  return {
    id,
    traceId: hexId(16),
    rootSpanId: hexId(8),
    serviceName: options.agentName,
    resource: {
      [ATTR_SERVICE_NAME]: options.agentName,
      [ATTR_SERVICE_INSTANCE_ID]: id,
      [ATTR_HOST_NAME]: host,
      [ATTR_GEN_AI_AGENT_NAME]: options.agentName,
      [ATTR_GEN_AI_AGENT_ID]: options.agentId ?? `agt_${host}_${options.worktree}_${options.agentName}`,
      [ATTR_AGENTFLEET_FLEET_ID]: 'default',
      [ATTR_AGENTFLEET_WORKTREE]: options.worktree,
      [ATTR_AGENTFLEET_AGENT_KIND]: 'generic',
      ...(options.branch !== undefined ? { [ATTR_VCS_REF_HEAD_NAME]: options.branch } : {}),
    },
  };
}

export interface SpanOptions {
  readonly startMs: number;
  /** Default: `startMs`. */
  readonly endMs?: number;
  readonly attributes?: Readonly<Record<string, string>>;
  readonly statusCode?: string;
  /** Default: a fresh id. */
  readonly spanId?: string;
}

export function feedSpan(session: FeedSession, name: string, options: SpanOptions): FeedSpan {
  const root = options.spanId === session.rootSpanId;
  return {
    traceId: session.traceId,
    spanId: options.spanId ?? hexId(8),
    parentSpanId: root ? '' : session.rootSpanId,
    name,
    serviceName: session.serviceName,
    startMs: options.startMs,
    endMs: options.endMs ?? options.startMs,
    statusCode: options.statusCode ?? 'STATUS_CODE_UNSET',
    statusMessage: '',
    resource: session.resource,
    attributes: options.attributes ?? {},
    events: [],
  };
}

export function feedEvent(session: FeedSession, eventName: string, timeMs: number, attributes: Readonly<Record<string, string>> = {}): FeedLogEvent {
  return {
    timeMs,
    traceId: session.traceId,
    spanId: session.rootSpanId,
    eventName,
    serviceName: session.serviceName,
    body: '',
    resource: session.resource,
    attributes,
  };
}

/** Spans or events as the batch the feed would carry them in. */
export function feedBatch(items: readonly (FeedSpan | FeedLogEvent)[]): FeedBatch[] {
  const spans = items.filter((item): item is FeedSpan => 'name' in item);
  const logs = items.filter((item): item is FeedLogEvent => 'eventName' in item);
  return [...(spans.length > 0 ? [{ signal: 'traces' as const, spans }] : []), ...(logs.length > 0 ? [{ signal: 'logs' as const, logs }] : [])];
}
