import { execFile } from 'node:child_process';
import type { Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { contentHash, snapshotFile, type FileSnapshot } from '../claude/file-snapshot.js';
import { FileStates, UNREAD } from './file-states.js';

/** Files read at once while loading the baseline: enough to keep the disk busy, few enough not to compete with the agent. */
const READ_CONCURRENCY = 4;

/**
 * Fills `states` with the content of the files that existed when the agent
 * started, in the background and within the content budget, so that the
 * first change of each has line counts. A file is only recorded if it still
 * has the size and modification time the scan saw (the agent may already be
 * at work) and no change of it was judged meanwhile.
 */
export class BaselineReader {
  private readonly queue: Array<{ path: string; stats: Stats }> = [];
  private active = 0;
  private stopped = false;

  constructor(
    private readonly root: string,
    private readonly states: FileStates,
    private readonly budgetBytes: number,
    private readonly maxFileBytes: number,
  ) {}

  /** A file found by the initial scan. */
  add(filePath: string, stats: Stats | undefined): void {
    this.states.set(filePath, UNREAD);
    if (stats === undefined || stats.size > this.maxFileBytes) return;
    this.queue.push({ path: filePath, stats });
    this.pump();
  }

  stop(): void {
    this.stopped = true;
    this.queue.length = 0;
  }

  private pump(): void {
    // Budget spent: the rest stay unread (their first change is compared with HEAD).
    if (this.states.keptContentBytes >= this.budgetBytes) this.queue.length = 0;
    while (!this.stopped && this.active < READ_CONCURRENCY && this.queue.length > 0) {
      const next = this.queue.shift()!;
      this.active++;
      void this.read(next.path, next.stats).finally(() => {
        this.active--;
        this.pump();
      });
    }
  }

  private async read(filePath: string, scanned: Stats): Promise<void> {
    const absolute = path.join(this.root, filePath);
    const now = await stat(absolute).catch(() => undefined);
    if (now === undefined || now.size !== scanned.size || now.mtimeMs !== scanned.mtimeMs) return;
    const snapshot = await snapshotFile(absolute);
    if (!this.stopped && snapshot.exists && this.states.get(filePath) === UNREAD) this.states.set(filePath, snapshot);
  }
}

/**
 * The file as committed at HEAD: the stand-in for a file whose content at
 * start was not read (over budget, or changed before the baseline got to
 * it). Right for files that were clean when the agent started.
 */
export function headSnapshot(root: string, filePath: string, maxBytes: number): Promise<FileSnapshot | undefined> {
  return new Promise((resolve) => {
    execFile('git', ['cat-file', 'blob', `HEAD:${filePath}`], { cwd: root, encoding: 'buffer', maxBuffer: maxBytes, timeout: 2_000 }, (error, stdout) => {
      resolve(error ? undefined : { exists: true, hash: contentHash(stdout), content: stdout.toString('utf8') });
    });
  });
}
