/**
 * Anthropic list prices in US dollars per million tokens (anthropic.com
 * pricing, 2025). Models are matched by id prefix, longest first, so dated
 * ids (`claude-sonnet-4-5-20250929`) and aliases (`claude-sonnet-4-5`) both
 * resolve; a model not listed has no cost rather than a guessed one.
 * Prompt-cache reads cost a tenth of the input price, cache writes (5-minute
 * cache) 1.25 times it.
 */
interface ModelPrice {
  readonly inputUsdPerMTok: number;
  readonly outputUsdPerMTok: number;
}

const PRICES: ReadonlyArray<readonly [prefix: string, price: ModelPrice]> = (
  [
    ['claude-opus-4-5', { inputUsdPerMTok: 5, outputUsdPerMTok: 25 }],
    ['claude-opus-4-1', { inputUsdPerMTok: 15, outputUsdPerMTok: 75 }],
    ['claude-opus-4', { inputUsdPerMTok: 15, outputUsdPerMTok: 75 }],
    ['claude-sonnet-4-5', { inputUsdPerMTok: 3, outputUsdPerMTok: 15 }],
    ['claude-sonnet-4', { inputUsdPerMTok: 3, outputUsdPerMTok: 15 }],
    ['claude-3-7-sonnet', { inputUsdPerMTok: 3, outputUsdPerMTok: 15 }],
    ['claude-haiku-4-5', { inputUsdPerMTok: 1, outputUsdPerMTok: 5 }],
    ['claude-3-5-haiku', { inputUsdPerMTok: 0.8, outputUsdPerMTok: 4 }],
  ] as const
).toSorted((a, b) => b[0].length - a[0].length);

const CACHE_READ_PRICE_RATIO = 0.1;
const CACHE_WRITE_PRICE_RATIO = 1.25;

/** Tokens of one model turn, as the Anthropic API reports them (input excludes both cache counts). */
export interface TurnTokens {
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly cacheReadInputTokens: number;
  readonly cacheCreationInputTokens: number;
}

/** Cost of one turn in US dollars, or undefined when the model is not in the table. */
export function turnCostUsd(model: string, tokens: TurnTokens): number | undefined {
  const price = PRICES.find(([prefix]) => model.startsWith(prefix))?.[1];
  if (price === undefined) return undefined;
  const inputUsd = price.inputUsdPerMTok / 1e6;
  return (
    tokens.inputTokens * inputUsd +
    tokens.cacheReadInputTokens * inputUsd * CACHE_READ_PRICE_RATIO +
    tokens.cacheCreationInputTokens * inputUsd * CACHE_WRITE_PRICE_RATIO +
    tokens.outputTokens * (price.outputUsdPerMTok / 1e6)
  );
}
