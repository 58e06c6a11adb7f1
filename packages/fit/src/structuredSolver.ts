import type { JacobianPattern } from "./jacobianPattern.js";
import type { Layout } from "./layout.js";
import type { Objective } from "./objective.js";
import { unionFind } from "./unionFind.js";

// Internal: the structured Levenberg–Marquardt solver of the polish (own code, not a library: the general-purpose
// ones build JᵀJ dense, O(P²N), and allocate matrices every iteration, which was 54 % of a fit).
//
// θ splits into shared slots G (a, d and any shared b/tau) and local slots (per-bucket or per-quality-group b, tau).
// A run touches G and the local slots of its pool's buckets only, so with the local slots grouped into components
// (buckets coupled by mixture runs or quality groups; one bucket alone is a component of 2 slots) the normal
// equations are block-arrow:
//     [ A   Bᵀ ] [x_G]   [b_G]      A = J_Gᵀ J_G (g × g), D = blockdiag(D_c), D_c = J_cᵀ J_c (n_c × n_c),
//     [ B   D  ] [x_L] = [b_L]      B_c = J_cᵀ J_G (n_c × g)
// assembled in O(Σ row width²) from the CSR Jacobian and solved by the Schur complement
//     S = A − Σ B_cᵀ D_c⁻¹ B_c,  S x_G = b_G − Σ B_cᵀ D_c⁻¹ b_c,  x_c = D_c⁻¹ (b_c − B_c x_G)
// with Cholesky factors of the small blocks (a component is dense only where the runs couple its buckets).
// Damping is λ·I (θ is on log scales, d on its natural one: λ·I is meaningful, and it walked out of poor starts where
// Marquardt's λ·diag(JᵀJ) and Moré's scaling stalled), λ₀ relative to the largest diagonal entry of JᵀJ, updated by the
// gain ratio ρ of actual to predicted reduction (Nielsen: λ·max(1/3, 1 − (2ρ − 1)³) on success, λ·ν, ν·2 on failure),
// a trust-region method in effect; steps are projected into the bounds, and a parameter on a bound whose descent points
// outwards is frozen for the step. Every buffer is allocated once per problem: an iteration allocates nothing.
//
// Stopping rules (as the previous polish): rounds of ROUND iterations; converged when a round improves Σ r² by at
// most `tolerance` relative, when a step changes Σ r² by at most `tolerance` relative and the nearly undamped
// Gauss–Newton step predicts no larger gain (the decrement: the minimum is reached to the tolerance), when Σ r²
// reaches the exact-fit floor, when no step helps at a stationary point, or when no step helps even at the largest
// damping; not converged when `maxIterations` runs out first. With an incumbent (the best start's Σ r²), a start
// far above it that gains too little per round to reach it within the iteration budget is abandoned (a 100 × 100
// study had one start crawl all 1,000 iterations at 4.4–6× the optimum's Σ r²).

/** Iterations per round between two checks of the relative stopping rule. */
const ROUND = 8;
/** Initial λ, relative to the largest diagonal entry of JᵀJ at the start. */
const INITIAL_DAMPING = 1e-3;
/** λ beyond this: no step can help any more (rounding level), stop. */
const MAX_DAMPING = 1e16;
/** Σ r² below this fraction of Σ w·y² counts as an exact fit (rounding level). */
const EXACT_FIT = 1e-28;
/** A parameter within this fraction of its range from a bound counts as on it for the projected step. */
const ACTIVE_BOUND = 1e-12;
/** Largest |cosine| between the residual vector and a free Jacobian column below which θ is stationary. */
const STATIONARY_COSINE = 1e-6;
/** λ of the Gauss–Newton decrement test, relative to the largest diagonal entry of JᵀJ at the start. */
const DECREMENT_DAMPING = 1e-12;
/** A start is never abandoned before this many iterations (its first rounds often fall steeply). */
const ABANDON_AFTER = 64;
/** Only a start whose Σ r² is above this multiple of the incumbent's can be abandoned. */
const ABANDON_RATIO = 2;
/** Margin on the rate extrapolation: the remaining budget at this many times the last round's gain must fall short. */
const ABANDON_MARGIN = 4;

/** Outcome of one polish. */
export interface PolishResult {
  theta: Float64Array;
  sumSquares: number;
  iterations: number;
  converged: boolean;
  /** Set when the normal equations could not be formed or factored (non-finite Jacobian, overflow). */
  failure?: string;
  /** Set when the polish gave up on a start that could not reach {@link PolishOptions.incumbent} (not converged). */
  abandoned?: true;
}

/** Iteration budget and relative stopping tolerance. */
export interface PolishOptions {
  maxIterations: number;
  tolerance: number;
  /**
   * Σ r² of the best start polished so far. A start still above twice this value after 64 iterations, whose last
   * round gained so little that four times that gain per round over the remaining iteration budget would not bring
   * it down to the incumbent, is abandoned: it crawls along a valley far above a minimum already found.
   */
  incumbent?: number;
}

export class StructuredSolver {
  private readonly size: number;
  private readonly count: number;
  private readonly pattern: JacobianPattern;
  /** Shared slots: count, and index of each slot among them (−1 for local slots). */
  private readonly globals: number;
  private readonly globalIndex: Int32Array;
  private readonly globalSlots: Int32Array;
  /** Local slots: component of each slot and its index within it (−1 for shared slots). */
  private readonly componentOf: Int32Array;
  private readonly localIndex: Int32Array;
  /** Per component: its slots (in local order), offset of D_c (n_c²) and of B_c (n_c·g) in `H`. */
  private readonly componentSlots: Int32Array[];
  private readonly offsetD: Int32Array;
  private readonly offsetB: Int32Array;
  /** Normal matrix in blocks: A at 0, then each component's D_c and B_c, then one scratch cell. */
  private readonly H: Float64Array;
  private readonly trash: number;
  /** Per pool: offset of its (width × width) table of targets in H. */
  private readonly pairStart: Int32Array;
  private readonly pairTarget: Int32Array;
  /** Position in H of each slot's diagonal entry. */
  private readonly diagonal: Int32Array;
  // Work buffers.
  // Residuals and Jacobian values at θ, and at the trial point (swapped in when a trial is accepted).
  private values: Float64Array;
  private valuesTrial: Float64Array;
  private r: Float64Array;
  private rTrial: Float64Array;
  /** Whether a trial's Jacobian comes with its residuals (analytic: cheap, so computed with them and kept if accepted). */
  private readonly jacobianWithTrial: boolean;
  private readonly grad: Float64Array;
  private readonly frozen: Uint8Array;
  private readonly step: Float64Array;
  private readonly trial: Float64Array;
  private readonly factors: Float64Array;
  private readonly X: Float64Array;
  private readonly y: Float64Array;
  private readonly S: Float64Array;
  private readonly t: Float64Array;
  private readonly xG: Float64Array;

  constructor(
    private readonly objective: Objective,
    private readonly layout: Layout,
  ) {
    const size = layout.size;
    this.size = size;
    this.count = objective.count;
    const pattern = objective.evaluator.pattern;
    this.pattern = pattern;
    const problem = objective.problem;

    const shared = (s: number) => {
      const kind = layout.kinds[s];
      return kind === "a" || kind === "d" || (kind === "b" && layout.shareB) || (kind === "tau" && layout.shareTau);
    };
    this.globalIndex = new Int32Array(size).fill(-1);
    const globalSlots: number[] = [];
    for (let s = 0; s < size; s++) if (shared(s)) this.globalIndex[s] = globalSlots.push(s) - 1;
    this.globals = globalSlots.length;
    this.globalSlots = Int32Array.from(globalSlots);

    // Components of the local slots: slots in a common row are coupled (union–find).
    const { find, join } = unionFind(size);
    for (const columns of pattern.poolColumns) {
      let first = -1;
      for (const s of columns) {
        if (this.globalIndex[s] !== -1) continue;
        if (first < 0) first = s;
        else join(s, first);
      }
    }
    this.componentOf = new Int32Array(size).fill(-1);
    this.localIndex = new Int32Array(size).fill(-1);
    const rootComponent = new Map<number, number>();
    const members: number[][] = [];
    for (let s = 0; s < size; s++) {
      if (this.globalIndex[s] !== -1) continue;
      const root = find(s);
      let c = rootComponent.get(root);
      if (c === undefined) {
        c = members.length;
        rootComponent.set(root, c);
        members.push([]);
      }
      this.componentOf[s] = c;
      this.localIndex[s] = (members[c] as number[]).push(s) - 1;
    }
    this.componentSlots = members.map((m) => Int32Array.from(m));
    const g = this.globals;
    this.offsetD = new Int32Array(members.length);
    this.offsetB = new Int32Array(members.length);
    let at = g * g;
    for (let c = 0; c < members.length; c++) {
      const n = (members[c] as number[]).length;
      this.offsetD[c] = at;
      at += n * n;
      this.offsetB[c] = at;
      at += n * g;
    }
    this.trash = at;
    this.H = new Float64Array(at + 1);
    this.factors = new Float64Array(at + 1);
    this.X = new Float64Array(at + 1);

    this.diagonal = new Int32Array(size);
    for (let s = 0; s < size; s++) this.diagonal[s] = this.target(s, s);
    this.pairStart = new Int32Array(pattern.poolColumns.length);
    let pairs = 0;
    for (let p = 0; p < pattern.poolColumns.length; p++) {
      this.pairStart[p] = pairs;
      pairs += (pattern.poolColumns[p] as Int32Array).length ** 2;
    }
    this.pairTarget = new Int32Array(pairs);
    for (let p = 0; p < pattern.poolColumns.length; p++) {
      const columns = pattern.poolColumns[p] as Int32Array;
      const w = columns.length;
      for (let q1 = 0; q1 < w; q1++) {
        for (let q2 = 0; q2 < w; q2++) {
          this.pairTarget[(this.pairStart[p] as number) + q1 * w + q2] = this.target(columns[q1] as number, columns[q2] as number);
        }
      }
    }

    this.values = new Float64Array(pattern.nonzeros);
    this.valuesTrial = new Float64Array(pattern.nonzeros);
    this.jacobianWithTrial = objective.evaluator.analytic;
    this.r = new Float64Array(problem.count);
    this.rTrial = new Float64Array(problem.count);
    this.grad = new Float64Array(size);
    this.frozen = new Uint8Array(size);
    this.step = new Float64Array(size);
    this.trial = new Float64Array(size);
    this.y = new Float64Array(size);
    this.S = new Float64Array(g * g);
    this.t = new Float64Array(g);
    this.xG = new Float64Array(g);
  }

  /** Where the product of columns s1, s2 accumulates in H (the scratch cell for the upper block Bᵀ). */
  private target(s1: number, s2: number): number {
    const g = this.globals;
    const g1 = this.globalIndex[s1] as number;
    const g2 = this.globalIndex[s2] as number;
    if (g1 >= 0 && g2 >= 0) return g1 * g + g2;
    if (g1 >= 0) return this.trash;
    const c = this.componentOf[s1] as number;
    const l1 = this.localIndex[s1] as number;
    if (g2 >= 0) return (this.offsetB[c] as number) + l1 * g + g2;
    const n = (this.componentSlots[c] as Int32Array).length;
    return (this.offsetD[c] as number) + l1 * n + (this.localIndex[s2] as number);
  }

  /** Polishes from `start` (clamped into the bounds). */
  polish(start: ArrayLike<number>, options: PolishOptions): PolishResult {
    const { objective, layout, size, count } = this;
    let theta: Float64Array = new Float64Array(size);
    for (let s = 0; s < size; s++) theta[s] = start[s] as number;
    clampLayout(layout, theta);
    if (size === 0) return { theta, sumSquares: objective.residuals(theta, this.r), iterations: 0, converged: true };
    let F = objective.residualsAndSparseJacobian(theta, this.r, this.values);
    if (!Number.isFinite(F)) return { theta, sumSquares: Infinity, iterations: 0, converged: false };
    let weightScale = 0;
    for (let j = 0; j < count; j++) weightScale += (objective.problem.weight[j] as number) * (objective.problem.y[j] as number) ** 2;
    const floor = EXACT_FIT * Math.max(weightScale, Number.MIN_VALUE);

    let failure = this.assemble(theta, F);
    if (failure !== undefined) return { theta, sumSquares: F, iterations: 0, converged: false, failure };
    let converged = F <= floor;
    let iterations = 0;
    let lambda = INITIAL_DAMPING;
    let largest = 0;
    for (let s = 0; s < size; s++) largest = Math.max(largest, this.H[this.diagonal[s] as number] as number);
    lambda *= largest > 0 ? largest : 1;
    let nu = 2;
    let roundStart = F;
    let inRound = 0;
    let trial: Float64Array = this.trial;
    const incumbent = options.incumbent ?? Infinity;
    let negligible = false;
    let abandoned = false;
    while (!converged && iterations < options.maxIterations) {
      iterations++;
      inRound++;
      let accepted = false;
      if (this.solve(lambda)) {
        let moved = false;
        for (let s = 0; s < size; s++) {
          const x = theta[s] as number;
          const next = Math.min(Math.max(x + (this.step[s] as number), layout.lower[s] as number), layout.upper[s] as number);
          trial[s] = next;
          this.step[s] = next - x;
          if (next !== x) moved = true;
        }
        if (moved) {
          const predicted = this.predictedReduction();
          // With an analytic Jacobian the trial's comes with its residuals (the same predictions), so an accepted
          // step needs no second evaluation; a finite-difference one is computed only once the step is accepted.
          const value = this.jacobianWithTrial
            ? objective.residualsAndSparseJacobian(trial, this.rTrial, this.valuesTrial)
            : objective.residuals(trial, this.rTrial);
          negligible = Math.abs(F - value) <= options.tolerance * Math.min(F, value);
          if (value < F) {
            const rho = predicted > 0 ? (F - value) / predicted : 1;
            lambda *= Math.max(1 / 3, 1 - (2 * rho - 1) ** 3);
            nu = 2;
            const swap = theta;
            theta = trial;
            trial = swap;
            F = value;
            accepted = true;
            if (F <= floor) {
              converged = true;
              break;
            }
            if (this.jacobianWithTrial) {
              const r = this.r;
              this.r = this.rTrial;
              this.rTrial = r;
              const values = this.values;
              this.values = this.valuesTrial;
              this.valuesTrial = values;
            } else objective.residualsAndSparseJacobian(theta, this.r, this.values);
            failure = this.assemble(theta, F);
            if (failure !== undefined) break;
          }
        }
      }
      if (negligible) {
        negligible = false;
        // The step changed Σ r² by at most the tolerance: stop if even the (nearly) undamped Gauss–Newton step
        // predicts no more than that, i.e. the minimum is reached to the tolerance (else λ was too large: go on).
        // A negative decrement is rounding in a nearly singular solve: no conclusion.
        if (this.solve(DECREMENT_DAMPING * largest)) {
          const decrement = this.predictedReduction();
          if (decrement >= 0 && decrement <= options.tolerance * F) {
            converged = true;
            break;
          }
        }
      }
      if (!accepted) {
        lambda *= nu;
        nu *= 2;
        if (lambda > MAX_DAMPING) {
          // No step helps even at the shortest: a minimum to rounding (or a point the bounds pin down).
          converged = true;
          break;
        }
      }
      if (inRound === ROUND) {
        const improvement = roundStart - F;
        if (improvement === 0) {
          if (this.stationary(F)) converged = true;
        } else if (improvement <= options.tolerance * F) converged = true;
        roundStart = F;
        inRound = 0;
        if (!converged && iterations >= ABANDON_AFTER && F > ABANDON_RATIO * incumbent) {
          const roundsLeft = (options.maxIterations - iterations) / ROUND;
          if (ABANDON_MARGIN * improvement * roundsLeft < F - incumbent) {
            abandoned = true;
            break;
          }
        }
      }
    }
    // theta may be the solver's trial buffer after swaps: hand back a copy.
    const out = Float64Array.from(theta);
    if (failure !== undefined) return { theta: out, sumSquares: F, iterations, converged: false, failure };
    return abandoned ? { theta: out, sumSquares: F, iterations, converged: false, abandoned } : { theta: out, sumSquares: F, iterations, converged };
  }

  /**
   * Gradient Jᵀr and normal matrix JᵀJ in blocks from the CSR Jacobian, with bound-active columns frozen;
   * returns a failure text when they are not finite.
   */
  private assemble(theta: Float64Array, F: number): string | undefined {
    const { H, grad, values, r, pattern, pairTarget, pairStart, layout, size } = this;
    const { rowStart } = pattern;
    const poolOf = this.objective.problem.poolOf;
    H.fill(0);
    grad.fill(0);
    for (let j = 0; j < this.count; j++) {
      const base = rowStart[j] as number;
      const w = (rowStart[j + 1] as number) - base;
      const pt = pairStart[poolOf[j] as number] as number;
      const rj = r[j] as number;
      for (let q1 = 0; q1 < w; q1++) {
        const v1 = values[base + q1] as number;
        if (v1 === 0) continue;
        const s1 = pattern.column[base + q1] as number;
        grad[s1] = (grad[s1] as number) + v1 * rj;
        const off = pt + q1 * w;
        for (let q2 = 0; q2 < w; q2++) {
          const at = pairTarget[off + q2] as number;
          H[at] = (H[at] as number) + v1 * (values[base + q2] as number);
        }
      }
    }
    let finite = Number.isFinite(F);
    for (let s = 0; s < size && finite; s++) finite = Number.isFinite(grad[s]) && Number.isFinite(H[this.diagonal[s] as number]);
    if (finite) for (let k = 0; k < this.trash && finite; k++) finite = Number.isFinite(H[k]);
    if (!finite) return "the normal equations JᵀJ are not finite";
    // Projected step: a parameter on a bound whose descent (−gradient) points out of the box is frozen.
    for (let s = 0; s < size; s++) {
      const lo = layout.lower[s] as number;
      const hi = layout.upper[s] as number;
      const x = theta[s] as number;
      const edge = ACTIVE_BOUND * (hi - lo);
      const g = grad[s] as number;
      const freeze = (x <= lo + edge && g > 0) || (x >= hi - edge && g < 0);
      this.frozen[s] = freeze ? 1 : 0;
      if (freeze) {
        // A zero Jacobian column: the damped equations give it δ = 0 and the others move freely.
        grad[s] = 0;
        for (let u = 0; u < size; u++) {
          H[this.target(s, u)] = 0;
          H[this.target(u, s)] = 0;
        }
      }
    }
    return undefined;
  }

  /**
   * Solves (JᵀJ + λ·I) δ = −Jᵀr by the Schur complement over the shared slots into `step`;
   * frozen slots get δ = 0. Returns false when a block is not positive definite.
   */
  private solve(lambda: number): boolean {
    const { H, factors, X, y, S, t, xG, globals: g, grad, step } = this;
    for (let k1 = 0; k1 < g; k1++) {
      for (let k2 = 0; k2 < g; k2++) S[k1 * g + k2] = H[k1 * g + k2] as number;
      const s1 = this.globalSlots[k1] as number;
      S[k1 * g + k1] = (S[k1 * g + k1] as number) + lambda;
      t[k1] = -(grad[s1] as number);
    }
    for (let c = 0; c < this.componentSlots.length; c++) {
      const slots = this.componentSlots[c] as Int32Array;
      const n = slots.length;
      const oD = this.offsetD[c] as number;
      const oB = this.offsetB[c] as number;
      // M = D_c + λ diag, factored in place in `factors`; X_c starts as B_c, y_c as b_c.
      for (let l1 = 0; l1 < n; l1++) {
        const s1 = slots[l1] as number;
        for (let l2 = 0; l2 <= l1; l2++) factors[oD + l1 * n + l2] = H[oD + l1 * n + l2] as number;
        factors[oD + l1 * n + l1] = (factors[oD + l1 * n + l1] as number) + lambda;
        for (let k = 0; k < g; k++) X[oB + l1 * g + k] = H[oB + l1 * g + k] as number;
        y[s1] = -(grad[s1] as number);
      }
      if (!cholesky(factors, oD, n)) return false;
      // X_c = M⁻¹ B_c (column by column, in place), y_c = M⁻¹ b_c; S −= B_cᵀ X_c, t −= B_cᵀ y_c.
      for (let k = 0; k < g; k++) choleskySolveStrided(factors, oD, n, X, oB + k, g);
      choleskySolveSlots(factors, oD, n, y, slots);
      for (let k1 = 0; k1 < g; k1++) {
        let ty = 0;
        for (let l = 0; l < n; l++) ty += (H[oB + l * g + k1] as number) * (y[slots[l] as number] as number);
        t[k1] = (t[k1] as number) - ty;
        for (let k2 = 0; k2 < g; k2++) {
          let sum = 0;
          for (let l = 0; l < n; l++) sum += (H[oB + l * g + k1] as number) * (X[oB + l * g + k2] as number);
          S[k1 * g + k2] = (S[k1 * g + k2] as number) - sum;
        }
      }
    }
    if (g > 0) {
      if (!cholesky(S, 0, g)) return false;
      for (let k = 0; k < g; k++) xG[k] = t[k] as number;
      choleskySolveStrided(S, 0, g, xG, 0, 1);
      for (let k = 0; k < g; k++) step[this.globalSlots[k] as number] = xG[k] as number;
    }
    for (let c = 0; c < this.componentSlots.length; c++) {
      const slots = this.componentSlots[c] as Int32Array;
      const oB = this.offsetB[c] as number;
      for (let l = 0; l < slots.length; l++) {
        const s = slots[l] as number;
        let value = y[s] as number;
        for (let k = 0; k < g; k++) value -= (X[oB + l * g + k] as number) * (xG[k] as number);
        step[s] = value;
      }
    }
    for (let s = 0; s < this.size; s++) if (!Number.isFinite(step[s])) return false;
    return true;
  }

  /** Reduction of Σ r² the linear model predicts for `step`: −(2 gᵀδ + ‖Jδ‖²). */
  private predictedReduction(): number {
    const { values, step, grad, pattern, size } = this;
    let linear = 0;
    for (let s = 0; s < size; s++) linear += (grad[s] as number) * (step[s] as number);
    let quadratic = 0;
    const { rowStart, column } = pattern;
    for (let j = 0; j < this.count; j++) {
      let jd = 0;
      const end = rowStart[j + 1] as number;
      for (let e = rowStart[j] as number; e < end; e++) jd += (values[e] as number) * (step[column[e] as number] as number);
      quadratic += jd * jd;
    }
    return -(2 * linear + quadratic);
  }

  /** Whether the residuals are orthogonal to every free (not bound-frozen) column: first-order optimality. */
  private stationary(F: number): boolean {
    if (F === 0) return true;
    for (let s = 0; s < this.size; s++) {
      if (this.frozen[s] === 1) continue;
      const cc = this.H[this.diagonal[s] as number] as number;
      if (cc > 0 && Math.abs(this.grad[s] as number) > STATIONARY_COSINE * Math.sqrt(cc * F)) return false;
    }
    return true;
  }
}

function clampLayout(layout: Layout, theta: Float64Array): void {
  for (let k = 0; k < layout.size; k++) {
    theta[k] = Math.min(Math.max(theta[k] as number, layout.lower[k] as number), layout.upper[k] as number);
  }
}

/** In-place Cholesky of the n × n block at `offset` (lower triangle read and written); false if not positive definite. */
function cholesky(A: Float64Array, offset: number, n: number): boolean {
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = A[offset + i * n + j] as number;
      for (let k = 0; k < j; k++) sum -= (A[offset + i * n + k] as number) * (A[offset + j * n + k] as number);
      if (i === j) {
        if (!(sum > 0) || !Number.isFinite(sum)) return false;
        A[offset + i * n + i] = Math.sqrt(sum);
      } else A[offset + i * n + j] = sum / (A[offset + j * n + j] as number);
    }
  }
  return true;
}

/** Solves L Lᵀ x = b in place for a vector stored in `x` at `start`, `start + stride`, ... */
function choleskySolveStrided(L: Float64Array, offset: number, n: number, x: Float64Array, start: number, stride: number): void {
  for (let i = 0; i < n; i++) {
    let sum = x[start + i * stride] as number;
    for (let k = 0; k < i; k++) sum -= (L[offset + i * n + k] as number) * (x[start + k * stride] as number);
    x[start + i * stride] = sum / (L[offset + i * n + i] as number);
  }
  for (let i = n - 1; i >= 0; i--) {
    let sum = x[start + i * stride] as number;
    for (let k = i + 1; k < n; k++) sum -= (L[offset + k * n + i] as number) * (x[start + k * stride] as number);
    x[start + i * stride] = sum / (L[offset + i * n + i] as number);
  }
}

/** Solves L Lᵀ x = b in place for a vector stored at the given slots of `x`. */
function choleskySolveSlots(L: Float64Array, offset: number, n: number, x: Float64Array, slots: Int32Array): void {
  for (let i = 0; i < n; i++) {
    let sum = x[slots[i] as number] as number;
    for (let k = 0; k < i; k++) sum -= (L[offset + i * n + k] as number) * (x[slots[k] as number] as number);
    x[slots[i] as number] = sum / (L[offset + i * n + i] as number);
  }
  for (let i = n - 1; i >= 0; i--) {
    let sum = x[slots[i] as number] as number;
    for (let k = i + 1; k < n; k++) sum -= (L[offset + k * n + i] as number) * (x[slots[k] as number] as number);
    x[slots[i] as number] = sum / (L[offset + i * n + i] as number);
  }
}
