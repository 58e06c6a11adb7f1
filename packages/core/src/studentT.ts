// Student's t distribution: CDF by the regularized incomplete beta function, quantile by bisection.

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** log Γ(x) for x > 0 (Lanczos, g = 7; relative error ~1e-15). */
function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let sum = LANCZOS[0] as number;
  for (let i = 1; i < LANCZOS.length; i++) sum += (LANCZOS[i] as number) / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** Stirling-series coefficients B_2k / (2k(2k−1)) of log Γ. */
const STIRLING = [1 / 12, -1 / 360, 1 / 1260, -1 / 1680];
/** From here on log Γ(a + ½) − log Γ(a) is taken from Stirling's series (differences of large log Γ lose digits). */
const STIRLING_FROM = 16;

/** log Γ(a + ½) − log Γ(a), accurate to ~1e-15 also for huge `a`. */
function logGammaHalfRatio(a: number): number {
  if (a < STIRLING_FROM) return logGamma(a + 0.5) - logGamma(a);
  // (z − ½)·log z − z at z = a + ½ minus at z = a, combined so that nothing cancels, then the series terms.
  let out = a * Math.log1p(0.5 / a) + 0.5 * Math.log(a) - 0.5;
  for (let k = 0; k < STIRLING.length; k++) {
    const power = 2 * k + 1;
    out += (STIRLING[k] as number) * ((a + 0.5) ** -power - a ** -power);
  }
  return out;
}

const CF_EPSILON = 1e-15;
const CF_TINY = 1e-300;
const CF_MAX_ITERATIONS = 500;

/** Continued fraction of the incomplete beta function (modified Lentz). */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < CF_TINY) d = CF_TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= CF_MAX_ITERATIONS; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < CF_TINY) d = CF_TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < CF_TINY) c = CF_TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < CF_TINY) d = CF_TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < CF_TINY) c = CF_TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < CF_EPSILON) break;
  }
  return h;
}

/** Beyond this many degrees of freedom the continued fraction is slow (~√df terms): use the normal expansion. */
const NORMAL_FROM = 1e5;
const GAMMA_EPSILON = 1e-16;

/** erfc(x) for x ≥ 0 as the regularized upper incomplete gamma Q(½, x²) (series below 1.5, continued fraction above). */
function erfc(x: number): number {
  const z = x * x;
  if (z === 0) return 1;
  const logPrefix = -z + 0.5 * Math.log(z) - 0.5 * Math.log(Math.PI); // x^a e^−x / Γ(a) at a = ½, with x := z
  if (z < 1.5) {
    let term = 1 / 0.5;
    let sum = term;
    for (let n = 1; n < 500; n++) {
      term *= z / (0.5 + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * GAMMA_EPSILON) break;
    }
    return 1 - Math.exp(logPrefix) * sum;
  }
  // Lentz's continued fraction for Q(a, z).
  let b = z + 1 - 0.5;
  let c = 1 / CF_TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 500; i++) {
    const an = -i * (i - 0.5);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < CF_TINY) d = CF_TINY;
    c = b + an / c;
    if (Math.abs(c) < CF_TINY) c = CF_TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < GAMMA_EPSILON) break;
  }
  return Math.exp(logPrefix) * h;
}

/** Student's t CDF for large df: Φ(t) minus the first two terms of its expansion in 1/df (error O(df^-3)). */
function largeDfCdf(t: number, df: number): number {
  const x = Math.abs(t);
  const upper = 0.5 * erfc(x / Math.SQRT2); // 1 − Φ(|t|)
  const density = Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
  const x2 = x * x;
  const correction = (density * ((x2 * x + x) / 4 + (5 * x2 ** 3 * x + 16 * x2 * x2 * x + 3 * x2 * x - 3 * x) / (96 * df))) / df;
  const tail = upper + correction;
  return t >= 0 ? 1 - tail : tail;
}

/**
 * The cumulative distribution function of Student's t distribution with `df` degrees of freedom.
 *
 * @remarks `P(T ≤ t) = 1 − I_x(df/2, 1/2)/2` for `t ≥ 0` with `x = df / (df + t²)` (the regularized incomplete
 * beta function, by its continued fraction), symmetric for `t < 0`; above 1e5 degrees of freedom the normal CDF
 * with the first two terms of its expansion in `1/df`. Accurate to ~1e-13. Used for the run-to-run
 * noise of prediction intervals, whose scale is estimated from few residuals.
 * @example
 * ```ts
 * studentTCdf(0, 5); // 0.5
 * studentTCdf(2.2281388519649385, 10); // 0.975
 * ```
 */
export function studentTCdf(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return NaN;
  if (t === Infinity) return 1;
  if (t === -Infinity) return 0;
  if (df > NORMAL_FROM) return largeDfCdf(t, df);
  const tail = 0.5 * tailBeta(t * t, df);
  return t >= 0 ? 1 - tail : tail;
}

/**
 * `I_x(df/2, 1/2)` with `x = df / (df + t²)`, from `t²` (so that `1 − x = t² / (df + t²)` keeps its digits), with
 * the beta function's logarithm from {@link logGammaHalfRatio}.
 */
function tailBeta(t2: number, df: number): number {
  if (t2 === 0) return 1;
  const a = df / 2;
  const b = 0.5;
  const x = df / (df + t2);
  const y = t2 / (df + t2);
  // log of x^a (1 − x)^b / B(a, b), with log B(a, ½) = log Γ(½) − (log Γ(a + ½) − log Γ(a)).
  const logFront = -a * Math.log1p(t2 / df) + b * Math.log(y) - (0.5 * Math.log(Math.PI) - logGammaHalfRatio(a));
  const front = Math.exp(logFront);
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(x, a, b)) / a;
  return 1 - (front * betaContinuedFraction(y, b, a)) / b;
}

/**
 * The `p`-quantile of Student's t distribution with `df` degrees of freedom: the `t` with `studentTCdf(t, df) = p`.
 *
 * @remarks Closed forms for `df = 1` and `2`, else bisection on {@link studentTCdf} to machine precision.
 * @example
 * ```ts
 * studentTQuantile(0.975, 10); // 2.2281388519649…
 * studentTQuantile(0.975, 1e9); // 1.959963984540… (the normal quantile)
 * ```
 */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1) || !(df > 0)) {
    if (p === 0) return -Infinity;
    if (p === 1) return Infinity;
    return NaN;
  }
  if (p === 0.5) return 0;
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  if (df === 1) return Math.tan(Math.PI * (p - 0.5));
  if (df === 2) return (2 * p - 1) / Math.sqrt(2 * p * (1 - p));
  let lo = 0;
  let hi = 1;
  while (studentTCdf(hi, df) < p) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-15 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (studentTCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
