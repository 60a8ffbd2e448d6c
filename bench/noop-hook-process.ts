import { startNoopHookServer } from './shim-hooks.js';

/**
 * The no-op hook server in a process of its own (bench/shim-replay.ts): a
 * replayed hook then crosses processes as it does from Claude Code to the
 * shim, so the two round trips compare. Prints its URL, serves until its
 * stdin closes.
 */
const server = await startNoopHookServer();
process.stdout.write(`${server.url}\n`);
process.stdin.resume();
process.stdin.on('end', () => void server.close().then(() => process.exit(0)));
