// A small seeded PRNG (mulberry32) so randomized tests are reproducible without a dependency.
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Uniform in [lo, hi). */
export function uniform(random: () => number, lo: number, hi: number): number {
  return lo + (hi - lo) * random();
}

/** Log-uniform in [lo, hi). */
export function logUniform(random: () => number, lo: number, hi: number): number {
  return Math.exp(uniform(random, Math.log(lo), Math.log(hi)));
}
