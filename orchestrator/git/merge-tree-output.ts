/**
 * Parses `git merge-tree --write-tree --stdin -z --messages` (git 2.39 or newer):
 * per merge, NUL-separated fields
 *
 *     <1 clean | 0 conflicted>  <merged tree>
 *     <mode> SP <oid> SP <stage> TAB <path>   … one per conflicted stage entry
 *     ""                                       (end of the entries)
 *     <n> <path>×n <type> <message>           … informational and conflict messages
 *     ""                                       (end of this merge)
 *
 * `--messages` is passed explicitly: without it merge-tree prints the
 * message section only after the first conflicted merge of a batch.
 */
export interface StageEntry {
  readonly mode: string;
  readonly oid: string;
  /** 1 merge base, 2 ours, 3 theirs. */
  readonly stage: number;
  readonly path: string;
}

export interface MergeMessage {
  readonly paths: readonly string[];
  /** Stable type, e.g. `Auto-merging`, `CONFLICT (contents)`, `CONFLICT (modify/delete)`. */
  readonly type: string;
  readonly text: string;
}

export interface MergeTreeResult {
  readonly clean: boolean;
  readonly tree: string;
  readonly entries: readonly StageEntry[];
  readonly messages: readonly MergeMessage[];
}

function parseEntry(field: string): StageEntry {
  const tab = field.indexOf('\t');
  const [mode, oid, stage] = field.slice(0, tab).split(' ');
  if (mode === undefined || oid === undefined || stage === undefined || tab < 0) throw new Error(`unexpected merge-tree entry: ${field}`);
  return { mode, oid, stage: Number(stage), path: field.slice(tab + 1) };
}

/** The merges of one batch, in input order; `fields` is the output split at NUL, without its final empty field. */
export function parseMergeTreeBatch(fields: readonly string[]): MergeTreeResult[] {
  const results: MergeTreeResult[] = [];
  let i = 0;
  const next = (): string => {
    if (i >= fields.length) throw new Error('merge-tree output ended early');
    return fields[i++]!;
  };
  while (i < fields.length) {
    const clean = next() === '1';
    const tree = next();
    const entries: StageEntry[] = [];
    for (let field = next(); field !== ''; field = next()) entries.push(parseEntry(field));
    const messages: MergeMessage[] = [];
    for (let field = next(); field !== ''; field = next()) {
      const count = Number(field);
      const paths = Array.from({ length: count }, next);
      const type = next();
      messages.push({ paths, type, text: next().trimEnd() });
    }
    results.push({ clean, tree, entries, messages });
  }
  return results;
}
