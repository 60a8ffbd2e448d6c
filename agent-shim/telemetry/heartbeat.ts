import { EVENT_HEARTBEAT } from '../../semconv/index.js';
import type { ShimTelemetry } from '../agent-adapter.js';

/**
 * Sends a `heartbeat` event every `intervalMs` until the returned function
 * is called: a quiet agent keeps beating, a shim that died stops, and the
 * fleet view tells the two apart without waiting for a `session.end` that
 * will never come.
 */
export function startHeartbeat(telemetry: Pick<ShimTelemetry, 'emitEvent'>, intervalMs: number): () => void {
  const timer = setInterval(() => telemetry.emitEvent(EVENT_HEARTBEAT), intervalMs);
  // The shim's life is the agent's; the heartbeat never holds it up.
  timer.unref();
  return () => clearInterval(timer);
}
