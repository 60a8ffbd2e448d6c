import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../orchestrator/server.js';
import { ATTR_AGENTFLEET_ASSUMPTION_TEXT, ATTR_AGENTFLEET_TASK, SPAN_ASSUMPTION, invokeAgentSpanName } from '../../semconv/index.js';
import { CLI, makeGitRepo, startAgentfleet, waitFor } from '../helpers/shim-cli.js';
import { storedRows, storedSpans, type StoredSpan } from '../helpers/stored-spans.js';
import { startTestServer } from '../helpers/test-server.js';
import { tempDir } from '../helpers/temp-dir.js';

/**
 * `agentfleet run` takes the redaction flags of `agentfleet up` and applies
 * them in the shim. The collector here redacts nothing, so what is stored
 * is what the shim sent.
 */

const GITHUB_TOKEN = 'ghp_ACd4g4LjrRlHnSGZbsEYvAm6HwNwyI9SZuL5';
const OTHER_GITHUB_TOKEN = 'ghp_Zq8vmR2pLx7Zq8vmR2pLx7Zq8vmR2pLx7abc';
const ACME_TOKEN = 'acme_4f2c9e1b7d3a8c6e';
const ACME_DENY = 'acme-token=acme_[0-9a-f]{16}';

describe('agentfleet run with the redaction flags', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startTestServer(tempDir(), { collectorRedaction: false });
  });
  afterAll(() => server?.shutdown());

  /** `agentfleet run --task TASK <flags> -- sh -c 'agentfleet assume "$TEXT"'` (which must succeed); resolves with what was stored of it. */
  async function assume(agent: string, flags: readonly string[], task: string, text: string, env: Record<string, string> = {}): Promise<{ spans: StoredSpan[]; stored: string }> {
    const repo = tempDir();
    makeGitRepo(repo, { 'README.md': '# demo\n' });
    const result = await startAgentfleet(
      ['run', '--agent', agent, '--server', server.otlpUrl, '--spool-dir', tempDir(), '--task', task, ...flags, '--', 'sh', '-c', 'node "$CLI" assume "$TEXT"'],
      { cwd: repo, env: { CLI, TEXT: text, ...env } },
    ).result;
    expect(result.code, `agentfleet run ${agent}: ${result.stderr}`).toBe(0);
    await waitFor(`the session span of ${agent}`, async () => ((await storedSpans(server.storage, agent)).some((s) => s.SpanName === invokeAgentSpanName(agent)) ? true : undefined));
    return { spans: await storedSpans(server.storage, agent), stored: JSON.stringify(await storedRows(server.storage, agent)) };
  }
  const assumptionText = (spans: readonly StoredSpan[]) => spans.find((s) => s.SpanName === SPAN_ASSUMPTION)?.SpanAttributes[ATTR_AGENTFLEET_ASSUMPTION_TEXT];
  const task = (spans: readonly StoredSpan[]) => spans.find((s) => s.SpanName === invokeAgentSpanName(s.ResourceAttributes['service.name']!))?.SpanAttributes[ATTR_AGENTFLEET_TASK];

  it('redacts with the built-in patterns by default, before anything leaves the shim', async () => {
    const { spans, stored } = await assume('red-default', [], `rotate ${GITHUB_TOKEN}`, `CI reads GITHUB_TOKEN=${GITHUB_TOKEN}`);
    expect(assumptionText(spans)).toBe('CI reads GITHUB_TOKEN=[REDACTED:github-token]');
    expect(task(spans)).toBe('rotate [REDACTED:github-token]');
    expect(stored).not.toContain(GITHUB_TOKEN);
  });

  it('adds --redaction-deny patterns (flag or AGENTFLEET_REDACTION_DENY) to the built-in ones', async () => {
    const [byFlag, byEnv] = await Promise.all([
      assume('red-deny-flag', ['--redaction-deny', ACME_DENY], `use ${ACME_TOKEN}`, `the ${ACME_TOKEN} key and ${GITHUB_TOKEN} stay valid`),
      assume('red-deny-env', [], `use ${ACME_TOKEN}`, `the ${ACME_TOKEN} key and ${GITHUB_TOKEN} stay valid`, { AGENTFLEET_REDACTION_DENY: ACME_DENY }),
    ]);
    for (const { spans, stored } of [byFlag, byEnv]) {
      expect(assumptionText(spans)).toBe('the [REDACTED:acme-token] key and [REDACTED:github-token] stay valid');
      expect(task(spans)).toBe('use [REDACTED:acme-token]');
      expect(stored).not.toContain(ACME_TOKEN);
    }
  });

  it('reads --redaction-config and --redaction-allow: allowed secrets are kept, deny patterns with keywords applied', async () => {
    const config = path.join(tempDir(), 'redaction.json');
    writeFileSync(config, JSON.stringify({ deny: [{ name: 'acme-token', regex: 'acme_[0-9a-f]{16}', keywords: ['acme_'] }], allowLiterals: [OTHER_GITHUB_TOKEN] }));
    const allowed = 'ghp_[A-Za-z0-9]{36}';
    const [fromFile, allowedByFlag] = await Promise.all([
      assume('red-config', ['--redaction-config', config], 'config', `${ACME_TOKEN} ${GITHUB_TOKEN} ${OTHER_GITHUB_TOKEN}`),
      assume('red-allow', ['--redaction-allow', allowed], 'allow', `${ACME_TOKEN} ${GITHUB_TOKEN}`),
    ]);
    expect(assumptionText(fromFile.spans)).toBe(`[REDACTED:acme-token] [REDACTED:github-token] ${OTHER_GITHUB_TOKEN}`);
    expect(assumptionText(allowedByFlag.spans)).toBe(`${ACME_TOKEN} ${GITHUB_TOKEN}`);
  });

  it('sends agent data as it is with --redaction off or --no-redaction', async () => {
    const runs = await Promise.all([
      assume('red-off', ['--redaction', 'off'], `rotate ${GITHUB_TOKEN}`, `CI reads GITHUB_TOKEN=${GITHUB_TOKEN}`),
      assume('red-no', ['--no-redaction'], `rotate ${GITHUB_TOKEN}`, `CI reads GITHUB_TOKEN=${GITHUB_TOKEN}`),
    ]);
    for (const { spans, stored } of runs) {
      expect(assumptionText(spans)).toBe(`CI reads GITHUB_TOKEN=${GITHUB_TOKEN}`);
      expect(task(spans)).toBe(`rotate ${GITHUB_TOKEN}`);
      expect(stored).not.toContain('[REDACTED:');
    }
  });

  it('refuses an invalid redaction setting before starting the agent, with exit code 1', async () => {
    const marker = path.join(tempDir(), 'ran');
    const result = await startAgentfleet(
      ['run', '--agent', 'red-bad', '--server', server.otlpUrl, '--spool-dir', tempDir(), '--redaction-deny', 'Bad Name=x+', '--', 'sh', '-c', `touch ${marker}`],
      { cwd: tempDir() },
    ).result;
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^agentfleet: .*redaction\.deny\[0\]\.name/m);
    expect(existsSync(marker)).toBe(false);
  });

  it('documents the redaction flags in run --help', async () => {
    const help = await startAgentfleet(['run', '--help'], { cwd: tempDir() }).result;
    for (const text of ['--redaction <mode>', '--no-redaction', '--redaction-config', '--redaction-allow', '--redaction-deny', '--redaction-entropy', 'AGENTFLEET_REDACTION']) expect(help.stdout).toContain(text);
  });
});
