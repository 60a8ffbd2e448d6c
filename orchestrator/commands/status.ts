import path from 'node:path';
import { Command, Option } from 'commander';
import { dataDirOption, tokenOption } from '../cli-options.js';
import { collectStatus } from '../status-report.js';
import { formatStatus } from '../status-format.js';

interface StatusOptions {
  dataDir: string;
  server?: string;
  token?: string;
  storage: string;
  json?: boolean;
}

export function statusCommand(): Command {
  return new Command('status')
    .description('the fleet (each agent: status, current tool, unmerged files; open alerts by kind), then spans and logs stored, ingest lag, write-ahead-log depth and size on disk')
    .addOption(dataDirOption())
    .addOption(new Option('--server <url>', 'control plane URL of a running server (default: the one recorded in the data directory)').env('AGENTFLEET_CONTROL_PLANE'))
    .addOption(tokenOption('bearer token of that server'))
    .addOption(new Option('--storage <url>', 'storage to open when no server is running').env('AGENTFLEET_STORAGE').default('chdb'))
    .option('--json', 'machine-readable output')
    .action(async (options: StatusOptions) => {
      const report = await collectStatus({ dataDir: path.resolve(options.dataDir), server: options.server, token: options.token, storage: options.storage });
      process.stdout.write(options.json ? JSON.stringify(report, null, 2) + '\n' : formatStatus(report));
    });
}
