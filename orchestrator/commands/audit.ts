import path from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { formatAudit } from '../audit-format.js';
import { collectAudit } from '../audit-report.js';
import { dataDirOption, parsePositiveInt, tokenOption } from '../cli-options.js';
import { AUDIT_DEFAULT_LIMIT } from '../routes/audit.js';
import { TIME_BOUND_FORMS, parseTimeBound } from '../time-bound.js';

interface AuditOptions {
  agent?: string;
  session?: string;
  file?: string;
  since?: number;
  until?: number;
  limit: number;
  dataDir: string;
  server?: string;
  token?: string;
  storage: string;
  json?: boolean;
}

function parseTime(value: string): number {
  const ms = parseTimeBound(value, Date.now());
  if (ms === undefined) throw new InvalidArgumentError(`expected ${TIME_BOUND_FORMS}`);
  return ms;
}

export function auditCommand(): Command {
  return new Command('audit')
    .description('what an agent, a session or a file went through: sessions, files with +/- lines, commands with exit codes, assumptions, tool calls, alerts, tokens and cost')
    .addOption(new Option('--agent <name>', 'audit this agent (its service.name)').conflicts(['session', 'file']))
    .addOption(new Option('--session <id>', 'audit this session (service.instance.id of one agentfleet run)').conflicts(['agent', 'file']))
    .addOption(new Option('--file <path>', 'audit this repository-relative path').conflicts(['agent', 'session']))
    .addOption(new Option('--since <time>', `from this time: ${TIME_BOUND_FORMS}`).argParser(parseTime))
    .addOption(new Option('--until <time>', 'up to this time (same forms)').argParser(parseTime))
    .addOption(new Option('--limit <n>', 'most items per section').default(AUDIT_DEFAULT_LIMIT).argParser(parsePositiveInt))
    .addOption(dataDirOption())
    .addOption(new Option('--server <url>', 'control plane URL of a running server (default: the one recorded in the data directory)').env('AGENTFLEET_CONTROL_PLANE'))
    .addOption(tokenOption('bearer token of that server'))
    .addOption(new Option('--storage <url>', 'storage to open when no server is running').env('AGENTFLEET_STORAGE').default('chdb'))
    .option('--json', 'the API response (GET /api/v1/audit) as JSON')
    .action(async (options: AuditOptions, command: Command) => {
      if (options.agent === undefined && options.session === undefined && options.file === undefined) command.error('error: give one of --agent, --session, --file', { exitCode: 2 });
      if (options.since !== undefined && options.until !== undefined && options.since >= options.until) command.error('error: --since must be before --until', { exitCode: 2 });
      const report = await collectAudit({
        dataDir: path.resolve(options.dataDir),
        server: options.server,
        token: options.token,
        storage: options.storage,
        filter: { agent: options.agent ?? null, session: options.session ?? null, file: options.file ?? null, sinceMs: options.since ?? null, untilMs: options.until ?? null },
        limit: options.limit,
      });
      process.stdout.write(options.json ? JSON.stringify(report, null, 2) + '\n' : formatAudit(report));
    });
}
