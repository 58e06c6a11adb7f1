import { checkPool } from "./validate.js";
import type { Bucket } from "./types.js";

/**
 * Each bucket's half-life inside a pool, in passes over the whole pool: `tau_hat_i = (Σ_j S_j / S_i) · tau_i`.
 *
 * @remarks Theorem 1 of the paper: in a pool of `p` equal-size buckets sampled uniformly, each bucket's half-life
 * measured in passes over the pool becomes `p · tau_i`. The size-weighted form for unequal buckets is qqt's
 * extension of the theorem (`docs/unequal-bucket-sizes.md`); for equal sizes it is the theorem exactly.
 * @example
 * ```ts
 * poolHalfLives([{ id: "x", size: 1, b: -0.1, tau: 2 }, { id: "y", size: 3, b: -0.1, tau: 6 }]); // [8, 8]
 * ```
 */
export function poolHalfLives(pool: readonly Bucket[]): number[] {
  checkPool(pool);
  let size = 0;
  for (const bucket of pool) size += bucket.size;
  return pool.map((bucket) => (size / bucket.size) * bucket.tau);
}
