import { poolModel } from "./poolModel.js";
import type { Bucket, Law, TaskParams } from "./types.js";

/**
 * Predicted error of one pool at many budgets, in O(K_max + budgets) time.
 *
 * @remarks Same law as {@link predictError}; the repetition sum of paper Eq. 3 is built once as a log-space prefix
 * table (up to the epoch where its tail is below {@link TAIL_TOLERANCE}), then each budget costs O(1). Budgets may
 * come in any order; the result keeps their order.
 * @example
 * ```ts
 * predictCurve([top10], { a: 0.022, d: 0.1 }, [32e6, 128e6], { variant: "reference" });
 * // Float64Array [0.811987…, 0.719275…]
 * ```
 */
export function predictCurve(
  pool: readonly Bucket[],
  task: TaskParams,
  samplesSeen: ArrayLike<number>,
  law?: Law,
): Float64Array {
  return poolModel(pool, task, law).curve(samplesSeen);
}
