// A small seeded PRNG (mulberry32) and normal draws, so synthetic examples are identical on every load.

/**
 * A seeded uniform generator on [0, 1) (mulberry32).
 *
 * @example
 * ```ts
 * const random = mulberry32(42);
 * random(); // 0.6011037519201636
 * ```
 */
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

/**
 * A standard normal draw from a uniform generator (Box–Muller).
 *
 * @example
 * ```ts
 * normal(mulberry32(1)); // a number, mean 0 and standard deviation 1 over many draws
 * ```
 */
export function normal(random: () => number): number {
  const u = 1 - random(); // (0, 1]: log(u) is finite
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
