import { LOG_HALF_LIFE_BASE } from "./constants.js";
import type { Bucket } from "./types.js";

/**
 * Passes `1 … NEAR_PASSES − 1` of the repetition series are summed term by term; from pass `NEAR_PASSES` on, the
 * series is summed in closed form (Euler–Maclaurin with exponential integrals), whose error there is below 1e-17 of
 * the sum (`docs/fast-evaluation.md`, "One evaluation in O(1)").
 */
export const NEAR_PASSES = 64;
/** Terms of `log(1 + 1/x) = Σ_k (−1)^{k+1} / (k x^k)` kept for `x ≥ NEAR_PASSES`: the rest is below 64^−10 / 10. */
const SERIES_TERMS = 9;
/** A bucket whose factor `δ^NEAR_PASSES` is below this adds nothing a double can hold to the far field. */
const NEGLIGIBLE = 1e-30;
/** Euler–Maclaurin coefficients `B_2k / (2k)!` for k = 1, 2, 3. */
const EM = [1 / 12, -1 / 720, 1 / 30240] as const;
const EULER_GAMMA = 0.5772156649015329;
/** `log(1 + 1/e)` for the near field, e = 0 … NEAR_PASSES − 1 (entry 0 unused). */
const LOG_RATIO = Float64Array.from({ length: NEAR_PASSES }, (_, e) => (e === 0 ? 0 : Math.log1p(1 / e)));
/** Scratch for the generalized exponential integrals `E_1 … E_SERIES_TERMS` (no allocation per call). */
const EN_A = new Float64Array(SERIES_TERMS + 1);
const EN_B = new Float64Array(SERIES_TERMS + 1);

/**
 * The repetition sum of the utility law, `Σ_{e=1..K−1} b_eff(e)·log((e+1)/e) + b_eff(K)·log(n/(K·S))`, for one
 * budget of `K = passes` full passes and `excess` samples of the next, in O(buckets) whatever `K` is (paper Eq. 4,
 * Theorem 1, `b_eff(e) = Σ_i w_i b_i δ_i^e`).
 *
 * @remarks Below {@link NEAR_PASSES} passes the terms are summed one by one. Past it, each bucket's
 * `Σ_{e=A..B} δ^e·log(1 + 1/e)` is Euler–Maclaurin's integral plus end corrections: the integral is
 * `Σ_k (−1)^{k+1}/k · (A^{1−k} E_k(λA) − B^{1−k} E_k(λB))` (`λ = −log δ`, `E_k` the generalized exponential
 * integrals), the corrections use the exact derivatives of `e^{−λx} log(1 + 1/x)` up to the fifth. The neglected
 * remainder is of order `B_8/8! · 7!/A^8 < 2e-17` of `|w_i b_i|`. Internal: {@link predictError} calls it.
 * @example
 * ```ts
 * repetitionSum(pool, 1e6, 0.5 * size); // same value as poolModel's prefix table, to ~1e-15
 * ```
 * @internal
 */
export function repetitionSum(pool: readonly Bucket[], size: number, passes: number, excess: number): number {
  const last = passes - 1; // last full pass in the series
  const nearEnd = Math.min(last, NEAR_PASSES - 1);
  let rest = 0;
  for (let i = 0; i < pool.length; i++) {
    const bucket = pool[i] as Bucket;
    const w = bucket.size / size;
    const bw = w * bucket.b;
    const lnDelta = (LOG_HALF_LIFE_BASE * w) / bucket.tau;
    let s = 0;
    // Near field: δ^e by multiplication, recomputed exactly at e = 1 and e = 33 (drift of a few ulp at most).
    let power = 0;
    const delta = Math.exp(lnDelta);
    for (let e = 1; e <= nearEnd; e++) {
      power = e === 1 || e === 33 ? Math.exp(e * lnDelta) : power * delta;
      s += power * (LOG_RATIO[e] as number);
    }
    if (last >= NEAR_PASSES) s += farSum(-lnDelta, NEAR_PASSES, last);
    if (excess > 0) s += Math.exp(passes * lnDelta) * Math.log1p(excess / (passes * size));
    rest += bw * s;
  }
  return rest;
}

/** `Σ_{e=A..B} e^{−λe}·log(1 + 1/e)` for `NEAR_PASSES ≤ A ≤ B`, by Euler–Maclaurin in closed form. */
function farSum(lambda: number, A: number, B: number): number {
  if (!(Math.exp(-lambda * A) >= NEGLIGIBLE)) return 0;
  if (B === A) return Math.exp(-lambda * A) * Math.log1p(1 / A);
  // ∫_A^B e^{−λx} log(1 + 1/x) dx = Σ_k c_k ∫ e^{−λx} x^{−k} dx,  ∫_A^B e^{−λx} x^{−k} dx = A^{1−k}E_k(λA) − B^{1−k}E_k(λB).
  const zA = lambda * A;
  const zB = lambda * B;
  exponentialIntegrals(zA, EN_A);
  exponentialIntegrals(zB, EN_B);
  // E_1(λA) − E_1(λB) without the cancellation of two large logs when both arguments are small.
  let integral = zB <= 1 ? Math.log(B / A) + e1Series(zA) - e1Series(zB) : (EN_A[1] as number) - (EN_B[1] as number);
  let powA = 1;
  let powB = 1;
  for (let k = 2; k <= SERIES_TERMS; k++) {
    powA /= A;
    powB /= B;
    const sign = k % 2 === 0 ? -1 : 1;
    integral += (sign / k) * (powA * (EN_A[k] as number) - powB * (EN_B[k] as number));
  }
  let corrections = (edge(lambda, A, 0) + edge(lambda, B, 0)) / 2;
  for (let k = 1; k <= 3; k++) corrections += (EM[k - 1] as number) * (edge(lambda, B, 2 * k - 1) - edge(lambda, A, 2 * k - 1));
  return integral + corrections;
}

/** The `m`-th derivative (m ≤ 5) of `f(x) = e^{−λx}·log(1 + 1/x)` at `x`, by Leibniz's rule on exact derivatives. */
function edge(lambda: number, x: number, m: number): number {
  const decay = Math.exp(-lambda * x);
  if (decay === 0) return 0;
  // g^{(j)}(x) = (−1)^{j−1} (j−1)! ((x+1)^{−j} − x^{−j}) for j ≥ 1, g = log(1 + 1/x).
  const r = 1 / x;
  const r1 = 1 / (x + 1);
  let sum = 0;
  let powR = 1;
  let powR1 = 1;
  let factorial = 1; // (j − 1)!
  let binomial = 1; // C(m, j)
  for (let j = 0; j <= m; j++) {
    let g: number;
    if (j === 0) g = Math.log1p(r);
    else {
      powR *= r;
      powR1 *= r1;
      if (j > 1) factorial *= j - 1;
      g = (j % 2 === 1 ? 1 : -1) * factorial * (powR1 - powR);
    }
    sum += binomial * (-lambda) ** (m - j) * g;
    binomial = (binomial * (m - j)) / (j + 1);
  }
  return decay * sum;
}

/** `E_1(z) + γ + log z = Σ_{k≥1} (−1)^{k+1} z^k / (k·k!)` for `0 < z ≤ 1` (the part of E_1 that is not a log). */
function e1Series(z: number): number {
  let term = 1;
  let sum = 0;
  for (let k = 1; k <= 40; k++) {
    term *= -z / k;
    const add = -term / k;
    sum += add;
    if (Math.abs(add) <= 1e-17 * Math.abs(sum)) break;
  }
  return sum;
}

/**
 * Fills `out[k] = E_k(z)` for k = 1 … SERIES_TERMS: `E_1` by its series (z ≤ 1) or continued fraction (z > 1),
 * the others by `E_{k+1}(z) = (e^{−z} − z·E_k(z)) / k`.
 */
function exponentialIntegrals(z: number, out: Float64Array): void {
  const decay = Math.exp(-z);
  let e1: number;
  if (decay === 0) e1 = 0;
  else if (z <= 1) e1 = -EULER_GAMMA - Math.log(z) + e1Series(z);
  else {
    // Modified Lentz on E_1(z) = e^{−z} / (z + 1 − 1² / (z + 3 − 2² / (z + 5 − …))).
    let b = z + 1;
    let c = 1e300;
    let d = 1 / b;
    let h = d;
    for (let i = 1; i <= 200; i++) {
      const an = -i * i;
      b += 2;
      d = 1 / (an * d + b);
      c = b + an / c;
      const del = c * d;
      h *= del;
      if (Math.abs(del - 1) <= 1e-16) break;
    }
    e1 = h * decay;
  }
  out[1] = e1;
  for (let k = 1; k < SERIES_TERMS; k++) out[k + 1] = (decay - z * (out[k] as number)) / k;
}
