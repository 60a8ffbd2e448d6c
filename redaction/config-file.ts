import { z } from 'zod';
import { defaultRedactionConfig, validateRedactionConfig, type RedactionConfig } from './config.js';

/** The JSON form of `RedactionConfig`: every field optional, unknown fields refused (a typo must not silently switch nothing). */
const redactionConfigSchema = z.strictObject({
  enabled: z.boolean().optional(),
  deny: z
    .array(
      z.strictObject({
        name: z.string(),
        regex: z.string(),
        flags: z.string().optional(),
        keywords: z.array(z.string()).optional(),
      }),
    )
    .optional(),
  allowPatterns: z.array(z.string()).optional(),
  allowLiterals: z.array(z.string()).optional(),
  disabledPatterns: z.array(z.string()).optional(),
  entropy: z
    .strictObject({ enabled: z.boolean().optional(), minLength: z.number().optional(), maxBitsBelowRandom: z.number().optional() })
    .optional(),
});

/**
 * A configuration from JSON (e.g. the file given to `--redaction-config`):
 * fields it sets replace those of `base`, the rest stay. Throws with the
 * offending path when the JSON has the wrong shape or an invalid regex.
 */
export function parseRedactionConfig(json: unknown, base: RedactionConfig = defaultRedactionConfig()): RedactionConfig {
  const parsed = redactionConfigSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`redaction config: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  const { entropy, ...rest } = parsed.data;
  const defined = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
  return validateRedactionConfig({ ...base, ...defined(rest), entropy: { ...base.entropy, ...defined(entropy ?? {}) } });
}
