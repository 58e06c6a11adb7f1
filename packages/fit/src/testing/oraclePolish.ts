import { levenbergMarquardt } from "ml-levenberg-marquardt";
import type { Objective } from "../objective.js";
import { clampTheta, type Layout } from "../layout.js";

// Test oracle: the Levenberg–Marquardt polish used until the structured solver (ml-levenberg-marquardt 5.x, dense
// JᵀWJ) with an outer relative stopping rule; the tests check the structured solver reaches the same optimum.
// The library is handed residuals directly (data y = 0, model = −r(θ)), so weights and the Huber transform are ours
// and its absolute errorTolerance never decides anything: it runs in rounds of ROUND iterations, each round
// restarting from the best point found, until a round improves Σ r² by less than `tolerance` relative.

/** Iterations per round between two checks of the relative stopping rule. */
const ROUND = 8;
/** Initial damping λ (θ is on log scales, so λ·I is meaningful). */
const INITIAL_DAMPING = 1e-2;
/** After a round without progress the damping is multiplied by this, up to MAX_RETRY_DAMPING. */
const RETRY_FACTOR = 1e3;
const MAX_RETRY_DAMPING = 1;
/** Σ r² below this fraction of Σ w·y² counts as an exact fit (rounding level). */
const EXACT_FIT = 1e-28;

export interface OraclePolishResult {
  theta: Float64Array;
  sumSquares: number;
  iterations: number;
  converged: boolean;
}

export interface OraclePolishOptions {
  maxIterations: number;
  tolerance: number;
}

export function oraclePolish(objective: Objective, layout: Layout, start: Float64Array, options: OraclePolishOptions): OraclePolishResult {
  const { count, size } = objective;
  const r = new Float64Array(count);
  let theta = clampTheta(layout, Float64Array.from(start));
  let best = objective.residuals(theta, r);
  if (size === 0) return { theta, sumSquares: best, iterations: 0, converged: true };
  let scale = 0;
  for (let j = 0; j < count; j++) scale += (objective.problem.weight[j] as number) * (objective.problem.y[j] as number) ** 2;
  const floor = EXACT_FIT * Math.max(scale, Number.MIN_VALUE);

  // Cache of the last θ seen by the library: it asks for values, then values and Jacobian, at the same point.
  const cacheTheta = new Float64Array(size).fill(NaN);
  const cacheR = new Float64Array(count);
  const jac = new Float64Array(count * size);
  let cacheHasJacobian = false;
  const same = (params: ArrayLike<number>) => {
    for (let k = 0; k < size; k++) if (params[k] !== cacheTheta[k]) return false;
    return true;
  };
  const load = (params: ArrayLike<number>, withJacobian: boolean) => {
    if (same(params) && (cacheHasJacobian || !withJacobian)) return;
    for (let k = 0; k < size; k++) cacheTheta[k] = params[k] as number;
    if (withJacobian) {
      objective.residualsAndJacobian(params, cacheR, jac);
      freezeActiveBounds(params, cacheR, jac, layout, count, size);
    } else objective.residuals(params, cacheR);
    cacheHasJacobian = withJacobian;
  };
  const data = { x: Array.from({ length: count }, (_, j) => j), y: new Array<number>(count).fill(0) };
  const model = (params: number[]) => {
    load(params, false);
    return (x: number) => -(cacheR[x] as number);
  };
  const row = new Array<number>(size);
  const jacobianFunction = (params: number[]) => {
    load(params, true);
    return (x: number) => {
      for (let s = 0; s < size; s++) row[s] = -(jac[x * size + s] as number);
      return row;
    };
  };

  let iterations = 0;
  let converged = best <= floor;
  const minValues = Array.from(layout.lower);
  const maxValues = Array.from(layout.upper);
  let damping = INITIAL_DAMPING;
  while (!converged && iterations < options.maxIterations) {
    const rounds = Math.min(ROUND, options.maxIterations - iterations);
    const result = levenbergMarquardt(data, model, {
      initialValues: Array.from(theta),
      minValues,
      maxValues,
      damping,
      maxIterations: rounds,
      errorTolerance: 0,
      jacobianFunction,
    });
    iterations += result.iterations;
    const value = objective.residuals(result.parameterValues, r);
    if (!(value < best)) {
      // No step of the round helped. At a stationary point that is convergence; otherwise (e.g. steps spoiled by
      // the clamp) retry once with shorter steps.
      if (damping < MAX_RETRY_DAMPING && !stationary(objective, layout, theta)) {
        damping *= RETRY_FACTOR;
        continue;
      }
      converged = true;
      break;
    }
    damping = INITIAL_DAMPING;
    const improvement = best - value;
    theta = Float64Array.from(result.parameterValues);
    best = value;
    if (improvement <= options.tolerance * value || value <= floor) converged = true;
  }
  return { theta, sumSquares: best, iterations, converged };
}

/**
 * Projected steps: a parameter on a bound whose descent direction points out of the box gets a zero Jacobian
 * column, so the damped normal equations give it a zero step and the others move freely (instead of crawling
 * against the clamp). Gradient of ½Σr²: g = Jᵀr; descent is −g.
 */
function freezeActiveBounds(
  theta: ArrayLike<number>,
  r: Float64Array,
  jac: Float64Array,
  layout: Layout,
  count: number,
  size: number,
): void {
  for (let s = 0; s < size; s++) {
    const lo = layout.lower[s] as number;
    const hi = layout.upper[s] as number;
    const x = theta[s] as number;
    const edge = ACTIVE_BOUND * (hi - lo);
    const atLow = x <= lo + edge;
    const atHigh = x >= hi - edge;
    if (!atLow && !atHigh) continue;
    let g = 0;
    for (let j = 0; j < count; j++) g += (jac[j * size + s] as number) * (r[j] as number);
    if ((atLow && g > 0) || (atHigh && g < 0)) {
      for (let j = 0; j < count; j++) jac[j * size + s] = 0;
    }
  }
}

/** A parameter within this fraction of its range from a bound counts as on it for the projected step. */
const ACTIVE_BOUND = 1e-12;

/** Largest |cosine| between the residual vector and a free Jacobian column below which θ is stationary. */
const STATIONARY_COSINE = 1e-6;

/** Whether the residuals are orthogonal to every free (not bound-frozen) direction: the first-order optimality test. */
function stationary(objective: Objective, layout: Layout, theta: Float64Array): boolean {
  const { count, size } = objective;
  const r = new Float64Array(count);
  const jac = new Float64Array(count * size);
  objective.residualsAndJacobian(theta, r, jac);
  freezeActiveBounds(theta, r, jac, layout, count, size);
  let rr = 0;
  for (let j = 0; j < count; j++) rr += (r[j] as number) ** 2;
  if (rr === 0) return true;
  for (let s = 0; s < size; s++) {
    let g = 0;
    let cc = 0;
    for (let j = 0; j < count; j++) {
      const c = jac[j * size + s] as number;
      g += c * (r[j] as number);
      cc += c * c;
    }
    if (cc > 0 && Math.abs(g) > STATIONARY_COSINE * Math.sqrt(cc * rr)) return false;
  }
  return true;
}
