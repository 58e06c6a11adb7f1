/**
 * The `q`-quantile of ascending values, interpolating linearly between order statistics (type 7, the default of
 * NumPy and R): the one quantile of qqt.
 *
 * @remarks With `n` values, `h = (n − 1)·q` and the result is `x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋])`. `q` is
 * clamped to [0, 1]; an empty input gives `NaN` (callers check for draws first).
 * @example
 * ```ts
 * quantileSorted([1, 2, 3, 4], 0.5); // 2.5
 * quantileSorted([1, 2, 3, 4], 0.25); // 1.75
 * ```
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * Math.min(Math.max(q, 0), 1);
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  const x = sorted[lo] as number;
  return x + (h - lo) * ((sorted[hi] as number) - x);
}

/**
 * The equal-tailed percentile interval of some values at a confidence level, with their median.
 *
 * @remarks `low = q((1 − c)/2)`, `high = q((1 + c)/2)` by {@link quantileSorted} of a sorted copy; non-finite
 * values are left out. `undefined` when no finite value is left.
 * @example
 * ```ts
 * percentileInterval([5, 1, 4, 2, 3], 0.5); // { low: 2, median: 3, high: 4 }
 * ```
 */
export function percentileInterval(
  values: ArrayLike<number>,
  confidence: number,
):
  | {
      /** The `(1 − confidence)/2` quantile. */
      low: number;
      /** The median. */
      median: number;
      /** The `(1 + confidence)/2` quantile. */
      high: number;
    }
  | undefined {
  const sorted = Float64Array.from(values).filter(Number.isFinite).sort();
  if (sorted.length === 0) return undefined;
  return {
    low: quantileSorted(sorted, (1 - confidence) / 2),
    median: quantileSorted(sorted, 0.5),
    high: quantileSorted(sorted, (1 + confidence) / 2),
  };
}
