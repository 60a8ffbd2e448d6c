import { HOOK_EVENTS, TOOL_HOOK_EVENTS } from './hook-payload.js';

/**
 * The `hooks` section of Claude Code settings that sends every event to the
 * shim as an HTTP hook (no process spawned per tool call), merged into the
 * user's own `--settings` when there is one: Claude Code loads only the last
 * `--settings` flag (verified with 2.1.x), so ours and theirs must be one
 * file. Settings files (user, project, local) are merged by Claude Code
 * itself and need nothing from us.
 */

export interface HookMatcherGroup {
  readonly matcher?: string;
  readonly hooks: readonly unknown[];
}
export type HooksSection = Readonly<Record<string, readonly HookMatcherGroup[]>>;
export type ClaudeSettings = Readonly<Record<string, unknown>>;

/**
 * Claude Code's hook timeout is in whole seconds; one second more than the
 * shim's own limit, so the shim's fail-open `{}` arrives before Claude Code
 * gives up on the hook.
 */
export function hookTimeoutSeconds(hookTimeoutMs: number): number {
  return Math.ceil(hookTimeoutMs / 1000) + 1;
}

export function captureHooks(url: string, timeoutSeconds: number): HooksSection {
  const hook = { type: 'http', url, timeout: timeoutSeconds };
  return Object.fromEntries(HOOK_EVENTS.map((event) => [event, [{ ...(TOOL_HOOK_EVENTS.has(event) ? { matcher: '*' } : {}), hooks: [hook] }]]));
}

/** `user` with `ours` added to its hooks: the user's matcher groups first, so their hooks run as they always did. */
export function mergeSettings(user: ClaudeSettings | undefined, ours: HooksSection): ClaudeSettings {
  const userHooks = user?.['hooks'];
  const theirs: HooksSection = userHooks !== null && typeof userHooks === 'object' && !Array.isArray(userHooks) ? (userHooks as HooksSection) : {};
  const hooks: Record<string, readonly HookMatcherGroup[]> = { ...theirs };
  for (const [event, groups] of Object.entries(ours)) hooks[event] = [...(Array.isArray(theirs[event]) ? theirs[event] : []), ...groups];
  return { ...user, hooks };
}
