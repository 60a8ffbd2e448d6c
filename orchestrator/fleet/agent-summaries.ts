import type { AgentSummary, Session } from './model.js';

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Oldest first; sessions started at the same time by id, so the order never depends on arrival. */
export function compareSessionsByStart(a: Session, b: Session): number {
  return a.startedMs - b.startedMs || compareText(a.id, b.id);
}

/** One summary per agent (`gen_ai.agent.id`; a session without one stands alone), sorted by name, then id. */
export function agentSummaries(sessions: readonly Session[]): AgentSummary[] {
  const byAgent = new Map<string, Session[]>();
  for (const session of sessions) {
    const key = session.agentId === '' ? `session:${session.id}` : session.agentId;
    const group = byAgent.get(key);
    if (group === undefined) byAgent.set(key, [session]);
    else group.push(session);
  }
  const summaries = [...byAgent.values()].map((group): AgentSummary => {
    const ordered = [...group].sort(compareSessionsByStart);
    const newest = ordered[ordered.length - 1]!;
    const unmerged = new Set(ordered.flatMap((s) => Object.values(s.files).filter((f) => f.unmerged).map((f) => f.path)));
    return {
      agentId: newest.agentId,
      agentName: newest.agentName,
      worktree: newest.worktree,
      host: newest.host,
      branch: newest.branch,
      status: newest.status,
      sessionIds: ordered.map((s) => s.id),
      currentTool: newest.currentTool,
      lastActivityMs: Math.max(...ordered.map((s) => s.lastActivityMs)),
      unmergedFiles: [...unmerged].sort(),
    };
  });
  return summaries.sort((a, b) => compareText(a.agentName, b.agentName) || compareText(a.agentId, b.agentId));
}
