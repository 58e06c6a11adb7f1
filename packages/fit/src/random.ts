// Internal: the random helpers of the fitter, on @qqt/core's one seeded generator.
export { deriveSeed, seededRandom } from "@qqt/core";

/** A seeded Fisher–Yates permutation of 0..n−1. */
export function permutation(n: number, random: () => number): Uint32Array {
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = out[i] as number;
    out[i] = out[j] as number;
    out[j] = t;
  }
  return out;
}
