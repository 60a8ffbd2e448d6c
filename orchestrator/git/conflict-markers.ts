/**
 * The conflict regions of a file as `git merge-tree` writes it (conflict
 * style `merge`, the engine forces it):
 *
 *     <<<<<<< <ours label>[:<path>]
 *     ours' lines
 *     =======
 *     theirs' lines
 *     >>>>>>> <theirs label>[:<path>]
 *
 * Markers are recognised by their labels (the names merge-tree was given),
 * so nested markers of a recursive merge base ("Temporary merge branch")
 * and marker-like text in the file are content. Line numbers are 1-based
 * lines of the merged file. A `conflict-marker-size` attribute other than 7
 * is not supported (its regions are not found).
 */
export interface MarkerRegion {
  /** Line of `<<<<<<<`. */
  readonly openLine: number;
  /** Line of `=======`. */
  readonly separatorLine: number;
  /** Line of `>>>>>>>`. */
  readonly closeLine: number;
}

const MARKER = 7;

function isLabelled(line: string, char: string, label: string): boolean {
  const prefix = `${char.repeat(MARKER)} ${label}`;
  return line === prefix || line.startsWith(`${prefix}:`);
}

/** Regions in order; an unterminated region (not written by git) is dropped. */
export function conflictRegions(text: string, oursLabel: string, theirsLabel: string): MarkerRegion[] {
  const regions: MarkerRegion[] = [];
  let open: number | undefined;
  let separator: number | undefined;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    // Markers in a CRLF file end with CR too.
    const line = lines[i]!.replace(/\r$/, '');
    const lineNumber = i + 1;
    if (open === undefined) {
      if (isLabelled(line, '<', oursLabel)) open = lineNumber;
    } else if (separator === undefined) {
      if (line === '='.repeat(MARKER)) separator = lineNumber;
    } else if (isLabelled(line, '>', theirsLabel)) {
      regions.push({ openLine: open, separatorLine: separator, closeLine: lineNumber });
      open = separator = undefined;
    }
  }
  return regions;
}
