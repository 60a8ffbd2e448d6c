import type { Hunk } from '../git/changed-hunks.js';

/**
 * A collision alert (DESIGN.md "Collision engine"): one per underlying
 * problem, updated as it evolves, resolved automatically. Plain JSON data,
 * sent unchanged by REST, SSE and `agentfleet alerts --json`.
 */

/** SSE event type of alert changes; the data is the alert after the change. */
export const ALERT_EVENT = 'alert';

export const ALERT_KINDS = ['overlap', 'intent', 'merge_conflict', 'dependency', 'assumption'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const ALERT_SEVERITIES = ['info', 'warning', 'critical'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

export const ALERT_STATES = ['open', 'acknowledged', 'resolved'] as const;
export type AlertState = (typeof ALERT_STATES)[number];

/**
 * Why an alert stopped being a problem. `superseded`: an intent became the
 * edit itself, and the overlap alert for the same pair and file carries on.
 */
export const ALERT_RESOLUTIONS = [
  'merged',
  'reverted',
  'worktree_removed',
  'no_longer_overlapping',
  'superseded',
  'manual',
] as const;
export type AlertResolution = (typeof ALERT_RESOLUTIONS)[number];

/** One side of a collision. */
export interface AlertParty {
  readonly sessionId: string;
  readonly agentId: string;
  readonly agentName: string;
  readonly worktree: string;
  readonly branch: string | undefined;
}

/** Lines `start`..`end` (1-based, inclusive) of a file on one side. */
export interface LineRange {
  readonly start: number;
  readonly end: number;
}

/**
 * What one session changed in a file: its `file.edit` spans' counts (from
 * `FileChange`) and, where git could tell, where in the file.
 */
export interface FileChangeEvidence {
  readonly sessionId: string;
  readonly linesAdded: number;
  readonly linesRemoved: number;
  readonly edits: number;
  readonly lastEditMs: number;
  /**
   * The change's hunks as a unified diff's `@@ -old +new @@` headers: old
   * side the merge base of the session's work tree with its target branch
   * (what the change is unmerged relative to), new side the work tree on
   * disk, uncommitted changes included, as the engine's last git pass saw
   * it (hunk-index.ts). At most `MAX_HUNKS_PER_CHANGE`; empty for a binary
   * file; absent until a git pass has looked, and for work trees of other
   * hosts.
   */
  readonly hunks?: readonly Hunk[];
  /** Hunks left out of `hunks` (the change has more than the cap). */
  readonly hunksOmitted?: number;
}

export interface FileEvidence {
  readonly path: string;
  /** Per party (same order as `Alert.parties`): the lines involved, when known. */
  readonly ranges?: readonly (readonly LineRange[])[];
  /** The unmerged changes of the parties that have one, by session. */
  readonly changes?: readonly FileChangeEvidence[];
}

/**
 * How an exported symbol changed: `signature` (what callers compile or call
 * against), `body` (behaviour only), `removed` (or renamed), `added`.
 */
export type SymbolChange = 'signature' | 'body' | 'removed' | 'added';

export interface SymbolEvidence {
  /** File that defines the symbol. */
  readonly path: string;
  readonly symbol: string;
  /** `function`, `class`, `type`, `interface`, `const`, `enum`, `def` … */
  readonly symbolKind: string;
  /** Files of the other party that import or call it. */
  readonly usedIn: readonly string[];
  /** What the changing party did to it, when known. */
  readonly change?: SymbolChange;
  /** Its declaration's lines in the changed file (in the old version when removed). */
  readonly lines?: LineRange;
  /** For a removal that is a rename: the new name. */
  readonly renamedTo?: string;
}

/** A span of the stored traces, as evidence points at it. */
export interface SpanRef {
  readonly traceId: string;
  readonly spanId: string;
}

export interface AlertEvidence {
  readonly files: readonly FileEvidence[];
  readonly symbols?: readonly SymbolEvidence[];
  /** The assumption an `assumption` alert is about. */
  readonly assumption?: { readonly id: string; readonly text: string; readonly subject: string };
  /** Span ids (with trace ids) that caused or updated the alert, newest last, capped. */
  readonly spans: readonly SpanRef[];
  /** For merge conflicts: the commits compared (snapshots include uncommitted changes). */
  readonly commits?: readonly string[];
}

export interface Alert {
  /**
   * Stable for the underlying problem: kind + parties + subject (see
   * `alertKey`), so re-detecting it updates the same alert.
   */
  readonly id: string;
  readonly kind: AlertKind;
  readonly severity: AlertSeverity;
  readonly state: AlertState;
  /** Two parties; for a stale base against the target branch, the second is the branch (sessionId ''). */
  readonly parties: readonly AlertParty[];
  /** Repository-relative paths involved. */
  readonly files: readonly string[];
  /** One line a human reads first, e.g. `alice and bob both changed src/db.ts (lines 10–24 conflict)`. */
  readonly summary: string;
  readonly evidence: AlertEvidence;
  readonly firstSeenMs: number;
  readonly lastSeenMs: number;
  readonly resolvedMs: number | undefined;
  readonly resolution: AlertResolution | undefined;
  readonly acknowledgedBy: string | undefined;
  /** Who resolved it by hand (`resolution` is `manual`). */
  readonly resolvedBy?: string;
  /** Increases with every change; storage keeps the highest (ReplacingMergeTree). */
  readonly version: number;
}

/**
 * What a detector reports: an alert's content without its lifecycle. The
 * alert book (alert-book.ts) turns it into a new alert, an update, or
 * nothing when nothing changed.
 */
export interface AlertCandidate {
  readonly kind: AlertKind;
  readonly severity: AlertSeverity;
  /**
   * The two sides. Order is kept as given: for `intent` and `assumption` the
   * first is the session at risk (about to edit, or holding the assumption).
   */
  readonly parties: readonly AlertParty[];
  /** The path or symbol the problem is about; with `kind` and the parties it names the alert (`alertKey`). */
  readonly subject: string;
  readonly files: readonly string[];
  readonly summary: string;
  readonly evidence: AlertEvidence;
}
