import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { benchAuditQueries } from './alerts-audit.js';
import { benchIntentAlerts } from './alerts-intent.js';
import { benchMergePrediction } from './alerts-merge.js';
import { formatBenchPart, type BenchPart } from './bench-part.js';

/**
 * `bench/alerts`: the collision engine's costs (issue 4) — merge-conflict
 * prediction for 10 agents × 200 changed files (alerts-merge.ts), audit
 * queries over 10 million stored spans (alerts-audit.ts), and intent →
 * alert on the live stream through `agentfleet up` (alerts-intent.ts),
 * each next to a baseline measured in the same run, with the issue's
 * targets met or not. Each part also prints the machine's load average:
 * latencies on a shared 2-core machine move with it.
 */
const PARTS: ReadonlyArray<() => Promise<BenchPart>> = [benchMergePrediction, benchAuditQueries, benchIntentAlerts];

export async function main(): Promise<void> {
  for (const part of PARTS) {
    const loadAtStart = os.loadavg()[0]!;
    const result = await part();
    const load = `1-minute load average ${loadAtStart.toFixed(1)} at start, ${os.loadavg()[0]!.toFixed(1)} at end (${os.cpus().length} cores)`;
    process.stdout.write(formatBenchPart({ ...result, notes: [...result.notes, load] }) + '\n\n');
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) await main();
