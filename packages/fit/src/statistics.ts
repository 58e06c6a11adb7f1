// Internal: small statistics helpers, on @qqt/core's one quantile.
import { quantileSorted } from "@qqt/core";

/** Percentile interval `[q_(1−c)/2, q_(1+c)/2]` of `values` (copied and sorted). */
export function percentileInterval(values: ArrayLike<number>, confidence: number): { low: number; high: number } {
  const sorted = Float64Array.from(values).sort();
  return { low: quantileSorted(sorted, (1 - confidence) / 2), high: quantileSorted(sorted, (1 + confidence) / 2) };
}
