import { poolModel } from "./poolModel.js";
import type { Bucket, Law, TaskParams } from "./types.js";

/**
 * The error a pool approaches under unlimited repetition, `lim_{n→∞} y(n)`.
 *
 * @remarks Because every bucket's utility halves every `tau_hat_i` passes, the repetition series of paper Eq. 3
 * converges: `y_∞ = (a·S/N)^{b_eff(0)} · exp(Σ_{e≥1} b_eff(e)·log(1 + 1/e)) + d` (utility, `paper`). It is the
 * best this pool can ever reach, whatever the compute; it is larger than `d`.
 * @example
 * ```ts
 * limitingError([top10], { a: 0.022, d: 0.1 }, { variant: "reference" }); // 0.707…
 * ```
 */
export function limitingError(pool: readonly Bucket[], task: TaskParams, law?: Law): number {
  return poolModel(pool, task, law).limitingError();
}
