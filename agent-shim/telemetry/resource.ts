import { createHash } from 'node:crypto';
import os from 'node:os';
import type { Attributes } from '@opentelemetry/api';
import {
  ATTR_AGENTFLEET_AGENT_KIND,
  ATTR_AGENTFLEET_BASE_COMMIT,
  ATTR_AGENTFLEET_FLEET_ID,
  ATTR_AGENTFLEET_WORKTREE,
  ATTR_GEN_AI_AGENT_ID,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_HOST_NAME,
  ATTR_SERVICE_INSTANCE_ID,
  ATTR_SERVICE_NAME,
  ATTR_VCS_REF_HEAD_NAME,
  ATTR_VCS_REPOSITORY_URL_FULL,
} from '../../semconv/index.js';
import type { AgentKind, WorkTree } from '../agent-adapter.js';

export interface SessionIdentity {
  readonly agentName: string;
  readonly kind: AgentKind;
  readonly fleetId: string;
  /** One shim run (`service.instance.id`). */
  readonly runId: string;
  readonly workTree: WorkTree;
  readonly hostName?: string;
}

/**
 * An agent's id, stable across its sessions: the same name in the same work
 * tree on the same host is the same agent.
 */
export function agentId(agentName: string, workTreePath: string, hostName: string): string {
  const digest = createHash('sha256').update(`${hostName}\0${workTreePath}\0${agentName}`).digest('hex');
  return `agt_${digest.slice(0, 24)}`;
}

/** The resource attributes of every span of a session (DESIGN.md, "Span vocabulary"). */
export function sessionResourceAttributes(identity: SessionIdentity): Attributes {
  const hostName = identity.hostName ?? os.hostname();
  const { workTree } = identity;
  const attributes: Attributes = {
    [ATTR_SERVICE_NAME]: identity.agentName,
    [ATTR_SERVICE_INSTANCE_ID]: identity.runId,
    [ATTR_HOST_NAME]: hostName,
    [ATTR_GEN_AI_AGENT_NAME]: identity.agentName,
    [ATTR_GEN_AI_AGENT_ID]: agentId(identity.agentName, workTree.path, hostName),
    [ATTR_AGENTFLEET_FLEET_ID]: identity.fleetId,
    [ATTR_AGENTFLEET_WORKTREE]: workTree.path,
    [ATTR_AGENTFLEET_AGENT_KIND]: identity.kind,
  };
  if (workTree.repositoryUrl !== undefined) attributes[ATTR_VCS_REPOSITORY_URL_FULL] = workTree.repositoryUrl;
  if (workTree.branch !== undefined) attributes[ATTR_VCS_REF_HEAD_NAME] = workTree.branch;
  if (workTree.baseCommit !== undefined) attributes[ATTR_AGENTFLEET_BASE_COMMIT] = workTree.baseCommit;
  return attributes;
}
