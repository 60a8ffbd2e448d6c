import { createHash } from 'node:crypto';

import type { AlertCandidate, AlertParty } from './alert.js';

/**
 * A party as identity: its session, or for the target branch of a stale-base
 * check (no session) the branch itself.
 */
function partyKey(party: AlertParty): string {
  return party.sessionId !== '' ? `session:${party.sessionId}` : `branch:${party.branch ?? ''}`;
}

/**
 * The id of the problem a candidate describes: kind + the unordered pair of
 * parties + subject. The same problem seen again, with other evidence or the
 * parties listed the other way round, gets the same id; that is what makes
 * re-detection an update instead of a new alert. The kind stays readable in
 * the id (`overlap-3f2a…`) for logs and the CLI.
 */
export function alertKey(candidate: Pick<AlertCandidate, 'kind' | 'parties' | 'subject'>): string {
  const parties = candidate.parties.map(partyKey).sort();
  const digest = createHash('sha256').update(JSON.stringify([candidate.kind, parties, candidate.subject])).digest('hex');
  return `${candidate.kind}-${digest.slice(0, 16)}`;
}
