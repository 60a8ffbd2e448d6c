#!/usr/bin/env node
import { Command } from 'commander';
import { alertsCommand } from './commands/alerts.js';
import { assumeCommand } from './commands/assume.js';
import { auditCommand } from './commands/audit.js';
import { runCommand } from './commands/run.js';
import { statusCommand } from './commands/status.js';
import { upCommand } from './commands/up.js';
import { VERSION } from './version.js';

const program = new Command('agentfleet')
  .description('observability and control plane for fleets of coding agents')
  .version(VERSION)
  .showHelpAfterError('(add --help for usage)')
  // `run` passes everything after the agent's command on to it, options included.
  .enablePositionalOptions()
  .addCommand(upCommand())
  .addCommand(statusCommand())
  .addCommand(runCommand())
  .addCommand(assumeCommand())
  .addCommand(auditCommand())
  .addCommand(alertsCommand());

try {
  await program.parseAsync(process.argv);
} catch (error) {
  // Expected failures (a locked data dir, a refused config, a server that
  // does not answer) are one readable line, not a stack trace.
  process.stderr.write(`agentfleet: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
