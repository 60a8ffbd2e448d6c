import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { otherSpoolDirs, prepareSpoolRoot, spoolDirName } from '../../../agent-shim/spool/spool-root.js';
import { openSpool, parseSpoolFileName } from '../../../agent-shim/spool/spool.js';
import { DataDirLockedError } from '../../../ingest/storage-errors.js';
import { createLogger } from '../../../orchestrator/log.js';
import { tempDir } from '../../helpers/temp-dir.js';

const log = createLogger('error');
const body = (text: string) => Buffer.from(text);

describe('the spool', () => {
  it('hands bodies back oldest first, byte for byte', async () => {
    const spool = await openSpool(path.join(tempDir(), 'run'), 1024, log);
    const appended = ['{"a":1}', '{"b":2}', '{"c":3}'];
    await Promise.all(appended.map((text) => spool.append('traces', body(text))));
    const read: string[] = [];
    for (let entry = spool.oldest(); entry !== undefined; entry = spool.oldest()) {
      read.push((await spool.read(entry)).toString());
      await spool.remove(entry);
    }
    expect(read).toEqual(appended);
    expect(spool.isEmpty()).toBe(true);
  });

  it('drops the oldest bodies past its size limit and counts them', async () => {
    const spool = await openSpool(path.join(tempDir(), 'run'), 25, log);
    for (const text of ['1111111111', '2222222222', '3333333333']) await spool.append('traces', body(text));
    expect(spool.stats()).toEqual({ batches: 2, bytes: 20, droppedBatches: 1, droppedBytes: 10 });
    expect((await spool.read(spool.oldest()!)).toString()).toBe('2222222222');
    await spool.append('traces', body('x'.repeat(26)));
    expect(spool.stats()).toMatchObject({ batches: 2, droppedBatches: 2, droppedBytes: 36 });
  });

  it('is not empty while a body is still being written', async () => {
    const spool = await openSpool(path.join(tempDir(), 'run'), 1024, log);
    const writing = spool.append('traces', body('{}'));
    expect(spool.isEmpty()).toBe(false);
    await writing;
    expect(spool.oldest()).toBeDefined();
  });

  it('keeps what it holds across a reopen, discarding a half-written body', async () => {
    const dir = path.join(tempDir(), 'run');
    const first = await openSpool(dir, 1024, log);
    await first.append('traces', body('{"kept":1}'));
    await first.close();
    writeFileSync(path.join(dir, '000000000002.traces.json.tmp'), '{"torn');
    const second = await openSpool(dir, 1024, log);
    expect(second.stats()).toMatchObject({ batches: 1 });
    expect((await second.read(second.oldest()!)).toString()).toBe('{"kept":1}');
    await second.append('logs', body('{"next":2}'));
    expect(readdirSync(dir).filter((f) => f.endsWith('.json')).sort()).toEqual(['000000000001.traces.json', '000000000002.logs.json']);
  });

  it('keeps each body\'s signal, in one order across signals, and reads a bare <seq>.json left by an older shim as spans', async () => {
    const dir = path.join(tempDir(), 'run');
    mkdirSync(dir);
    writeFileSync(path.join(dir, '000000000001.json'), '{"old":1}');
    const spool = await openSpool(dir, 1024, log);
    await spool.append('logs', body('{"l":2}'));
    await spool.append('traces', body('{"t":3}'));
    const read: Array<[string, string]> = [];
    for (let entry = spool.oldest(); entry !== undefined; entry = spool.oldest()) {
      read.push([entry.signal, (await spool.read(entry)).toString()]);
      await spool.remove(entry);
    }
    expect(read).toEqual([
      ['traces', '{"old":1}'],
      ['logs', '{"l":2}'],
      ['traces', '{"t":3}'],
    ]);
    expect(parseSpoolFileName('000000000002.logs.json')).toEqual({ seq: 2, signal: 'logs' });
    expect(parseSpoolFileName('000000000002.metrics.json')).toBeUndefined();
  });

  it('removes its directory when closed empty, and keeps it for a later run otherwise', async () => {
    const root = tempDir();
    const empty = await openSpool(path.join(root, 'empty'), 1024, log);
    await empty.close();
    const full = await openSpool(path.join(root, 'full'), 1024, log);
    await full.append('traces', body('{}'));
    await full.close();
    expect(readdirSync(root)).toEqual(['full']);
    expect(readdirSync(path.join(root, 'full'))).toEqual(['000000000001.traces.json']);
  });

  it('cannot be opened by a second owner while its owner lives', async () => {
    const dir = path.join(tempDir(), 'run');
    const spool = await openSpool(dir, 1024, log);
    await expect(openSpool(dir, 1024, log)).rejects.toBeInstanceOf(DataDirLockedError);
    await spool.close();
  });

  it('names run directories so that earlier runs sort first, and lists the others', async () => {
    const root = tempDir();
    await prepareSpoolRoot(root);
    expect(readFileSync(path.join(root, '.gitignore'), 'utf8')).toBe('*\n');
    const earlier = spoolDirName(new Date('2026-01-02T03:04:05.006Z'), 'b-run');
    const later = spoolDirName(new Date('2026-01-02T03:04:05.007Z'), 'a-run');
    expect(earlier < later).toBe(true);
    for (const name of [later, earlier, 'mine']) await (await openSpool(path.join(root, name), 1024, log)).append('traces', body('{}'));
    expect(await otherSpoolDirs(root, path.join(root, 'mine'))).toEqual([path.join(root, earlier), path.join(root, later)]);
  });
});
