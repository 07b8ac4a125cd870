/** The arithmetic mean; null for no values, so "no data" never reads as 0. */
export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

/**
 * The p-th percentile by the nearest-rank method: sort the n values ascending and take the one at rank ⌈p/100 · n⌉
 * (1-based). It is always one of the values, never an interpolation: "90% of cases took at most this many days".
 * Null for no values.
 */
export function nearestRankPercentile(values: readonly number[], p: number): number | null {
  if (!(p > 0 && p <= 100)) throw new RangeError(`A percentile must be in (0, 100]: ${p}`);
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[rank - 1] ?? null;
}

/** part / whole, or null when there is nothing to divide by. */
export const share = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);
