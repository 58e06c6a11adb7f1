import type { Interval, ModelNoise } from "./Model.js";
import { quantileSorted } from "./quantileSorted.js";
import { studentTCdf, studentTQuantile } from "./studentT.js";

// Internal: quantiles of "a bootstrap draw's mean prediction plus a new run's noise", the prediction interval.
// The distribution of a new run's error is the equal mixture over draws j of μ_j + s·T (T Student-t with the noise's
// degrees of freedom; on log error for multiplicative noise). Its quantile q solves mean_j F_T((q − μ_j)/s) = p, and
// lies in [min μ + s·t_p, max μ + s·t_p], which bisection narrows. F_T comes from a table on an asinh grid (exact
// values, linear interpolation; CDF error < 1e-7), so an interval costs a few draws × 30 table look-ups.

const TABLE_POINTS = 4097;
/** The table spans the t quantiles of 1e-9 and 1 − 1e-9; beyond it the exact CDF is used. */
const TABLE_TAIL = 1e-9;
/** Bisection stops when the bracket is below this fraction of the noise scale. */
const RELATIVE_PRECISION = 1e-7;
const MAX_BISECTIONS = 80;

/** Prediction-interval quantiles for one noise model (one per engine). @internal */
export class NoiseMixture {
  private readonly sd: number;
  private readonly df: number;
  private readonly log: boolean;
  private readonly table = new Float64Array(TABLE_POINTS);
  private readonly vMax: number;
  private readonly step: number;

  constructor(noise: ModelNoise) {
    this.sd = noise.sd;
    this.df = noise.degreesOfFreedom;
    this.log = noise.scale === "log";
    const zMax = studentTQuantile(1 - TABLE_TAIL, this.df);
    this.vMax = Math.asinh(zMax);
    this.step = (2 * this.vMax) / (TABLE_POINTS - 1);
    for (let i = 0; i < TABLE_POINTS; i++) this.table[i] = studentTCdf(Math.sinh(-this.vMax + i * this.step), this.df);
  }

  private cdf(z: number): number {
    const v = Math.asinh(z);
    if (v <= -this.vMax || v >= this.vMax) return studentTCdf(z, this.df);
    const x = (v + this.vMax) / this.step;
    const i = Math.floor(x);
    const f = x - i;
    const lo = this.table[i] as number;
    return lo + f * ((this.table[i + 1] as number) - lo);
  }

  /** The `p`-quantile of the mixture around `centers` (sorted ascending, already on the noise's scale). */
  private quantile(centers: Float64Array, p: number): number {
    if (this.sd === 0) return quantileSorted(centers, p);
    const t = studentTQuantile(p, this.df);
    let lo = (centers[0] as number) + this.sd * t;
    let hi = (centers[centers.length - 1] as number) + this.sd * t;
    const n = centers.length;
    for (let it = 0; it < MAX_BISECTIONS && hi - lo > RELATIVE_PRECISION * this.sd; it++) {
      const mid = (lo + hi) / 2;
      let sum = 0;
      for (let j = 0; j < n; j++) sum += this.cdf((mid - (centers[j] as number)) / this.sd);
      if (sum / n < p) lo = mid;
      else hi = mid;
    }
    return (lo + hi) / 2;
  }

  /**
   * The equal-tailed prediction interval around draw predictions `errors` (any order; overwritten with their
   * sorted transform), clipped to `[0, max]`.
   */
  interval(errors: Float64Array, confidence: number, max: number): Interval {
    if (this.log) for (let j = 0; j < errors.length; j++) errors[j] = Math.log(errors[j] as number);
    errors.sort();
    let low = this.quantile(errors, (1 - confidence) / 2);
    let high = this.quantile(errors, (1 + confidence) / 2);
    if (this.log) {
      low = Math.exp(low);
      high = Math.exp(high);
    }
    return { low: Math.min(Math.max(low, 0), max), high: Math.min(Math.max(high, 0), max) };
  }
}
