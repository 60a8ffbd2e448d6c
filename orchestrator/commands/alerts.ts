import path from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { formatAlertList } from '../alerts-format.js';
import { collectAlerts, type AlertsQuery } from '../alerts-report.js';
import { watchAlerts } from '../alerts-watch.js';
import { parseEnumList } from '../api/query-params.js';
import { dataDirOption, parsePositiveInt, tokenOption } from '../cli-options.js';
import { ALERT_KINDS, ALERT_SEVERITIES } from '../collisions/alert.js';
import { ALERT_STATE_CHOICES } from '../collisions/alert-filter.js';
import { ALERTS_DEFAULT_LIMIT, ALERTS_MAX_LIMIT } from '../routes/alerts.js';
import { readServerInfo } from '../server-info.js';
import { TIME_BOUND_FORMS, parseTimeBound } from '../time-bound.js';

interface AlertsOptions {
  state?: AlertsQuery['state'];
  kind?: AlertsQuery['kind'];
  severity?: AlertsQuery['severity'];
  agent?: string;
  file?: string;
  since?: number;
  limit: number;
  watch?: boolean;
  json?: boolean;
  dataDir: string;
  server?: string;
  token?: string;
  storage: string;
}

/** A commander parser for a comma-separated list of `values` (the API's own parser, so both refuse the same). */
function enumList<T extends string>(values: readonly T[]): (text: string) => Set<T> {
  return (text) => {
    const parsed = parseEnumList(text, values);
    if (typeof parsed === 'string') throw new InvalidArgumentError(parsed);
    return parsed;
  };
}

function parseTime(value: string): number {
  const ms = parseTimeBound(value, Date.now());
  if (ms === undefined) throw new InvalidArgumentError(`expected ${TIME_BOUND_FORMS}`);
  return ms;
}

function parseLimit(value: string): number {
  const n = parsePositiveInt(value);
  if (n > ALERTS_MAX_LIMIT) throw new InvalidArgumentError(`expected at most ${ALERTS_MAX_LIMIT}`);
  return n;
}

export function alertsCommand(): Command {
  return new Command('alerts')
    .description('collision alerts (overlap, intent, merge_conflict, dependency, assumption), newest change first; --watch follows them live')
    .addOption(new Option('--state <states>', `only these states, comma-separated: ${ALERT_STATE_CHOICES.join(', ')} (default: open,acknowledged)`).argParser(enumList(ALERT_STATE_CHOICES)))
    .addOption(new Option('--kind <kinds>', `only these kinds, comma-separated: ${ALERT_KINDS.join(', ')}`).argParser(enumList(ALERT_KINDS)))
    .addOption(new Option('--severity <severities>', `only these severities, comma-separated: ${ALERT_SEVERITIES.join(', ')}`).argParser(enumList(ALERT_SEVERITIES)))
    .option('--agent <name>', 'only alerts with this agent among the parties')
    .option('--file <path>', 'only alerts about this repository-relative path')
    .addOption(new Option('--since <time>', `only alerts that changed since: ${TIME_BOUND_FORMS}`).argParser(parseTime))
    .addOption(new Option('--limit <n>', `most alerts to list (at most ${ALERTS_MAX_LIMIT})`).default(ALERTS_DEFAULT_LIMIT).argParser(parseLimit))
    .option('--watch', 'after the list, print a line for every change as it happens (needs a running server; Ctrl-C ends it)')
    .option('--json', 'the API response (GET /api/v1/alerts) as JSON; with --watch one {"change","alert"} document per line')
    .addOption(dataDirOption())
    .addOption(new Option('--server <url>', 'control plane URL of a running server (default: the one recorded in the data directory)').env('AGENTFLEET_CONTROL_PLANE'))
    .addOption(tokenOption('bearer token of that server'))
    .addOption(new Option('--storage <url>', 'storage to open when no server is running').env('AGENTFLEET_STORAGE').default('chdb'))
    .action(async (options: AlertsOptions, command: Command) => {
      const dataDir = path.resolve(options.dataDir);
      const server = options.server ?? (await readServerInfo(dataDir))?.controlPlaneUrl;
      const query: AlertsQuery = {
        kind: options.kind,
        state: options.state,
        severity: options.severity,
        agent: options.agent,
        file: options.file,
        since: options.since,
        limit: options.limit,
      };
      if (options.watch) {
        if (server === undefined) command.error(`error: --watch follows a running server: none found for ${dataDir} (start agentfleet up, or give --server)`, { exitCode: 2 });
        const write = (line: string) => void process.stdout.write(`${line}\n`);
        const note = (line: string) => void process.stderr.write(`${line}\n`);
        // Ctrl-C (or a TERM) ends the watch cleanly: what was printed is flushed and the exit code is 0.
        const stop = new AbortController();
        for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => stop.abort());
        await watchAlerts({ server, token: options.token, query, json: options.json ?? false, write, note, signal: stop.signal });
        return;
      }
      const list = await collectAlerts({ dataDir, server, token: options.token, storage: options.storage, query });
      process.stdout.write(options.json ? JSON.stringify(list, null, 2) + '\n' : formatAlertList(list, query));
    });
}
