import type { AttributeMap } from '../../collector/live-feed.js';

/**
 * Typed reads of feed attributes: storage keeps every value as a string
 * (ints as `"42"`, doubles as `"0.25"`); missing, empty or malformed
 * values are undefined, never NaN.
 */

export function textAttribute(attributes: AttributeMap, key: string): string | undefined {
  const value = attributes[key];
  return value === undefined || value === '' ? undefined : value;
}

export function intAttribute(attributes: AttributeMap, key: string): number | undefined {
  const value = attributes[key];
  if (value === undefined || !/^-?\d+$/.test(value)) return undefined;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : undefined;
}

export function numberAttribute(attributes: AttributeMap, key: string): number | undefined {
  const value = attributes[key];
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}
