import type { Assumption, Session } from '../fleet/model.js';
import type { AlertCandidate } from './alert.js';
import { NO_HUNKS, type HunkLookup } from './hunk-index.js';
import { canCollide, changeEvidence, changesTo, editSpans, lineCounts, partyOf, sessionLabel } from './rivals.js';

/**
 * Files that define a symbol (repository-relative), from dependency
 * analysis; empty when the subject is no known symbol.
 */
export type SymbolLookup = (symbol: string) => readonly string[];

/** Until dependency analysis is wired in, subjects are matched as paths only. */
export const NO_SYMBOLS: SymbolLookup = () => [];

/** Longest assumption text quoted in a summary; the evidence keeps all of it. */
const SUMMARY_TEXT_CHARS = 80;
/** Files named in a summary before "and N more". */
const SUMMARY_FILES = 3;

/**
 * Assumption: a session declared an assumption about a subject, and a
 * session that can collide with it (rivals.ts) has unmerged changes to it.
 * A subject matches a changed path when it is that path, a folder above it,
 * or a symbol that `symbolDefinedIn` places in it. One candidate per holder,
 * changer and subject (the newest assumption about a subject speaks for it),
 * parties listed holder first; the changer's hunks from `hunksOf` where git
 * has them.
 */
export function detectAssumptionBreaks(
  sessions: readonly Session[],
  symbolDefinedIn: SymbolLookup = NO_SYMBOLS,
  hunksOf: HunkLookup = NO_HUNKS,
): AlertCandidate[] {
  const candidates: AlertCandidate[] = [];
  for (const holder of sessions) {
    for (const assumption of newestPerSubject(holder.assumptions)) {
      const subject = assumption.subject;
      const definedIn = new Set(symbolDefinedIn(subject));
      for (const changer of sessions) {
        if (!canCollide(holder, changer)) continue;
        const paths = Object.keys(changer.files)
          .filter((path) => changer.files[path]!.unmerged && (isAbout(subject, path) || definedIn.has(path)))
          .sort();
        if (paths.length > 0) candidates.push(breach(holder, assumption, changer, paths, definedIn, hunksOf));
      }
    }
  }
  return candidates;
}

type SubjectAssumption = Assumption & { readonly subject: string };

function newestPerSubject(assumptions: readonly Assumption[]): SubjectAssumption[] {
  const newest = new Map<string, SubjectAssumption>();
  for (const assumption of assumptions) {
    const { subject } = assumption;
    if (subject === undefined || subject === '') continue;
    const seen = newest.get(subject);
    if (seen === undefined || assumption.atMs >= seen.atMs) newest.set(subject, { ...assumption, subject });
  }
  return [...newest.values()];
}

/** The subject is the path, or a folder the path is in. */
function isAbout(subject: string, path: string): boolean {
  const folder = subject.replace(/\/+$/, '');
  return path === folder || path.startsWith(`${folder}/`);
}

function breach(
  holder: Session,
  assumption: SubjectAssumption,
  changer: Session,
  paths: readonly string[],
  definedIn: ReadonlySet<string>,
  hunksOf: HunkLookup,
): AlertCandidate {
  const named = paths.slice(0, SUMMARY_FILES).map((path) => {
    const defines = definedIn.has(path) && !isAbout(assumption.subject, path) ? `defines ${assumption.subject}, ` : '';
    return `${path} (${defines}${lineCounts(changer.files[path]!)})`;
  });
  const more = paths.length > SUMMARY_FILES ? ` and ${paths.length - SUMMARY_FILES} more` : '';
  return {
    kind: 'assumption',
    severity: 'warning',
    parties: [partyOf(holder), partyOf(changer)],
    subject: assumption.subject,
    files: paths,
    summary:
      `${sessionLabel(changer, holder)} changed ${named.join(', ')}${more}, ` +
      `the subject of ${sessionLabel(holder, changer)}'s assumption "${shorten(assumption.text)}"`,
    evidence: {
      files: paths.map((path) => ({ path, changes: [changeEvidence(changer.id, changer.files[path]!, hunksOf(changer.id, path))] })),
      assumption: { id: assumption.id, text: assumption.text, subject: assumption.subject },
      // The assumption's span last: the newest spans are kept, and it must not be the one dropped.
      spans: [...editSpans(paths.flatMap((path) => changesTo(changer, path))), { traceId: holder.traceId, spanId: assumption.id }],
    },
  };
}

function shorten(text: string): string {
  return text.length <= SUMMARY_TEXT_CHARS ? text : `${text.slice(0, SUMMARY_TEXT_CHARS - 1)}…`;
}
