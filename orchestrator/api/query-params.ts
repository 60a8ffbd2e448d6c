import { z } from 'zod';
import { decodeCursor } from '../queries/span-cursor.js';
import { TIME_BOUND_FORMS, parseTimeBound } from '../time-bound.js';

/** Query parameters several routes share. */

/** An optional time bound (see time-bound.ts) → epoch milliseconds. */
export function timeBoundParam(description: string) {
  return z
    .string()
    .transform((text, ctx) => {
      const ms = parseTimeBound(text, Date.now());
      if (ms === undefined) {
        ctx.addIssue({ code: 'custom', message: `expected ${TIME_BOUND_FORMS}` });
        return z.NEVER;
      }
      return ms;
    })
    .optional()
    .describe(`${description}: ${TIME_BOUND_FORMS}`);
}

/** How many items a page holds. */
export function limitParam(defaultLimit: number, maxLimit: number) {
  // One message for every way to get it wrong ("abc", 2.5, 0, too many): what zod says of NaN helps nobody.
  const error = `expected a whole number from 1 to ${maxLimit}`;
  return z.coerce
    .number({ error })
    .int({ error })
    .min(1, { error })
    .max(maxLimit, { error })
    .default(defaultLimit)
    .describe(`most items to return (1–${maxLimit}, default ${defaultLimit})`);
}

/** An opaque page cursor → the span key it holds. */
export const cursorParam = z
  .string()
  .transform((text, ctx) => {
    const key = decodeCursor(text);
    if (key === undefined) {
      ctx.addIssue({ code: 'custom', message: 'not a cursor this server handed out (use nextCursor of the previous page as is)' });
      return z.NEVER;
    }
    return key;
  })
  .optional()
  .describe('`nextCursor` of the previous page, to read the next one (repeat the other parameters unchanged)');

/** A `.refine()` for an object schema whose time bounds `from` and `to` must be in order when both are given. */
export function boundsInOrder(from: string, to: string): [(query: Record<string, unknown>) => boolean, { message: string; path: string[] }] {
  return [
    (query: Record<string, unknown>) => {
      const [a, b] = [query[from], query[to]];
      return typeof a !== 'number' || typeof b !== 'number' || a < b;
    },
    { message: `${from} must be before ${to}`, path: [from] },
  ];
}

/** `a,b` → the set of those values, each one of `values`; a string saying what is wrong otherwise (the CLI parses its flags with it too). */
export function parseEnumList<T extends string>(text: string, values: readonly T[]): Set<T> | string {
  const items = text.split(',').map((item) => item.trim());
  const unknown = items.filter((item) => !(values as readonly string[]).includes(item));
  if (unknown.length > 0) return `unknown ${unknown.map((u) => `"${u}"`).join(', ')}: expected one or more of ${values.join(', ')}, separated by commas`;
  return new Set(items as T[]);
}

/** An optional comma-separated list of `values` → a set of them. */
export function enumListParam<T extends string>(values: readonly T[], description: string) {
  return z
    .string()
    .transform((text, ctx) => {
      const parsed = parseEnumList(text, values);
      if (typeof parsed === 'string') {
        ctx.addIssue({ code: 'custom', message: parsed });
        return z.NEVER;
      }
      return parsed;
    })
    .optional()
    .describe(`${description}: one or more of ${values.join(', ')}, separated by commas`);
}
