import { LOG_HALF_LIFE_BASE } from "./constants.js";
import { CoreError } from "./CoreError.js";

/**
 * The half-life `tau` (in repetitions) of a per-repetition decay factor `δ`, the inverse of {@link decayFactor}.
 *
 * @remarks `tau = log(1/2) / log(δ)` (paper Eq. 2), for `0 < δ < 1`.
 * @example
 * ```ts
 * halfLife(0.5); // 1
 * halfLife(decayFactor(4.2)); // 4.2 (to rounding)
 * ```
 */
export function halfLife(decay: number): number {
  if (!Number.isFinite(decay) || decay <= 0 || decay >= 1) {
    throw new CoreError("INVALID_ARGUMENT", "decay", decay, "a decay factor strictly between 0 and 1");
  }
  return LOG_HALF_LIFE_BASE / Math.log(decay);
}
