import { afterAll } from 'vitest';
import { removeFileTempDirs } from './helpers/temp-dir.js';

// Runs after every other afterAll of the file, so servers using the directories are stopped first.
afterAll(removeFileTempDirs);
