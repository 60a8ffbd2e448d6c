#!/usr/bin/env node
// chdb ships its engine as one optional package per platform
// (@chdb/lib-<os>-<cpu>[-<libc>]). A registry that serves only some of them
// (this project's registry has linux-x64 alone) leaves the others out of
// package-lock.json, and then `npm ci` refuses the lock as out of sync. This
// script records the missing ones as optional, platform-bound entries, which
// `npm ci` skips on other platforms without fetching them. Run it after any
// `npm install` that rewrote the lock; `npm test` checks that it was.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const lockPath = `${root}/package-lock.json`;
const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
const chdb = lock.packages['node_modules/chdb'];
if (!chdb) throw new Error('package-lock.json has no chdb entry: run npm install first');

/** `@chdb/lib-linux-arm64-gnu` → { os: ['linux'], cpu: ['arm64'], libc: ['glibc'] }. */
function platformOf(name) {
  const match = /^@chdb\/lib-([a-z0-9]+)-([a-z0-9]+)(?:-(gnu|musl))?$/.exec(name);
  if (!match) throw new Error(`unexpected chdb platform package name ${name}`);
  const [, os, cpu, libc] = match;
  return { os: [os], cpu: [cpu], ...(libc ? { libc: [libc === 'gnu' ? 'glibc' : 'musl'] } : {}) };
}

let added = 0;
for (const [name, version] of Object.entries(chdb.optionalDependencies ?? {})) {
  const key = `node_modules/${name}`;
  if (lock.packages[key]) continue;
  lock.packages[key] = { version, license: chdb.license, optional: true, ...platformOf(name) };
  added++;
}
if (added > 0) {
  lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
  writeFileSync(lockPath, JSON.stringify(lock, null, 2) + '\n');
}
process.stdout.write(`package-lock.json: ${added} chdb platform package(s) added\n`);
