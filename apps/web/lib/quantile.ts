/**
 * The `p`-quantile of ascending-sorted values with linear interpolation between order statistics (type 7, the
 * default of R and NumPy).
 *
 * @example
 * ```ts
 * quantileSorted([1, 2, 3, 4], 0.5); // 2.5
 * ```
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  if (n === 1) return sorted[0]!;
  const h = (n - 1) * Math.min(Math.max(p, 0), 1);
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/**
 * The central interval holding `confidence` of the values (equal tails), e.g. the 2.5% and 97.5% quantiles.
 *
 * @remarks Sorts a copy; non-finite values are ignored. Returns undefined when no finite value is left.
 * @example
 * ```ts
 * centralInterval([5, 1, 4, 2, 3], 0.5); // { low: 2, high: 4 }
 * ```
 */
export function centralInterval(values: ArrayLike<number>, confidence: number): { low: number; high: number } | undefined {
  const sorted = Float64Array.from(values).filter(Number.isFinite).sort();
  if (sorted.length === 0) return undefined;
  const tail = (1 - confidence) / 2;
  return { low: quantileSorted(sorted, tail), high: quantileSorted(sorted, 1 - tail) };
}
