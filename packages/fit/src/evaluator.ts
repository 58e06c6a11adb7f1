import { LOG_HALF_LIFE_BASE_VALUE } from "./math.js";
import { CoreError, predictError, type Bucket } from "@qqt/core";
import { DIRECT_PASS_LIMIT, SERIES_TOLERANCE } from "./constants.js";
import { floorPasses, type PoolInfo, type Problem } from "./problem.js";
import { type Layout, type NaturalParams, toNatural, emptyParams } from "./layout.js";
import { buildJacobianPattern, type JacobianPattern } from "./jacobianPattern.js";

// Internal: predictions of every observation for one parameter vector, and their Jacobian in θ.
//
// The direct path (utility formulation, at most DIRECT_PASS_LIMIT passes over any pool) walks each distinct pool's
// repetition series once for all of its budgets, in log space, exactly as `@qqt/core`'s poolModel does:
//   log R(n) = Σ_k w_k·b_k·(log(a·m/N) + A_k(n)),   A_k(n) = Σ_{e=1..K−1} δ_k^e·log(1+1/e) + δ_k^K·log1p((n−KS)/(KS)),
// with δ_k = (1/2)^(w_k/tau_k). The same walk accumulates B_k(n) = Σ e·δ_k^e·log(…), which gives the analytic
// derivative in log tau: ∂A_k/∂log tau_k = −log δ_k · B_k. The effective-data formulation walks the same way with
// its own terms (see runEffective). Pools of more passes go through poolModel itself with central finite differences.

/** Computes predictions (and optionally the Jacobian ∂prediction/∂θ, row-major count × size). */
export interface Evaluator {
  readonly analytic: boolean;
  /** Where the nonzeros of the Jacobian are (a run depends on a, d and its pool's b and tau only). */
  readonly pattern: JacobianPattern;
  predict(theta: ArrayLike<number>, out: Float64Array): Float64Array;
  jacobian(theta: ArrayLike<number>, out: Float64Array, jac: Float64Array): void;
  /** Predictions and the Jacobian's nonzeros in `pattern` order (`values.length === pattern.nonzeros`). */
  sparseJacobian(theta: ArrayLike<number>, out: Float64Array, values: Float64Array): void;
}

/** Scatters CSR values into a dense row-major count × size matrix. */
function scatter(pattern: JacobianPattern, values: Float64Array, jac: Float64Array): void {
  const { rows, columns, rowStart, column } = pattern;
  jac.fill(0);
  for (let j = 0; j < rows; j++) {
    const end = rowStart[j + 1] as number;
    for (let e = rowStart[j] as number; e < end; e++) jac[j * columns + (column[e] as number)] = values[e] as number;
  }
}

/** δ^e is recomputed by exp every this + 1 passes, bounding the rounding drift of the recurrence. */
const RESYNC_MASK = 63;

let stepTable = new Float64Array(0);
/** `log(1 + 1/e)` for e < length, shared and grown on demand. */
function logSteps(length: number): Float64Array {
  if (stepTable.length >= length) return stepTable;
  const next = new Float64Array(Math.max(length, 2 * stepTable.length, 64));
  for (let e = 1; e < next.length; e++) next[e] = Math.log1p(1 / e);
  stepTable = next;
  return next;
}

/** Step of the central differences in θ (log scales: a relative step of 1e-6). */
const FINITE_STEP = 1e-6;

export function createEvaluator(problem: Problem, layout: Layout): Evaluator {
  if (problem.maxPasses <= DIRECT_PASS_LIMIT) {
    return new DirectEvaluator(problem, layout);
  }
  return new CoreEvaluator(problem, layout);
}

class DirectEvaluator implements Evaluator {
  readonly analytic = true;
  readonly pattern: JacobianPattern;
  private readonly values: Float64Array;
  private readonly params: NaturalParams;
  private readonly reference: boolean;
  // Per observation, parameter-free: passes K, log(min(n, S)/N) and log1p of the last partial pass.
  private readonly passes: Int32Array;
  private readonly logFirstPass: Float64Array;
  private readonly partialStep: Float64Array;
  // Per-pool scratch, sized for the largest pool.
  private readonly lnDelta: Float64Array;
  private readonly bw: Float64Array;
  private readonly tailScale: Float64Array;
  private readonly sumA: Float64Array;
  private readonly sumB: Float64Array;
  private readonly partA: Float64Array;
  private readonly partB: Float64Array;
  private readonly deltas: Float64Array;
  private readonly powers: Float64Array;
  private readonly effective: boolean;
  private readonly running: Float64Array; // effective-data: Σ_{j<e} j·δ_k^j, the derivative of C(e−1) in tau_k
  private readonly bValue: Float64Array; // effective-data: b_k of the pool's members

  constructor(
    private readonly problem: Problem,
    private readonly layout: Layout,
  ) {
    this.params = emptyParams(problem.buckets.length);
    this.pattern = buildJacobianPattern(problem, layout);
    this.values = new Float64Array(this.pattern.nonzeros);
    this.effective = problem.law.formulation === "effective-data";
    // The effective-data law keeps d outside the product in both variants (as @qqt/core's poolModel does).
    this.reference = problem.law.variant === "reference" && !this.effective;
    const logNormalizer = Math.log(problem.normalizer);
    this.passes = new Int32Array(problem.count);
    this.logFirstPass = new Float64Array(problem.count);
    this.partialStep = new Float64Array(problem.count);
    for (let j = 0; j < problem.count; j++) {
      const S = problem.pools[problem.poolOf[j] as number]!.size;
      const n = problem.samples[j] as number;
      const K = n < S ? 0 : floorPasses(n, S);
      const excess = n - K * S;
      this.passes[j] = K;
      this.logFirstPass[j] = Math.log(n < S ? n : S) - logNormalizer;
      this.partialStep[j] = K >= 1 && excess > 0 ? Math.log1p(excess / (K * S)) : 0;
    }
    let widest = 1;
    for (const pool of problem.pools) widest = Math.max(widest, pool.buckets.length);
    this.lnDelta = new Float64Array(widest);
    this.bw = new Float64Array(widest);
    this.tailScale = new Float64Array(widest);
    this.sumA = new Float64Array(widest);
    this.sumB = new Float64Array(widest);
    this.partA = new Float64Array(widest);
    this.partB = new Float64Array(widest);
    this.deltas = new Float64Array(widest);
    this.powers = new Float64Array(widest);
    this.running = new Float64Array(widest);
    this.bValue = new Float64Array(widest);
  }

  predict(theta: ArrayLike<number>, out: Float64Array): Float64Array {
    this.run(theta, out, undefined);
    return out;
  }

  jacobian(theta: ArrayLike<number>, out: Float64Array, jac: Float64Array): void {
    this.sparseJacobian(theta, out, this.values);
    scatter(this.pattern, this.values, jac);
  }

  sparseJacobian(theta: ArrayLike<number>, out: Float64Array, values: Float64Array): void {
    values.fill(0);
    this.run(theta, out, values);
  }

  private run(theta: ArrayLike<number>, out: Float64Array, jac: Float64Array | undefined): void {
    if (this.effective) return this.runEffective(theta, out, jac);
    const { problem, layout } = this;
    const params = toNatural(layout, theta, this.params);
    const logA = Math.log(params.a);
    const d = params.d;
    const logD = Math.log(d);
    const { lnDelta, bw, tailScale, sumA, sumB, partA, partB, deltas, powers } = this;
    for (let p = 0; p < problem.pools.length; p++) {
      const pool = problem.pools[p] as PoolInfo;
      const P = pool.buckets.length;
      const b0 = this.startPool(pool, params);
      // Prefix sums over full passes e = 1..built−1 are in sumA/sumB.
      let built = 1;
      let negligible = false;
      for (let o = 0; o < pool.observations.length; o++) {
        const j = pool.observations[o] as number;
        const K = this.passes[j] as number;
        if (!negligible && built < K) {
          const steps = logSteps(K);
          while (!negligible && built < K) {
            const e = built;
            const weight = steps[e] as number;
            const resync = (e & RESYNC_MASK) === 0;
            let tail = 0;
            for (let k = 0; k < P; k++) {
              // δ^e by recurrence (powers[k] holds δ^(e−1)), recomputed exactly every RESYNC_MASK + 1 passes.
              const delta = resync ? Math.exp(e * (lnDelta[k] as number)) : (powers[k] as number) * (deltas[k] as number);
              powers[k] = delta;
              sumA[k] = (sumA[k] as number) + delta * weight;
              sumB[k] = (sumB[k] as number) + e * delta * weight;
              tail += (tailScale[k] as number) * delta;
            }
            built++;
            if (tail / e <= SERIES_TOLERANCE) negligible = true;
          }
        }
        let rest = 0;
        const partial = negligible ? 0 : (this.partialStep[j] as number);
        for (let k = 0; k < P; k++) {
          let A = sumA[k] as number;
          let B = sumB[k] as number;
          if (partial !== 0) {
            // powers[k] = δ^(K−1) after the walk (δ^0 = 1 before it).
            const delta = (powers[k] as number) * (deltas[k] as number);
            A += delta * partial;
            B += K * delta * partial;
          }
          partA[k] = A;
          partB[k] = B;
          rest += (bw[k] as number) * A;
        }
        const head = logA + (this.logFirstPass[j] as number);
        const headTerm = b0 * head;
        if (!this.reference) {
          const power = Math.exp(headTerm + rest);
          out[j] = power + d;
          if (jac !== undefined) this.row(jac, j, p, pool, b0, head, power, power, 1);
        } else {
          const value = Math.exp(logAddExp(headTerm, logD) + rest);
          out[j] = value;
          if (jac !== undefined) {
            const scale = Math.exp(rest); // E
            this.row(jac, j, p, pool, b0, head, Math.exp(headTerm) * scale, value, scale);
          }
        }
      }
    }
  }

  /**
   * Per-bucket constants of one pool at these parameters (log δ, w·b, the tail scale, δ) and cleared running sums;
   * returns `b_eff(0) = Σ w_i b_i`. Shared by the utility and the effective-data passes.
   */
  private startPool(pool: PoolInfo, params: NaturalParams): number {
    const { lnDelta, bw, tailScale, sumA, sumB, deltas, powers, running, bValue } = this;
    const weights = pool.weights;
    let b0 = 0;
    for (let k = 0; k < pool.buckets.length; k++) {
      const i = pool.buckets[k] as number;
      const w = weights[k] as number;
      const ln = (LOG_HALF_LIFE_BASE_VALUE * w) / (params.tau[i] as number);
      lnDelta[k] = ln;
      bw[k] = w * (params.b[i] as number);
      tailScale[k] = Math.abs(bw[k] as number) / -Math.expm1(ln);
      sumA[k] = 0;
      sumB[k] = 0;
      running[k] = 0;
      bValue[k] = params.b[i] as number;
      deltas[k] = Math.exp(ln);
      powers[k] = 1;
      b0 += bw[k] as number;
    }
    return b0;
  }

  /**
   * The effective-data law (official `func_effective_data`), walked like the utility form. Pass `e` adds
   * `g_e = (u_e / c_e) · log1p(f·c_e / C_{e−1})` with `u_e = Σ_k w_k b_k δ_k^e`, `c_e = Σ_k w_k δ_k^e`,
   * `C_e = 1 + Σ_{j≤e} c_j` and `f = 1` for a full pass (the fraction for the last, partial one). In the walk
   * `A_k = Σ_e δ_k^e · L_e / c_e` gives `rest = Σ_k w_k b_k A_k` and `∂rest/∂log(−b_k) = w_k b_k A_k`, as in the
   * utility form; `B_k = Σ_e [e δ_k^e (L_e/c_e + α_e / b_k) + β_e F_k(e) / b_k]` with
   * `α_e = −u_e L_e / c_e² + (u_e / c_e) · f / (C + f c_e)`, `β_e = −u_e f / (C (C + f c_e))` and
   * `F_k(e) = Σ_{j<e} j δ_k^j` gives `∂rest/∂log tau_k = −log δ_k · w_k b_k · B_k` (δ_k^e's derivative in log tau_k
   * is `−log δ_k · e · δ_k^e`, and `u`, `c`, `C` move with it).
   */
  private runEffective(theta: ArrayLike<number>, out: Float64Array, jac: Float64Array | undefined): void {
    const { problem, layout } = this;
    const params = toNatural(layout, theta, this.params);
    const logA = Math.log(params.a);
    const d = params.d;
    const { lnDelta, bw, tailScale, sumA, sumB, partA, partB, deltas, powers } = this;
    for (let p = 0; p < problem.pools.length; p++) {
      const pool = problem.pools[p] as PoolInfo;
      const P = pool.buckets.length;
      const weights = pool.weights;
      const b0 = this.startPool(pool, params);
      let built = 1;
      let before = 1; // C(built − 1)
      let negligible = false;
      for (let o = 0; o < pool.observations.length; o++) {
        const j = pool.observations[o] as number;
        const K = this.passes[j] as number;
        while (!negligible && built < K) {
          const e = built;
          const resync = (e & RESYNC_MASK) === 0;
          let u = 0;
          let c = 0;
          let tail = 0;
          for (let k = 0; k < P; k++) {
            const delta = resync ? Math.exp(e * (lnDelta[k] as number)) : (powers[k] as number) * (deltas[k] as number);
            powers[k] = delta;
            u += (bw[k] as number) * delta;
            c += (weights[k] as number) * delta;
            tail += (tailScale[k] as number) * delta;
          }
          this.accumulate(P, e, u, c, before, 1, sumA, sumB);
          before += c;
          built++;
          if (tail <= SERIES_TOLERANCE) negligible = true;
        }
        let rest = 0;
        const fraction = negligible || K < 1 ? 0 : (problem.samples[j] as number) / pool.size - K;
        for (let k = 0; k < P; k++) {
          partA[k] = sumA[k] as number;
          partB[k] = sumB[k] as number;
        }
        if (fraction > 0) {
          // The partial pass K: δ^K from δ^(K−1) (powers), its term added to copies of the prefix sums.
          let u = 0;
          let c = 0;
          for (let k = 0; k < P; k++) {
            const delta = (powers[k] as number) * (deltas[k] as number);
            u += (bw[k] as number) * delta;
            c += (weights[k] as number) * delta;
          }
          this.accumulate(P, K, u, c, before, fraction, partA, partB, true);
        }
        for (let k = 0; k < P; k++) rest += (bw[k] as number) * (partA[k] as number);
        const head = logA + (this.logFirstPass[j] as number);
        const power = Math.exp(b0 * head + rest);
        out[j] = power + d;
        if (jac !== undefined) this.row(jac, j, p, pool, b0, head, power, power, 1);
      }
    }
  }

  /**
   * Adds pass `e`'s effective-data term (fraction `f`, `C = C(e − 1)`) to the per-bucket sums `A` and `B` (see
   * runEffective). δ_k^e is `powers[k]`, or `powers[k]·δ_k` for a partial pass (`partial`, which leaves the running
   * state alone).
   */
  private accumulate(P: number, e: number, u: number, c: number, C: number, f: number, A: Float64Array, B: Float64Array, partial = false): void {
    if (c === 0) return; // every weight has underflowed: the term is 0 (as in @qqt/core)
    const { powers, deltas, running, bValue } = this;
    const L = Math.log1p((f * c) / C);
    const perC = L / c;
    const alpha = -u * L / (c * c) + (u / c) * f / (C + f * c);
    const beta = (-u * f) / (C * (C + f * c));
    for (let k = 0; k < P; k++) {
      const delta = partial ? (powers[k] as number) * (deltas[k] as number) : (powers[k] as number);
      const b = bValue[k] as number;
      A[k] = (A[k] as number) + delta * perC;
      B[k] = (B[k] as number) + e * delta * (perC + alpha / b) + (beta * (running[k] as number)) / b;
      if (!partial) running[k] = (running[k] as number) + e * delta;
    }
  }

  /**
   * One Jacobian row. `power` = ∂y/∂(b0·head) (R for paper, P·E for reference), `full` = ∂y/∂rest (R or y),
   * `dSlope` = ∂y/∂d (1 or E).
   */
  private row(
    values: Float64Array,
    j: number,
    p: number,
    pool: PoolInfo,
    b0: number,
    head: number,
    power: number,
    full: number,
    dSlope: number,
  ): void {
    const { pattern, bw, lnDelta, partA, partB } = this;
    const row = pattern.rowStart[j] as number;
    const aAt = pattern.poolA[p] as number;
    const dAt = pattern.poolD[p] as number;
    if (aAt >= 0) values[row + aAt] = power * b0;
    if (dAt >= 0) values[row + dAt] = dSlope;
    const bAt = pattern.memberB[p] as Int32Array;
    const tauAt = pattern.memberTau[p] as Int32Array;
    for (let k = 0; k < pool.buckets.length; k++) {
      const c = bw[k] as number;
      // ∂y/∂log(−b_k) = b_k·∂y/∂b_k; ∂y/∂log tau_k through A_k: −log δ_k · B_k.
      const bs = bAt[k] as number;
      if (bs >= 0) values[row + bs] = (values[row + bs] as number) + power * c * head + full * c * (partA[k] as number);
      const ts = tauAt[k] as number;
      if (ts >= 0) values[row + ts] = (values[row + ts] as number) + full * c * -(lnDelta[k] as number) * (partB[k] as number);
    }
  }
}

class CoreEvaluator implements Evaluator {
  readonly analytic = false;
  readonly pattern: JacobianPattern;
  private readonly values: Float64Array;
  private readonly params: NaturalParams;
  private readonly shiftedParams: NaturalParams;
  private readonly shifted: Float64Array;
  private readonly up: Float64Array;
  private readonly down: Float64Array;

  constructor(
    private readonly problem: Problem,
    private readonly layout: Layout,
  ) {
    this.params = emptyParams(problem.buckets.length);
    this.shiftedParams = emptyParams(problem.buckets.length);
    this.pattern = buildJacobianPattern(problem, layout);
    this.values = new Float64Array(this.pattern.nonzeros);
    this.shifted = new Float64Array(layout.size);
    this.up = new Float64Array(problem.count);
    this.down = new Float64Array(problem.count);
  }

  predict(theta: ArrayLike<number>, out: Float64Array): Float64Array {
    const params = toNatural(this.layout, theta, this.params);
    if (!finiteParams(params)) return out.fill(NaN);
    for (let p = 0; p < this.problem.pools.length; p++) this.predictPool(params, p, out);
    return out;
  }

  /** Predictions of one pool's observations through `@qqt/core`'s predictError. */
  private predictPool(params: NaturalParams, p: number, out: Float64Array): void {
    const { problem } = this;
    const pool = problem.pools[p] as PoolInfo;
    const task = { a: params.a, d: params.d, normalizer: problem.normalizer };
    const buckets: Bucket[] = Array.from(pool.buckets, (i) => ({
      id: (problem.buckets[i] as { id: string }).id,
      size: (problem.buckets[i] as { size: number }).size,
      b: params.b[i] as number,
      tau: params.tau[i] as number,
    }));
    // Core's one-budget evaluation: O(buckets) at any number of passes for the utility law, a 512-pass table and
    // quadrature beyond for the effective-data law (a compiled pool would grow its table to 65,536 passes per trial).
    for (const j of pool.observations) {
      try {
        out[j] = predictError(buckets, task, problem.samples[j] as number, problem.law);
      } catch (error) {
        // A trial point whose prediction is not a finite double: an infinite loss, which the solver steps away from.
        if (!(error instanceof CoreError)) throw error;
        out[j] = NaN;
      }
    }
  }

  jacobian(theta: ArrayLike<number>, out: Float64Array, jac: Float64Array): void {
    this.sparseJacobian(theta, out, this.values);
    scatter(this.pattern, this.values, jac);
  }

  /**
   * Central finite differences in θ, pool by pool: shifting a slot changes only the pools whose rows hold it, so a
   * Jacobian costs 2 × (slots per row) pool evaluations per pool instead of 2 × size evaluations of everything.
   */
  sparseJacobian(theta: ArrayLike<number>, out: Float64Array, values: Float64Array): void {
    const { layout, problem, pattern, shifted, up, down } = this;
    this.predict(theta, out);
    for (let k = 0; k < layout.size; k++) shifted[k] = theta[k] as number;
    for (let p = 0; p < problem.pools.length; p++) {
      const pool = problem.pools[p] as PoolInfo;
      const columns = pattern.poolColumns[p] as Int32Array;
      for (let c = 0; c < columns.length; c++) {
        const s = columns[c] as number;
        const x = theta[s] as number;
        // d lives on its natural scale and must stay ≥ 0: one-sided at the lower end.
        const h = layout.kinds[s] === "d" ? FINITE_STEP * Math.max(Math.abs(x), 1e-2) : FINITE_STEP;
        const lowOk = layout.kinds[s] !== "d" || x - h >= 0;
        shifted[s] = x + h;
        const upParams = toNatural(layout, shifted, this.shiftedParams);
        if (finiteParams(upParams)) this.predictPool(upParams, p, up);
        else for (const j of pool.observations) up[j] = NaN;
        if (lowOk) {
          shifted[s] = x - h;
          const downParams = toNatural(layout, shifted, this.shiftedParams);
          if (finiteParams(downParams)) this.predictPool(downParams, p, down);
          else for (const j of pool.observations) down[j] = NaN;
        }
        shifted[s] = x;
        for (const j of pool.observations) {
          values[(pattern.rowStart[j] as number) + c] = lowOk
            ? ((up[j] as number) - (down[j] as number)) / (2 * h)
            : ((up[j] as number) - (out[j] as number)) / h;
        }
      }
    }
  }
}

/** A non-finite θ (a diverged optimizer step) gives non-finite predictions, never an exception. */
function finiteParams(params: NaturalParams): boolean {
  let valid = Number.isFinite(params.a) && Number.isFinite(params.d);
  for (let i = 0; i < params.b.length; i++) valid &&= Number.isFinite(params.b[i]) && Number.isFinite(params.tau[i]);
  return valid;
}

/** log(e^x + e^y) without overflow; handles −Infinity (d = 0). */
function logAddExp(x: number, y: number): number {
  if (x === -Infinity) return y;
  if (y === -Infinity) return x;
  const m = Math.max(x, y);
  if (m === Infinity) return Infinity;
  return m + Math.log1p(Math.exp(-Math.abs(x - y)));
}
