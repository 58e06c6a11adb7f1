// Random helpers for tests, on the package's one seeded generator.
export { seededRandom as mulberry32 } from "../seededRandom.js";

/** Uniform in [lo, hi). */
export function uniform(random: () => number, lo: number, hi: number): number {
  return lo + (hi - lo) * random();
}

/** Log-uniform in [lo, hi). */
export function logUniform(random: () => number, lo: number, hi: number): number {
  return Math.exp(uniform(random, Math.log(lo), Math.log(hi)));
}
