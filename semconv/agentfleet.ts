/**
 * Span attributes that the GenAI conventions lack, under the `agentfleet.`
 * prefix. Counts are ints, paths are repository-relative with `/` separators.
 */

/** The human's task for a session (`agentfleet run --task`). */
export const ATTR_AGENTFLEET_TASK = 'agentfleet.task';
/** Exit code of the wrapped agent process (on `invoke_agent`). */
export const ATTR_AGENTFLEET_EXIT_CODE = 'agentfleet.exit_code';
/** Signal that ended the agent process, e.g. `SIGTERM`. */
export const ATTR_AGENTFLEET_EXIT_SIGNAL = 'agentfleet.exit_signal';
/** Session totals on `invoke_agent`. */
export const ATTR_AGENTFLEET_TOTAL_TOOL_CALLS = 'agentfleet.total.tool_calls';
export const ATTR_AGENTFLEET_TOTAL_FILES_CHANGED = 'agentfleet.total.files_changed';
export const ATTR_AGENTFLEET_TOTAL_COST_USD = 'agentfleet.total.cost_usd';

/** Repository-relative path of a file. */
export const ATTR_AGENTFLEET_FILE_PATH = 'agentfleet.file.path';
/** Previous path of a renamed file. */
export const ATTR_AGENTFLEET_FILE_OLD_PATH = 'agentfleet.file.old_path';
/** What happened to the file: see {@link FILE_OP}. */
export const ATTR_AGENTFLEET_FILE_OP = 'agentfleet.file.op';
export const ATTR_AGENTFLEET_FILE_LINES_ADDED = 'agentfleet.file.lines_added';
export const ATTR_AGENTFLEET_FILE_LINES_REMOVED = 'agentfleet.file.lines_removed';
/** `sha256:<hex>` of the content before / after the edit. */
export const ATTR_AGENTFLEET_FILE_HASH_BEFORE = 'agentfleet.file.hash_before';
export const ATTR_AGENTFLEET_FILE_HASH_AFTER = 'agentfleet.file.hash_after';
/** The file is binary (a NUL byte in it): its line counts are 0. */
export const ATTR_AGENTFLEET_FILE_BINARY = 'agentfleet.file.binary';

/** A declared assumption, in the agent's words. */
export const ATTR_AGENTFLEET_ASSUMPTION_TEXT = 'agentfleet.assumption.text';
/** What the assumption is about: a path, a symbol or an API. */
export const ATTR_AGENTFLEET_ASSUMPTION_SUBJECT = 'agentfleet.assumption.subject';

/** A shell command as the agent ran it (redacted). */
export const ATTR_AGENTFLEET_COMMAND_TEXT = 'agentfleet.command.text';
export const ATTR_AGENTFLEET_COMMAND_EXIT_CODE = 'agentfleet.command.exit_code';
/** Bytes the command wrote to stdout and stderr together. */
export const ATTR_AGENTFLEET_COMMAND_OUTPUT_BYTES = 'agentfleet.command.output_bytes';

/**
 * The collision gate's decision about an edit (`allow`, `ask`, `deny`):
 * what the control plane answered the shim's intent check at PreToolUse,
 * or `allow` when it could not be asked (the gate fails open).
 */
export const ATTR_AGENTFLEET_GATE_DECISION = 'agentfleet.gate.decision';
/** Why: the reason the agent (deny) or the human (ask) was given, or why the edit was not checked. */
export const ATTR_AGENTFLEET_GATE_REASON = 'agentfleet.gate.reason';

/** Cost of a model turn in US dollars, when known. */
export const ATTR_AGENTFLEET_LLM_COST_USD = 'agentfleet.llm.cost_usd';

/** Set when a value was cut to the configured size limit. */
export const ATTR_AGENTFLEET_TRUNCATED = 'agentfleet.truncated';

/** Values of `agentfleet.file.op`. */
export const FILE_OP = {
  create: 'create',
  modify: 'modify',
  delete: 'delete',
  rename: 'rename',
} as const;
export type FileOp = (typeof FILE_OP)[keyof typeof FILE_OP];
