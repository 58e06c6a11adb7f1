import { poolModel } from "./poolModel.js";
import { DEFAULT_NORMALIZER } from "./constants.js";
import { checkRepetition } from "./validate.js";
import type { Bucket, Law } from "./types.js";

/**
 * A pool's utility exponent during pass `repetition` over the pool (0-based), `b_eff(e)` of Theorem 1.
 *
 * @remarks Utility formulation (paper Eq. 4, size-weighted for unequal buckets):
 * `b_eff(e) = Σ_i (S_i/S) · b_i · (1/2)^(e / tau_hat_i)`. Effective-data formulation (`func_effective_data_aggregation`):
 * the δ-weighted mean `Σ_i S_i b_i δ_i^e / Σ_i S_i δ_i^e`. For one bucket both equal `b·δ^e` and `b`.
 * @example
 * ```ts
 * poolUtilityAtRepetition([{ id: "x", size: 1, b: -0.2, tau: 1 }, { id: "y", size: 1, b: -0.1, tau: 1 }], 2);
 * // -0.075  (= (−0.2 − 0.1)/2 · (1/2)^(2/2))
 * ```
 */
export function poolUtilityAtRepetition(pool: readonly Bucket[], repetition: number, law?: Law): number {
  checkRepetition(repetition);
  return poolModel(pool, { a: 1, d: 0, normalizer: DEFAULT_NORMALIZER }, law).utilityAt(repetition);
}
