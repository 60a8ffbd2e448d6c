/**
 * Resource attributes of an agent's telemetry. `service.name` is the agent's
 * name so Jaeger and Grafana list agents as services.
 */

/** OpenTelemetry `service.name`: the agent's name. */
export const ATTR_SERVICE_NAME = 'service.name';
/** OpenTelemetry `service.instance.id`: one run of the shim. */
export const ATTR_SERVICE_INSTANCE_ID = 'service.instance.id';
/** Host the agent runs on. */
export const ATTR_HOST_NAME = 'host.name';
/** VCS conventions: the repository's remote URL. */
export const ATTR_VCS_REPOSITORY_URL_FULL = 'vcs.repository.url.full';
/** VCS conventions: the branch checked out in the agent's work tree. */
export const ATTR_VCS_REF_HEAD_NAME = 'vcs.ref.head.name';
/** Which fleet (one human's board) the agent belongs to. */
export const ATTR_AGENTFLEET_FLEET_ID = 'agentfleet.fleet.id';
/** Absolute path of the agent's work tree. */
export const ATTR_AGENTFLEET_WORKTREE = 'agentfleet.worktree';
/** Commit the agent's branch started from (merge base with the target). */
export const ATTR_AGENTFLEET_BASE_COMMIT = 'agentfleet.base.commit';
/** Agent kind: `claude-code`, `codex`, `gemini-cli`, `generic`. */
export const ATTR_AGENTFLEET_AGENT_KIND = 'agentfleet.agent.kind';
