// Internal: small statistics helpers.

/** The `q`-quantile of ascending `sorted` values with linear interpolation (numpy's default, "type 7"). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  const x = sorted[lo] as number;
  return x + (h - lo) * ((sorted[hi] as number) - x);
}

/** Percentile interval `[q_(1−c)/2, q_(1+c)/2]` of `values` (copied and sorted). */
export function percentileInterval(values: ArrayLike<number>, confidence: number): { low: number; high: number } {
  const sorted = Float64Array.from(values).sort();
  return { low: quantileSorted(sorted, (1 - confidence) / 2), high: quantileSorted(sorted, (1 + confidence) / 2) };
}
