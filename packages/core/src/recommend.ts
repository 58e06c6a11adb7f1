import { nestedPools } from "./nestedPools.js";
import { compileCandidates } from "./compileCandidates.js";
import { recommendWith } from "./recommendPools.js";
import type { Bucket, Law, Recommendation, TaskParams } from "./types.js";

/**
 * The best filtering level at each budget: which top-k prefix of the buckets (ordered best-first) to train on.
 *
 * @remarks The candidates are the nested pools top-1 … top-p ({@link nestedPools}); each is evaluated with the
 * mixture law (Theorem 1). `best` is `k` (1-based), `errors[k-1]` the error of top-k; ties go to the smaller pool.
 * With the paper's T-MARS parameters the answer moves from top 10% at 32M samples to top 30% at 640M.
 * @example
 * ```ts
 * recommend(tmarsBuckets, { a: 0.022, d: 0.1 }, [32e6, 64e6, 128e6, 640e6], { variant: "reference" })
 *   .map((r) => r.best); // [1, 2, 2, 3]
 * ```
 */
export function recommend(
  buckets: readonly Bucket[],
  task: TaskParams,
  budgets: readonly number[],
  law?: Law,
): Recommendation[] {
  const models = compileCandidates(nestedPools(buckets), task, law);
  return recommendWith(models, budgets).map((r) => ({
    budget: r.budget,
    best: r.best + 1,
    errors: r.errors,
    runnerUp: r.runnerUp === undefined ? undefined : r.runnerUp + 1,
    margin: r.margin,
  }));
}
