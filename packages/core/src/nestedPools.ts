import { checkPool } from "./validate.js";
import type { Bucket, CandidatePool } from "./types.js";

/**
 * The nested candidate pools of buckets ordered best-first: top-1, top-2, …, top-p.
 *
 * @remarks These are the filtering levels the paper compares (top 10%, 20%, … when each bucket is a 10% slice).
 * Each pool's id is `top-k`, its label the bucket labels (or ids) joined by ` + `.
 * @example
 * ```ts
 * nestedPools([top10, top10to20]).map((p) => p.id); // ["top-1", "top-2"]
 * ```
 */
export function nestedPools(buckets: readonly Bucket[]): CandidatePool[] {
  checkPool(buckets, "buckets");
  return buckets.map((_, k) => {
    const prefix = buckets.slice(0, k + 1);
    return {
      id: `top-${k + 1}`,
      label: prefix.map((bucket) => bucket.label ?? bucket.id).join(" + "),
      buckets: prefix,
    };
  });
}
