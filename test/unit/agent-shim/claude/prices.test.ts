import { describe, expect, it } from 'vitest';
import { turnCostUsd } from '../../../../agent-shim/claude/prices.js';

const tokens = { inputTokens: 1_000_000, outputTokens: 1_000_000, cacheReadInputTokens: 1_000_000, cacheCreationInputTokens: 1_000_000 };

describe('turn cost', () => {
  it('prices input, output, cache reads (a tenth) and cache writes (1.25×) of a known model', () => {
    expect(turnCostUsd('claude-sonnet-4-5-20250929', tokens)).toBeCloseTo(3 + 15 + 0.3 + 3.75, 9);
  });

  it('matches the most specific model id first', () => {
    expect(turnCostUsd('claude-opus-4-5', { ...tokens, outputTokens: 0, cacheReadInputTokens: 0, cacheCreationInputTokens: 0 })).toBe(5);
    expect(turnCostUsd('claude-opus-4-20250514', { ...tokens, outputTokens: 0, cacheReadInputTokens: 0, cacheCreationInputTokens: 0 })).toBe(15);
  });

  it('has no cost for a model it does not know', () => {
    expect(turnCostUsd('claude-opus-5-5', tokens)).toBeUndefined();
  });
});
