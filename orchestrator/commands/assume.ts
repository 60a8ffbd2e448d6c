import { existsSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { z } from 'zod';
import { ASSUMPTIONS_ROUTE } from '../../agent-shim/mcp/protocol.js';
import { postToShim, SHIM_URL_ENV } from '../../agent-shim/mcp/shim-client.js';

/** Exit code of `assume` outside an agent started by `agentfleet run` (a usage error). */
export const EXIT_NO_SHIM = 2;

const recordedSchema = z.object({ recorded: z.literal(true).optional(), subject: z.string().optional() });

interface AssumeOptions {
  about?: string;
}

/** A subject naming an existing file or directory is sent as an absolute path (the shim makes it repository-relative); anything else as written. */
function subjectOf(about: string | undefined): string | undefined {
  if (about === undefined) return undefined;
  const candidate = path.resolve(about);
  return existsSync(candidate) ? candidate : about;
}

export function assumeCommand(): Command {
  return new Command('assume')
    .description('declare an assumption your work relies on; other agents are warned when they change what it is about (run it from an agent started with `agentfleet run`)')
    .argument('<text>', 'the assumption, in one sentence')
    .option('--about <path|symbol>', 'the file, symbol or API the assumption is about')
    .action(async (text: string, options: AssumeOptions) => {
      const shimUrl = process.env[SHIM_URL_ENV];
      if (shimUrl === undefined || shimUrl === '') {
        process.stderr.write(`agentfleet assume: no agentfleet shim here (${SHIM_URL_ENV} is not set): run it from an agent started with \`agentfleet run\`\n`);
        process.exitCode = EXIT_NO_SHIM;
        return;
      }
      const about = subjectOf(options.about);
      let answer: z.infer<typeof recordedSchema>;
      try {
        answer = await postToShim(shimUrl, ASSUMPTIONS_ROUTE, about === undefined ? { text } : { text, about }, recordedSchema);
      } catch (error) {
        throw new Error(`cannot reach the agentfleet shim at ${shimUrl}: ${error instanceof Error ? error.message : String(error)}`);
      }
      // The shim answers `{}` when it could not record in time (it never holds the agent up).
      if (answer.recorded !== true) throw new Error('the agentfleet shim did not record the assumption');
      process.stdout.write(`assumption recorded${answer.subject !== undefined ? ` (about ${answer.subject})` : ''}\n`);
    });
}
