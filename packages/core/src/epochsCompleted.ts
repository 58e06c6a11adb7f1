import { checkSamplesSeen } from "./validate.js";
import { CoreError } from "./CoreError.js";

/**
 * Number of complete passes `K = floor(n / S)` over a pool of `S` unique samples after `n` samples seen.
 *
 * @remarks Exact for floating-point inputs: the quotient is corrected so that `K·S ≤ n < (K+1)·S`, like
 * Python's `n // S` in the official code. Spec §3.
 * @example
 * ```ts
 * epochsCompleted(32e6, 12.8e6); // 2
 * epochsCompleted(25.6e6, 12.8e6); // 2 (an exact multiple: the third segment is empty)
 * ```
 */
export function epochsCompleted(samplesSeen: number, poolSize: number): number {
  checkSamplesSeen(samplesSeen);
  if (!Number.isFinite(poolSize) || poolSize <= 0) {
    throw new CoreError("INVALID_ARGUMENT", "poolSize", poolSize, "a finite number of unique samples > 0");
  }
  const passes = floorPasses(samplesSeen, poolSize);
  if (passes === Infinity) {
    throw new CoreError("NOT_FINITE", "poolSize", poolSize, `${samplesSeen} samples seen make more passes than a double holds`);
  }
  return passes;
}

/** Unchecked `floor(n / S)` with the correction; internal hot-path version of {@link epochsCompleted}. */
export function floorPasses(n: number, size: number): number {
  let k = Math.floor(n / size);
  if (k * size > n) k -= 1;
  else if ((k + 1) * size <= n) k += 1;
  return k;
}
