import { LOG_HALF_LIFE_BASE, TAIL_TOLERANCE } from "./constants.js";
import { floorPasses } from "./epochsCompleted.js";
import { CoreError } from "./CoreError.js";
import { checkPool, checkRepetition, checkSamplesSeen, checkSamplesSeenList, checkTask } from "./validate.js";
import { logAddExp, logFirstPass } from "./logSpace.js";
import { resolveLaw } from "./resolveLaw.js";
import type { Bucket, Law, ResolvedLaw, TaskParams } from "./types.js";

/**
 * A pool compiled for fast repeated evaluation: build once, then evaluate any number of budgets.
 *
 * @example
 * ```ts
 * const model = poolModel([top10, top10to20], { a: 0.022, d: 0.1 }, { variant: "reference" });
 * model.errorAt(64e6); // 0.742862…
 * ```
 */
export interface PoolModel {
  /** Total unique samples of the pool, `Σ S_i`. */
  readonly size: number;
  /** The law with its defaults filled in. */
  readonly law: ResolvedLaw;
  /** Predicted error after `samplesSeen` samples (see {@link predictError}). */
  errorAt(samplesSeen: number): number;
  /** Predicted errors for many budgets, in their given order (see {@link predictCurve}). */
  curve(samplesSeen: ArrayLike<number>): Float64Array;
  /** The error under unlimited repetition, `lim n→∞` (see {@link limitingError}). */
  limitingError(): number;
  /** The pool's utility exponent during pass `repetition` (0-based), `b_eff(e)` of Theorem 1. */
  utilityAt(repetition: number): number;
}

/**
 * Entries of the prefix tables kept in memory. Past this (only for half-lives of thousands of passes), the series
 * is summed by Euler–Maclaurin, whose error at this depth is far below TAIL_TOLERANCE.
 */
const TABLE_LIMIT = 1 << 16;
/** extend() advances δ_i^e by multiplication and recomputes it exactly every this many passes. */
const POWER_REFRESH = 32;
/** extend() checks the tail bound every this many passes (the bound only decreases). */
const TAIL_CHECK_EVERY = 4;
/** Below this many far-field terms, sum them one by one. */
const DIRECT_SUM_LIMIT = 64;
/** The far-field integral stops where the tail is this fraction of TAIL_TOLERANCE. */
const FAR_FIELD_SAFETY = 1e-3;

/**
 * Compiles a pool into a {@link PoolModel}: the QQT law (paper Eqs. 1–4, Theorem 1) in log space with prefix sums.
 *
 * @remarks With weights `w_i = S_i / Σ S_j`, half-lives `tau_hat_i = tau_i / w_i` and
 * `b_eff(e) = Σ_i w_i · b_i · (1/2)^(e / tau_hat_i)`:
 * `log R(n) = b_eff(0)·log(a·min(n,S)/N) + Σ_{e=1..K−1} b_eff(e)·log((e+1)/e) + b_eff(K)·log(n/(K·S))`.
 * The sum is kept as a prefix table, so each evaluation costs O(1) once the table reaches its `K`, and the table
 * stops growing where the tail of the series falls below {@link TAIL_TOLERANCE}. Derivation and the
 * effective-data formulation: `docs/fast-evaluation.md`.
 * @example
 * ```ts
 * const model = poolModel([{ id: "top0-10", size: 12.8e6, b: -0.18, tau: 4.363636 }], { a: 0.022, d: 0.1 },
 *   { variant: "reference" });
 * model.errorAt(32e6); // 0.811987…
 * ```
 */
export function poolModel(pool: readonly Bucket[], task: TaskParams, law?: Law): PoolModel {
  checkPool(pool);
  const normalizer = checkTask(task);
  return new CompiledPool(pool, task.a, task.d, normalizer, resolveLaw(law), TABLE_LIMIT);
}

/**
 * A compiled pool for one evaluation: its prefix table stops at {@link ONE_BUDGET_TABLE} passes and the far field
 * takes the rest, so the cost stays bounded at any number of passes (used by `predictError` for the effective-data
 * law). Same checks as {@link poolModel}.
 * @internal
 */
export function poolModelForOneBudget(pool: readonly Bucket[], task: TaskParams, law?: Law): PoolModel {
  checkPool(pool);
  const normalizer = checkTask(task);
  return new CompiledPool(pool, task.a, task.d, normalizer, resolveLaw(law), ONE_BUDGET_TABLE);
}

/** Passes summed exactly by {@link poolModelForOneBudget}; past them, Euler–Maclaurin's remainder is below 1e-15. */
const ONE_BUDGET_TABLE = 512;

class CompiledPool implements PoolModel {
  readonly size: number;
  readonly law: ResolvedLaw;
  private readonly p: number;
  // Per-bucket constants. Plain packed-double arrays: allocating typed arrays costs more than a short evaluation.
  private readonly bw: number[] = []; // w_i · b_i
  private readonly w: number[] = []; // w_i = S_i / S
  private readonly lnDelta: number[] = []; // log δ_hat_i = log(1/2) · w_i / tau_i
  private readonly tailScale: number[] = []; // |w_i b_i| / (1 − δ_hat_i)
  private readonly delta: number[] = []; // δ_hat_i
  private readonly oneMinusDelta: number[] = []; // 1 − δ_hat_i, without cancellation
  private readonly powers: number[] = []; // δ_hat_i^(built − 1), the recurrence state of extend()
  private readonly b0: number; // b_eff(0) = Σ w_i b_i
  private readonly a: number;
  private readonly normalizer: number;
  private readonly d: number;
  private readonly logD: number;
  private readonly effective: boolean;
  private readonly reference: boolean;
  private readonly headFull: number; // head(S): every budget n ≥ S shares it
  private readonly logFirstFull: number; // log of the first-pass factor for n ≥ S: head(S), or log(P + d) in reference
  // Prefix tables, final for indices < built (H also at index built):
  //   U[e] = Σ_i w_i b_i δ_i^e,  C[e] = 1 + Σ_{j=1..e} Σ_i w_i δ_i^j,  H[k] = Σ_{e=1..k−1} term_e.
  // Appended in order (packed double arrays grow amortized; measured faster than re-allocated typed arrays here).
  private readonly H: number[] = [0, 0];
  private readonly U: number[];
  private readonly C: number[] = [1];
  private readonly V: number[] = [1]; // V[e] = Σ_i w_i δ_i^e (kept: C[e] − C[e−1] loses it to rounding)
  private built = 1;
  private runningSum = 0; // Neumaier sum of the terms in H[built], without its compensation
  private compensation = 0;
  private cutoff = Infinity; // first epoch whose tail Σ_{j ≥ e} |term_j| is below TAIL_TOLERANCE

  constructor(
    pool: readonly Bucket[],
    a: number,
    d: number,
    normalizer: number,
    law: ResolvedLaw,
    private readonly tableLimit: number,
  ) {
    this.law = law;
    this.p = pool.length;
    let size = 0;
    for (const bucket of pool) size += bucket.size;
    this.size = size;
    let b0 = 0;
    for (let i = 0; i < this.p; i++) {
      const bucket = pool[i] as Bucket;
      const w = bucket.size / size;
      const lnDelta = (LOG_HALF_LIFE_BASE * w) / bucket.tau;
      this.w.push(w);
      this.bw.push(w * bucket.b);
      this.lnDelta.push(lnDelta);
      this.tailScale.push(Math.abs(w * bucket.b) / -Math.expm1(lnDelta));
      this.delta.push(Math.exp(lnDelta));
      this.oneMinusDelta.push(-Math.expm1(lnDelta));
      this.powers.push(1);
      b0 += w * bucket.b;
    }
    this.b0 = b0;
    this.U = [b0];
    this.a = a;
    this.normalizer = normalizer;
    this.d = d;
    this.logD = Math.log(d);
    this.effective = law.formulation === "effective-data";
    this.reference = law.variant === "reference";
    this.headFull = this.head(size);
    this.logFirstFull = this.reference && !this.effective ? logAddExp(this.headFull, this.logD) : this.headFull;
  }

  errorAt(samplesSeen: number): number {
    checkSamplesSeen(samplesSeen);
    const y = this.evaluate(samplesSeen);
    if (!(y < Infinity)) this.notFinite("samplesSeen", samplesSeen, y);
    return y;
  }

  curve(samplesSeen: ArrayLike<number>): Float64Array {
    checkSamplesSeenList(samplesSeen, "samplesSeen");
    const out = new Float64Array(samplesSeen.length);
    for (let j = 0; j < samplesSeen.length; j++) {
      const y = this.evaluate(samplesSeen[j] as number);
      if (!(y < Infinity)) this.notFinite(`samplesSeen[${j}]`, samplesSeen[j] as number, y);
      out[j] = y;
    }
    return out;
  }

  limitingError(): number {
    this.extend(Infinity);
    const rest = this.cutoff < Infinity ? (this.H[this.cutoff] as number) : this.farField(Infinity, Infinity);
    const y = Math.exp(this.logFirstFull + rest);
    const error = this.reference && !this.effective ? y : y + this.d;
    if (!(error < Infinity)) this.notFinite("pool", "the limit n → ∞", error);
    return error;
  }

  utilityAt(repetition: number): number {
    checkRepetition(repetition);
    let u = 0;
    let c = 0;
    for (let i = 0; i < this.p; i++) {
      // δ^0 = 1 even for a half-life so short that log δ is −∞.
      const delta = repetition === 0 ? 1 : Math.exp(repetition * (this.lnDelta[i] as number));
      u += (this.bw[i] as number) * delta;
      c += (this.w[i] as number) * delta;
    }
    return this.effective ? (c === 0 ? 0 : u / c) : u;
  }

  private evaluate(n: number): number {
    if (n === 0) {
      // The power law diverges at n = 0; the official code defines power(0, b) = 0 and so returns d.
      return this.reference ? this.d : Infinity;
    }
    const S = this.size;
    if (n < S) return this.finish(this.head(n), 0);
    const K = floorPasses(n, S);
    if (K >= this.built) this.extend(K);
    let rest: number;
    if (K >= this.cutoff) rest = this.H[this.cutoff] as number;
    else if (K < this.built) rest = (this.H[K] as number) + this.partial(K, n);
    else rest = this.farField(K, n);
    const y = Math.exp(this.logFirstFull + rest);
    return this.reference && !this.effective ? y : y + this.d;
  }

  /**
   * `b_eff(0) · log(a · m / N)` for the first `m = min(n, S)` samples, in the official code's order; as a sum of
   * logs where the product leaves the normal doubles.
   */
  private head(m: number): number {
    return logFirstPass(this.b0, this.a, m, this.normalizer);
  }

  /** Throws `NOT_FINITE` for an evaluation whose exact value is not a finite double (or that diverges). */
  private notFinite(argument: string, value: unknown, y: number): never {
    if (value === 0) {
      throw new CoreError("NOT_FINITE", argument, value, `the ${this.law.variant} variant's power law diverges at 0 samples (use samples seen > 0, or the reference variant, which returns d there)`);
    }
    const why = Number.isNaN(y) ? "its terms overflow a double" : "it exceeds the largest double (1.8e308)";
    throw new CoreError("NOT_FINITE", argument, value, `the predicted error ${why} for this pool and task (utility exponents, a or the normalizer far outside any fitted range)`);
  }

  /** Turns the log of the first-pass power law and the repetition sum into the predicted error. */
  private finish(head: number, rest: number): number {
    if (this.effective || !this.reference) return Math.exp(head + rest) + this.d;
    // reference: (P + d) · exp(rest), with log(P + d) computed without overflow.
    return Math.exp(logAddExp(head, this.logD) + rest);
  }

  /** The term of the last, partial pass `K ≥ 1` (zero when `n` is an exact multiple of the pool size). */
  private partial(K: number, n: number): number {
    const S = this.size;
    const excess = n - K * S;
    if (excess <= 0) return 0;
    const u = this.U[K] as number;
    if (!this.effective) return u * Math.log1p(excess / (K * S));
    return effectiveTerm(u, this.V[K] as number, excess / S, this.C[K - 1] as number);
  }

  /** Grows the prefix tables up to epoch `target`, until the tail is negligible or the table limit is reached. */
  private extend(target: number): void {
    const last = Math.min(target, this.tableLimit);
    const p = this.p;
    const powers = this.powers;
    while (this.built <= last && this.cutoff === Infinity) {
      const e = this.built;
      // δ_i^e by recurrence, recomputed exactly every POWER_REFRESH passes to bound the drift to a few ulp.
      const exact = e % POWER_REFRESH === 1;
      let u = 0;
      let c = 0;
      for (let i = 0; i < p; i++) {
        const ln = this.lnDelta[i] as number;
        const delta = exact ? Math.exp(e * ln) : (powers[i] as number) * (this.delta[i] as number);
        powers[i] = delta;
        u += (this.bw[i] as number) * delta;
        c += (this.w[i] as number) * delta;
      }
      const before = this.C[e - 1] as number;
      this.U[e] = u;
      this.V[e] = c;
      this.C[e] = before + c;
      // Bound on Σ_{j ≥ e} |term_j|: Σ_i |w_i b_i| δ_i^e / (1 − δ_i), over e for the utility form
      // (log(1 + 1/j) ≤ 1/j ≤ 1/e); effective-data terms are at most |U[j]| because C ≥ 1.
      // It only decreases, so checking it every few passes is enough.
      if (e % TAIL_CHECK_EVERY === 0) {
        let tail = 0;
        for (let i = 0; i < p; i++) tail += (this.tailScale[i] as number) * (powers[i] as number);
        if ((this.effective ? tail : tail / e) <= TAIL_TOLERANCE) {
          this.cutoff = e;
          break;
        }
      }
      const term = this.effective ? effectiveTerm(u, c, 1, before) : u * logRatio(e);
      const sum = this.runningSum + term;
      this.compensation +=
        Math.abs(this.runningSum) >= Math.abs(term) ? this.runningSum - sum + term : term - sum + this.runningSum;
      this.runningSum = sum;
      this.H[e + 1] = sum + this.compensation;
      this.built = e + 1;
    }
  }


  /**
   * Sum of the epoch terms from `built` to `K − 1` plus the partial pass `K`, for budgets past the prefix table.
   * `K = Infinity` gives the limit. Euler–Maclaurin on the closed-form term (`docs/fast-evaluation.md`).
   */
  private farField(K: number, n: number): number {
    const start = this.built;
    let sum = this.H[start] as number;
    if (K === Infinity) return sum + this.sumTerms(start, Infinity);
    sum += this.sumTerms(start, K - 1);
    const excess = n - K * this.size;
    if (excess > 0) {
      const { u, c } = this.sums(K);
      if (this.effective) {
        sum += effectiveTerm(u, c, excess / this.size, this.cumulative(K - 1));
      } else {
        sum += u * Math.log1p(excess / (K * this.size));
      }
    }
    return sum;
  }

  /** `Σ_{e=A..B} term(e)` (B inclusive, possibly Infinity) by Euler–Maclaurin with Gauss–Legendre panels. */
  private sumTerms(A: number, B: number): number {
    if (B < A) return 0;
    if (B - A < DIRECT_SUM_LIMIT) {
      let sum = 0;
      for (let e = A; e <= B; e++) sum += this.term(e);
      return sum;
    }
    const f = (x: number) => this.term(x);
    let integral = 0;
    let x = A;
    while (x < B) {
      if (this.tailBound(x) <= TAIL_TOLERANCE * FAR_FIELD_SAFETY) break;
      // 16-point Gauss–Legendre on panels of at most 8 decay lengths (e^{−λx} is entire: the rule's error on it is
      // of order 4^32 · 2.7e-45 < 1e-25) and their start (every singularity of log(1 + 1/x), of 1/C(x) and of the
      // log1p has a real part ≤ 0, so it is at least 3 half-widths from the panel's centre: 6^−32 < 1e-24).
      const width = Math.min(x, 8 / this.decayRate(x), B - x);
      integral += gaussLegendre(f, x, x + width);
      x += width;
    }
    const atB = B === Infinity ? 0 : f(B);
    let sum = integral + (f(A) + atB) / 2;
    // End corrections B_2k/(2k)! (f^(2k−1)(B) − f^(2k−1)(A)) for k = 1, 2, 3, derivatives by central differences
    // (steps of one pass; their errors are O(f^(7)), far below TAIL_TOLERANCE past the prefix table).
    for (let k = 0; k < 3; k++) {
      const atEnd = B === Infinity ? 0 : oddDerivative(f, B, k);
      sum += (EM_COEFFICIENTS[k] as number) * (atEnd - oddDerivative(f, A, k));
    }
    return sum;
  }

  /** The closed-form term of full pass `e ≥ 1` (real `e` allowed): the summand of the repetition series. */
  private term(e: number): number {
    if (this.effective) return this.effectiveFullPass(e);
    return this.sums(e).u * Math.log1p(1 / e);
  }

  /**
   * The effective-data term of full pass `e` with one exponential per bucket: `δ^e` gives `u`, `c` and
   * `C(e − 1) = 1 + Σ_i w_i (δ_i − δ_i^e) / (1 − δ_i)` (expm1 where `δ^e` is near 1, so no digit is lost).
   */
  private effectiveFullPass(e: number): number {
    let u = 0;
    let c = 0;
    let before = 1;
    for (let i = 0; i < this.p; i++) {
      const x = e * (this.lnDelta[i] as number);
      let power: number;
      let oneMinusPower: number;
      if (x > -0.5) {
        oneMinusPower = -Math.expm1(x);
        power = 1 - oneMinusPower;
      } else {
        power = Math.exp(x);
        oneMinusPower = 1 - power;
      }
      const w = this.w[i] as number;
      u += (this.bw[i] as number) * power;
      c += w * power;
      // δ − δ^e = (1 − δ^e) − (1 − δ)
      before += (w * (oneMinusPower - (this.oneMinusDelta[i] as number))) / (this.oneMinusDelta[i] as number);
    }
    return effectiveTerm(u, c, 1, before);
  }

  /** `u = Σ w_i b_i δ_i^e` and `c = Σ w_i δ_i^e`. */
  private sums(e: number): { u: number; c: number } {
    let u = 0;
    let c = 0;
    for (let i = 0; i < this.p; i++) {
      const delta = Math.exp(e * (this.lnDelta[i] as number));
      u += (this.bw[i] as number) * delta;
      c += (this.w[i] as number) * delta;
    }
    return { u, c };
  }

  /** `C(e) = 1 + Σ_{j=1..e} Σ_i w_i δ_i^j = 1 + Σ_i w_i δ_i (1 − δ_i^e) / (1 − δ_i)`, in closed form. */
  private cumulative(e: number): number {
    let sum = 1;
    for (let i = 0; i < this.p; i++) {
      const ln = this.lnDelta[i] as number;
      sum += ((this.w[i] as number) * Math.exp(ln) * -Math.expm1(e * ln)) / -Math.expm1(ln);
    }
    return sum;
  }

  /** The bound on `Σ_{j ≥ e} |term_j|` used for the cutoff. */
  private tailBound(e: number): number {
    let tail = 0;
    for (let i = 0; i < this.p; i++) tail += (this.tailScale[i] as number) * Math.exp(e * (this.lnDelta[i] as number));
    return this.effective ? tail : tail / e;
  }

  /** The fastest decay rate `−log δ_i` among buckets whose terms still matter at `e` (sets the panel width). */
  private decayRate(e: number): number {
    let rate = 0;
    for (let i = 0; i < this.p; i++) {
      const lambda = -(this.lnDelta[i] as number);
      if ((this.tailScale[i] as number) * Math.exp(-lambda * e) > TAIL_TOLERANCE * FAR_FIELD_SAFETY) {
        rate = Math.max(rate, lambda);
      }
    }
    return rate;
  }

}

/** Euler–Maclaurin's `B_2k / (2k)!` for k = 1, 2, 3. */
const EM_COEFFICIENTS = [1 / 12, -1 / 720, 1 / 30240] as const;

/**
 * The first (k = 0), third (k = 1) or fifth (k = 2) derivative of `f` at `x` by central differences of step 1:
 * 6th-order for f′, 2nd-order for f‴ and f⁽⁵⁾ (their weights in Euler–Maclaurin are 1/720 and 1/30240).
 */
function oddDerivative(f: (x: number) => number, x: number, k: number): number {
  const d1 = f(x + 1) - f(x - 1);
  const d2 = f(x + 2) - f(x - 2);
  const d3 = f(x + 3) - f(x - 3);
  if (k === 0) return (45 * d1 - 9 * d2 + d3) / 60;
  if (k === 1) return (d2 - 2 * d1) / 2;
  return (d3 - 4 * d2 + 5 * d1) / 2;
}

/** `log((e + 1) / e)` for full pass `e`, shared by every pool (the same for all parameters). */
const LOG_RATIOS: number[] = [0];
function logRatio(e: number): number {
  while (LOG_RATIOS.length <= e) LOG_RATIOS.push(Math.log1p(1 / LOG_RATIOS.length));
  return LOG_RATIOS[e] as number;
}

/**
 * One pass of the effective-data law: `b_eff · log(n_eff,e / n_eff,e−1)` with `b_eff = u / c`, a `fraction` of the
 * pass and `before = C(e − 1)`. Zero when every bucket's weight has underflowed (`c = 0`).
 */
function effectiveTerm(u: number, c: number, fraction: number, before: number): number {
  return c === 0 ? 0 : (u / c) * Math.log1p((fraction * c) / before);
}

// 16-point Gauss–Legendre nodes and weights on [−1, 1] (positive half; the rule is symmetric).
const GL_NODES = [
  0.09501250983763744, 0.2816035507792589, 0.45801677765722737, 0.6178762444026438, 0.755404408355003,
  0.8656312023878318, 0.9445750230732326, 0.9894009349916499,
];
const GL_WEIGHTS = [
  0.18945061045506847, 0.1826034150449236, 0.16915651939500256, 0.14959598881657682, 0.12462897125553395,
  0.0951585116824929, 0.062253523938647776, 0.027152459411754058,
];

/** `∫_lo^hi f` by 16-point Gauss–Legendre. */
function gaussLegendre(f: (x: number) => number, lo: number, hi: number): number {
  const half = (hi - lo) / 2;
  const mid = lo + half;
  let sum = 0;
  for (let k = 0; k < GL_NODES.length; k++) {
    const dx = half * (GL_NODES[k] as number);
    sum += (GL_WEIGHTS[k] as number) * (f(mid - dx) + f(mid + dx));
  }
  return sum * half;
}
