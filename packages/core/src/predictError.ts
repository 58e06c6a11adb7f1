import { poolModel } from "./poolModel.js";
import { checkSamplesSeen } from "./validate.js";
import type { Bucket, Law, TaskParams } from "./types.js";
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- for the TSDoc links
import type { CoreError } from "./CoreError.js";
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- for the TSDoc links
import type { LAW_DOMAIN } from "./constants.js";

/**
 * Predicted error of a model trained for `samplesSeen` samples on a pool of one or more buckets.
 *
 * @remarks Paper Eq. 3 for one bucket and Theorem 1 (Eq. 4) for a mixture:
 * `y = (a·min(n,S)/N)^{b_eff(0)} · Π_{e=1..K} (min((e+1)S, n) / (eS))^{b_eff(e)} + d` with `S = Σ S_i`,
 * `K = floor(n/S)`, `b_eff(e) = Σ_i (S_i/S)·b_i·(1/2)^{e·S_i/(S·tau_i)}`. Variant `reference` puts `d` inside the
 * product (official `func_effective_utility`); formulation `effective-data` follows `func_effective_data`.
 * Unequal bucket sizes use the size-weighted extension of Theorem 1 (`docs/unequal-bucket-sizes.md`).
 * At `n = 0` the `paper` variant diverges and throws a `NOT_FINITE` {@link CoreError}; `reference` returns `d`, as
 * the official code does. Where the exact value exceeds the largest double (parameters far outside any fit) it
 * throws `NOT_FINITE` too: it never returns NaN or Infinity. Arguments outside {@link LAW_DOMAIN} are refused.
 * For many budgets use {@link predictCurve} or {@link poolModel}.
 * @example
 * ```ts
 * const top10 = { id: "top0-10", size: 12.8e6, b: -0.18, tau: 4.363636363636363 };
 * predictError([top10], { a: 0.022, d: 0.1 }, 32e6, { variant: "reference" }); // 0.811987…
 * ```
 */
export function predictError(pool: readonly Bucket[], task: TaskParams, samplesSeen: number, law?: Law): number {
  checkSamplesSeen(samplesSeen);
  return poolModel(pool, task, law).errorAt(samplesSeen);
}
