/**
 * A seeded uniform random generator on [0, 1) (mulberry32): the one random source of qqt.
 *
 * @remarks Deterministic for a given seed (a 32-bit integer; other numbers are taken `>>> 0`), never
 * `Math.random`: the same seed reproduces every resample, start and synthetic example, in Node and in the browser.
 * Independent streams come from {@link deriveSeed}.
 * @example
 * ```ts
 * const random = seededRandom(42);
 * random(); // 0.6011037519201636
 * ```
 */
export function seededRandom(seed: number): () => number {
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
 * Mixes a base seed with a stream index into an independent 32-bit seed (a murmur3-style finaliser).
 *
 * @remarks Used to give every bootstrap refit, start and synthetic study its own stream: `seededRandom(deriveSeed(seed, k))`.
 * @example
 * ```ts
 * deriveSeed(0, 1) !== deriveSeed(0, 2); // true
 * ```
 */
export function deriveSeed(seed: number, stream: number): number {
  let h = (seed ^ Math.imul(stream + 0x9e3779b9, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * A standard normal draw from a uniform generator (Box–Muller, one value per call).
 *
 * @example
 * ```ts
 * const random = seededRandom(1);
 * standardNormal(random); // a number; over many draws mean 0 and standard deviation 1
 * ```
 */
export function standardNormal(random: () => number): number {
  const u = 1 - random(); // (0, 1]: log(u) is finite
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
