// Log-space helpers shared by the compiled pool (poolModel) and the one-shot evaluation (predictError). Internal.

/** The smallest normal double: below it a product has lost bits and its log is taken as a sum instead. */
const MIN_NORMAL = 2.2250738585072014e-308;

/**
 * `b0 · log(a · m / N)`, the log of the first-pass power law (paper Eq. 1), in the official code's order; as a sum of
 * logs where the product leaves the normal doubles.
 * @internal
 */
export function logFirstPass(b0: number, a: number, m: number, normalizer: number): number {
  const x = (a * m) / normalizer;
  const log = x >= MIN_NORMAL && x < Infinity ? Math.log(x) : Math.log(a) + Math.log(m) - Math.log(normalizer);
  return b0 * log;
}

/**
 * `log(e^x + e^y)` without overflow; handles −Infinity (d = 0).
 * @internal
 */
export function logAddExp(x: number, y: number): number {
  if (x === -Infinity) return y;
  if (y === -Infinity) return x;
  const m = Math.max(x, y);
  if (m === Infinity) return Infinity;
  return m + Math.log1p(Math.exp(-Math.abs(x - y)));
}
