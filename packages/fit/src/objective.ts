import type { Evaluator } from "./evaluator.js";
import type { Layout } from "./layout.js";
import type { Problem } from "./problem.js";
import type { LossName } from "./types.js";

// Internal: residuals r(θ) whose sum of squares is the loss, with their Jacobian.
//   sse:       r_j = √w_j·(y_j − ŷ_j)                       Σ r² = Σ w (y − ŷ)²
//   huber-log: r_j = √w_j·ψ(t_j), t_j = log y_j − log ŷ_j,  ψ(t) = t for |t| ≤ δ, sign(t)·√(2δ|t| − δ²) beyond,
//              so Σ r² = 2·Σ w·Huber_δ(t) and ψ is continuously differentiable: Levenberg–Marquardt applies as is.

export class Objective {
  readonly count: number;
  readonly size: number;
  readonly predictions: Float64Array;
  private readonly sqrtW: Float64Array;
  private readonly logY: Float64Array;
  private readonly modelJac: Float64Array;

  constructor(
    readonly problem: Problem,
    readonly layout: Layout,
    readonly evaluator: Evaluator,
    readonly loss: LossName,
    readonly huberDelta: number,
  ) {
    this.count = problem.count;
    this.size = layout.size;
    this.predictions = new Float64Array(problem.count);
    this.sqrtW = Float64Array.from(problem.weight, Math.sqrt);
    this.logY = Float64Array.from(problem.y, Math.log);
    this.modelJac = new Float64Array(problem.count * layout.size);
  }

  /** Residuals at θ into `r`; returns Σ r² (Infinity when a prediction is not finite). */
  residuals(theta: ArrayLike<number>, r: Float64Array): number {
    this.evaluator.predict(theta, this.predictions);
    return this.fill(r);
  }

  /** Residuals into `r` and ∂r/∂θ into `jac` (row-major count × size); returns Σ r². */
  residualsAndJacobian(theta: ArrayLike<number>, r: Float64Array, jac: Float64Array): number {
    this.evaluator.jacobian(theta, this.predictions, this.modelJac);
    const total = this.fill(r);
    const { size, count, modelJac, sqrtW, predictions } = this;
    for (let j = 0; j < count; j++) {
      let factor = -(sqrtW[j] as number);
      if (this.loss === "huber-log") {
        const f = predictions[j] as number;
        const t = (this.logY[j] as number) - Math.log(f);
        factor *= psiPrime(t, this.huberDelta) / f;
      }
      for (let s = 0; s < size; s++) jac[j * size + s] = factor * (modelJac[j * size + s] as number);
    }
    return total;
  }

  /**
   * Residuals into `r` and the nonzeros of ∂r/∂θ into `values`, in the order of `evaluator.pattern` (CSR);
   * returns Σ r². No allocation.
   */
  residualsAndSparseJacobian(theta: ArrayLike<number>, r: Float64Array, values: Float64Array): number {
    this.evaluator.sparseJacobian(theta, this.predictions, values);
    const total = this.fill(r);
    const { count, sqrtW, predictions } = this;
    const { rowStart } = this.evaluator.pattern;
    const huber = this.loss === "huber-log";
    for (let j = 0; j < count; j++) {
      let factor = -(sqrtW[j] as number);
      if (huber) {
        const f = predictions[j] as number;
        const t = (this.logY[j] as number) - Math.log(f);
        factor *= psiPrime(t, this.huberDelta) / f;
      }
      const end = rowStart[j + 1] as number;
      for (let e = rowStart[j] as number; e < end; e++) values[e] = factor * (values[e] as number);
    }
    return total;
  }

  /** The reported loss value from Σ r²: the SSE itself, or Σ w·Huber(t). */
  lossValue(sumSquares: number): number {
    return this.loss === "sse" ? sumSquares : sumSquares / 2;
  }

  private fill(r: Float64Array): number {
    const { problem, predictions, sqrtW, count } = this;
    let total = 0;
    for (let j = 0; j < count; j++) {
      const f = predictions[j] as number;
      let value: number;
      if (this.loss === "sse") value = (sqrtW[j] as number) * ((problem.y[j] as number) - f);
      else value = (sqrtW[j] as number) * psi((this.logY[j] as number) - Math.log(f), this.huberDelta);
      r[j] = value;
      total += value * value;
    }
    return Number.isFinite(total) ? total : Infinity;
  }
}

function psi(t: number, delta: number): number {
  const at = Math.abs(t);
  if (at <= delta) return t;
  return Math.sign(t) * Math.sqrt(2 * delta * at - delta * delta);
}

function psiPrime(t: number, delta: number): number {
  const at = Math.abs(t);
  if (at <= delta) return 1;
  return delta / Math.sqrt(2 * delta * at - delta * delta);
}
