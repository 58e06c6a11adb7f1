import { HALF_LIFE_BASE } from "./constants.js";
import { checkHalfLife } from "./validate.js";

/**
 * The per-repetition utility decay factor `δ = (1/2)^(1/tau)` of a half-life `tau`.
 *
 * @remarks Paper Eq. 2: in pass `e` (0-based) the utility is `b·δ^e`; after `tau` passes it has halved.
 * @example
 * ```ts
 * decayFactor(1); // 0.5
 * decayFactor(2); // 0.7071067811865476
 * ```
 */
export function decayFactor(tau: number): number {
  checkHalfLife(tau);
  return HALF_LIFE_BASE ** (1 / tau);
}
