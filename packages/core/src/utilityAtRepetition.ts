import { LAW_DOMAIN, LOG_HALF_LIFE_BASE } from "./constants.js";
import { CoreError } from "./CoreError.js";
import { checkHalfLife, checkRepetition } from "./validate.js";

/**
 * A single bucket's utility during pass `repetition` (0-based): `b_e = b · (1/2)^(e / tau)`.
 *
 * @remarks Paper Eq. 2; `repetition` may be fractional for plotting. The first pass (`e = 0`) has utility `b`.
 * @example
 * ```ts
 * utilityAtRepetition({ b: -0.18, tau: 4 }, 4); // -0.09
 * ```
 */
export function utilityAtRepetition(bucket: { b: number; tau: number }, repetition: number): number {
  if (bucket === null || typeof bucket !== "object") {
    throw new CoreError("INVALID_ARGUMENT", "bucket", bucket, "an object { b, tau }");
  }
  if (typeof bucket.b !== "number" || !(bucket.b < 0 && bucket.b >= LAW_DOMAIN.minUtility)) {
    throw new CoreError("INVALID_ARGUMENT", "bucket.b", bucket.b, `a utility exponent in [${LAW_DOMAIN.minUtility}, 0)`);
  }
  checkHalfLife(bucket.tau, "bucket.tau");
  checkRepetition(repetition);
  return bucket.b * Math.exp((LOG_HALF_LIFE_BASE * repetition) / bucket.tau);
}
