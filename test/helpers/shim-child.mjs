// `agentfleet run` with shim settings its flags do not expose (a heartbeat
// every few hundred milliseconds, say): runAgent from the compiled dist/
// (built by the test global setup), in this process's cwd, exiting as the
// agent did — what `agentfleet run` itself does after parsing its flags.
// Usage: node shim-child.mjs '<ShimConfig fields as JSON>' <agent name> <task> <command> [args…]
import { defaultShimConfig } from '../../dist/agent-shim/config.js';
import { runAgent } from '../../dist/agent-shim/run-agent.js';
import { exitLike } from '../../dist/agent-shim/signals.js';
import { createLogger } from '../../dist/orchestrator/log.js';

const [settings, agentName, task, command, ...args] = process.argv.slice(2);
const exit = await runAgent({
  agentName,
  task,
  kind: undefined,
  fleetId: 'default',
  command,
  args,
  config: { ...defaultShimConfig(), ...JSON.parse(settings) },
  log: createLogger('warn'),
});
exitLike(exit);
