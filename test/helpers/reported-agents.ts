import os from 'node:os';
import type { Alert, AlertKind } from '../../orchestrator/collisions/alert.js';
import { ATTR_AGENTFLEET_FILE_LINES_ADDED, ATTR_AGENTFLEET_FILE_LINES_REMOVED, ATTR_AGENTFLEET_FILE_OP, ATTR_AGENTFLEET_FILE_PATH, SPAN_FILE_EDIT } from '../../semconv/index.js';
import { makeGitFleet, writeFiles, type GitFleet } from './git-fleet.js';
import { SdkSession } from './sdk-session.js';
import { gitIn, waitFor } from './shim-cli.js';
import type { StreamFollower } from './stream-follower.js';

/**
 * Agents for the collision engine's tests against a running server: each
 * session on this host, in a work tree of a scenario repository of its
 * own, reported over OTLP by the OpenTelemetry SDK the way the shim
 * reports it (a `file.edit` span per file written); and the alerts as
 * `/api/v1/stream` delivered them.
 */

/** A repository of `files` whose `origin` names the scenario: sessions of two scenarios are never one repository. */
export function scenarioRepo(name: string, files: Readonly<Record<string, string>>): GitFleet & { readonly url: string } {
  const fleet = makeGitFleet(files);
  const url = `https://example.com/acme/${name}.git`;
  gitIn(fleet.repo, 'remote', 'set-url', 'origin', url);
  return { ...fleet, url };
}

let clock = Date.now();

/** Increasing times (epoch ms) for sessions and spans, so every item is newer than the one before. */
export function nextMs(): number {
  return clock++;
}

/** Agent `name`'s session `run-<name>` in `worktree` on branch `name`, as `agentfleet run` reports it. */
export function reportedAgent(otlpUrl: string, name: string, worktree: string, repositoryUrl: string): SdkSession {
  return new SdkSession({ otlpUrl, sessionId: `run-${name}`, agentName: name, worktree, branch: name, repositoryUrl, hostName: os.hostname(), startMs: nextMs() });
}

/** Writes `files` into the agent's work tree and records one `file.edit` span per file, to go with the session's next `send()`. */
export function recordEdits(session: SdkSession, worktree: string, files: Readonly<Record<string, string>>): void {
  writeFiles(worktree, files);
  for (const path of Object.keys(files)) {
    const at = nextMs();
    session.span(SPAN_FILE_EDIT, at, at, {
      [ATTR_AGENTFLEET_FILE_PATH]: path,
      [ATTR_AGENTFLEET_FILE_OP]: 'modify',
      [ATTR_AGENTFLEET_FILE_LINES_ADDED]: 1,
      [ATTR_AGENTFLEET_FILE_LINES_REMOVED]: 1,
    });
  }
}

/** `recordEdits`, and report them now. */
export async function reportEdits(session: SdkSession, worktree: string, files: Readonly<Record<string, string>>): Promise<void> {
  recordEdits(session, worktree, files);
  await session.send();
}

/** The newest version of each streamed alert of `kind` whose parties include all of `agents`. */
export function streamedAlerts(stream: StreamFollower, kind: AlertKind, ...agents: string[]): Alert[] {
  return [...stream.alerts().values()].filter((alert) => alert.kind === kind && agents.every((agent) => alert.parties.some((party) => party.agentName === agent)));
}

/** The streamed alert of `kind` between these agents (on `file`, if given) once it satisfies `ready` (default: open). */
export function waitForStreamedAlert(
  stream: StreamFollower,
  kind: AlertKind,
  agents: readonly string[],
  ready: (alert: Alert) => boolean = (a) => a.state === 'open',
  file?: string,
): Promise<Alert> {
  return waitFor(
    `the ${kind} alert of ${agents.join(' and ')}`,
    () => streamedAlerts(stream, kind, ...agents).find((a) => (file === undefined || a.files.includes(file)) && ready(a)),
    60_000,
  );
}
