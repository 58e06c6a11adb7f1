import { BOUND_PROXIMITY, FLAT_DIRECTION_RATIO } from "./constants.js";
import type { Layout, NaturalParams, ParameterKind } from "./layout.js";
import { symmetricEigen } from "./linalg.js";
import type { Objective } from "./objective.js";
import type { FitWarning, StandardErrors } from "./types.js";

// Internal: warnings and standard errors at the optimum, from the residual Jacobian J (count × size, θ scale).

export interface Diagnostics {
  warnings: FitWarning[];
  standardErrors: StandardErrors;
}

export function diagnose(
  objective: Objective,
  layout: Layout,
  theta: Float64Array,
  params: NaturalParams,
  bucketIds: string[],
): Diagnostics {
  const warnings: FitWarning[] = [];
  const standardErrors: StandardErrors = { buckets: bucketIds.map((id) => ({ id })) };
  const { size, count } = objective;

  // Bounds.
  for (let s = 0; s < size; s++) {
    const lo = layout.lower[s] as number;
    const hi = layout.upper[s] as number;
    const x = theta[s] as number;
    const near = BOUND_PROXIMITY * (hi - lo);
    const kind = layout.kinds[s];
    const natural = (v: number) => (kind === "d" ? v : kind === "b" ? -Math.exp(v) : Math.exp(v));
    if (x - lo <= near || hi - x <= near) {
      const atLow = x - lo <= hi - x;
      // for b, the θ lower end is the natural upper end (θ = log(−b)).
      const side = kind === "b" ? (atLow ? "upper" : "lower") : atLow ? "lower" : "upper";
      warnings.push({
        code: "AT_BOUND",
        message: `${layout.names[s]} = ${fmt(natural(x))} is on or near its ${side} bound ${fmt(natural(atLow ? lo : hi))}; widen options.bounds.${kind} or fix the parameter if this is not intended.`,
      });
    }
  }
  if (size === 0) return { warnings, standardErrors };
  if (count < size) {
    warnings.push({
      code: "NOT_IDENTIFIABLE",
      message: `${count} observations for ${size} free parameters: the fit cannot pin them all down; add runs, share parameters (options.share) or fix some (options.fixed).`,
    });
  }

  // JᵀJ of the residuals (lower triangle from the nonzeros of each row, then mirrored).
  const r = new Float64Array(count);
  const J = new Float64Array(count * size);
  const sumSquares = objective.residualsAndJacobian(theta, r, J);
  const JtJ = new Float64Array(size * size);
  const nonzero = new Int32Array(size);
  for (let j = 0; j < count; j++) {
    const row = j * size;
    let m = 0;
    for (let s = 0; s < size; s++) if ((J[row + s] as number) !== 0) nonzero[m++] = s;
    for (let u = 0; u < m; u++) {
      const s = nonzero[u] as number;
      const js = J[row + s] as number;
      for (let v = 0; v <= u; v++) {
        const t = nonzero[v] as number;
        JtJ[s * size + t] = (JtJ[s * size + t] as number) + js * (J[row + t] as number);
      }
    }
  }
  for (let s = 0; s < size; s++) for (let t = 0; t < s; t++) JtJ[t * size + s] = JtJ[s * size + t] as number;
  const scale = new Float64Array(size);
  for (let s = 0; s < size; s++) scale[s] = Math.sqrt(JtJ[s * size + s] as number);
  let flat = false;
  for (let s = 0; s < size; s++) {
    const x = scale[s] as number;
    if (x > 0 && Number.isFinite(x)) continue;
    flat = true;
    warnings.push({
      code: "NOT_IDENTIFIABLE",
      message: `the loss does not depend on ${layout.names[s]} at the optimum (zero Jacobian column); fix it or add runs that involve it.`,
    });
  }
  // The correlation-scaled matrix (better conditioned): its eigenvalues find flat directions, its inverse gives the
  // standard errors, from one decomposition.
  let eigen: ReturnType<typeof symmetricEigen> | undefined;
  if (!flat) {
    const corr = new Float64Array(size * size);
    for (let s = 0; s < size; s++) {
      for (let t = 0; t < size; t++) corr[s * size + t] = (JtJ[s * size + t] as number) / ((scale[s] as number) * (scale[t] as number));
    }
    eigen = symmetricEigen(corr, size);
    const { values, vectors } = eigen;
    let largest = 0;
    for (let k = 0; k < size; k++) largest = Math.max(largest, Math.abs(values[k] as number));
    if (!eigen.converged) largest = NaN;
    for (let k = 0; k < size; k++) {
      const value = values[k] as number;
      if (Math.abs(value) > FLAT_DIRECTION_RATIO * largest) continue;
      flat = true;
      const involved: Array<{ s: number; weight: number }> = [];
      for (let s = 0; s < size; s++) {
        const weight = Math.abs(vectors[s * size + k] as number);
        if (weight > 0.2) involved.push({ s, weight });
      }
      involved.sort((u, v) => v.weight - u.weight);
      warnings.push({
        code: "NOT_IDENTIFIABLE",
        message: `flat direction in JᵀJ (eigenvalue ratio ${fmt(Math.abs(value) / largest)}): ${involved.map((c) => layout.names[c.s]).join(", ")} can trade off against each other without changing the fit; share or fix one of them, or add runs at other budgets.`,
      });
    }
  }
  const dof = count - size;
  if (flat || dof <= 0 || eigen === undefined) {
    warnings.push({
      code: "NO_STANDARD_ERRORS",
      message:
        dof <= 0
          ? `no residual degrees of freedom (${count} observations, ${size} free parameters): standard errors are not available.`
          : "JᵀJ is singular at the optimum: standard errors are not available (see NOT_IDENTIFIABLE).",
    });
    return { warnings, standardErrors };
  }
  // Diagonal of the inverse: (C⁻¹)_ss = Σ_k V_sk² / λ_k, defined only when every eigenvalue is positive.
  const { values, vectors } = eigen;
  let positive = true;
  for (let k = 0; k < size; k++) if (!((values[k] as number) > 0) || !Number.isFinite(values[k] as number)) positive = false;
  if (!positive) {
    warnings.push({ code: "NO_STANDARD_ERRORS", message: "JᵀJ could not be inverted: standard errors are not available." });
    return { warnings, standardErrors };
  }
  const inverseDiagonal = new Float64Array(size);
  for (let s = 0; s < size; s++) {
    let sum = 0;
    for (let k = 0; k < size; k++) {
      const v = vectors[s * size + k] as number;
      sum += (v * v) / (values[k] as number);
    }
    inverseDiagonal[s] = sum;
  }
  const sigma2 = sumSquares / dof;
  for (let s = 0; s < size; s++) {
    const variance = (sigma2 * (inverseDiagonal[s] as number)) / ((scale[s] as number) * (scale[s] as number));
    if (!(variance >= 0) || !Number.isFinite(variance)) continue;
    const seTheta = Math.sqrt(variance);
    const kind = layout.kinds[s];
    if (kind === "a") standardErrors.a = params.a * seTheta;
    else if (kind === "d") standardErrors.d = seTheta;
    else {
      for (const i of layout.slotBuckets[s] as number[]) {
        const entry = standardErrors.buckets[i] as { id: string; b?: number; tau?: number };
        if (kind === "b") entry.b = Math.abs(params.b[i] as number) * seTheta;
        else entry.tau = (params.tau[i] as number) * seTheta;
      }
    }
  }
  // Weakly pinned parameters: a standard error above WEAK_RELATIVE_ERROR of the value (natural scale).
  const weak: string[] = [];
  const note = (name: string, kind: ParameterKind, value: number, se: number | undefined) => {
    if (se === undefined || !(se > WEAK_RELATIVE_ERROR * Math.abs(value))) return;
    // A value of (about) zero has no relative error: say where it sits instead of "Infinity%".
    if (Math.abs(value) <= ZERO_RELATIVE_TO_SE * se) {
      const { min, max } = layout.bounds[kind];
      const on = (bound: number) => Math.abs(value - bound) <= ZERO_RELATIVE_TO_SE * se;
      const bound = on(min) ? ` (on its lower bound ${short(min)})` : on(max) ? ` (on its upper bound ${short(max)})` : "";
      weak.push(`${name} = ${short(value)} ± ${short(se)}${bound}`);
      return;
    }
    weak.push(`${name} = ${short(value)} ± ${short(se)} (${Math.round((100 * se) / Math.abs(value))}%)`);
  };
  note("a", "a", params.a, standardErrors.a);
  note("d", "d", params.d, standardErrors.d);
  standardErrors.buckets.forEach((entry, i) => {
    note(`b[${entry.id}]`, "b", params.b[i] as number, entry.b);
    note(`tau[${entry.id}]`, "tau", params.tau[i] as number, entry.tau);
  });
  if (weak.length > 0) {
    warnings.push({
      code: "WEAK_ESTIMATE",
      message: `the data barely pin down ${weak.join(", ")}; predictions may still be good, but read these values with their bootstrap intervals, or add runs at more distant budgets.`,
    });
  }
  return { warnings, standardErrors };
}

/** A standard error above this fraction of the value triggers a WEAK_ESTIMATE warning. */
const WEAK_RELATIVE_ERROR = 0.5;
/** A value within this fraction of its standard error of zero (or of a bound) counts as zero (or on the bound). */
const ZERO_RELATIVE_TO_SE = 1e-12;
/** Significant digits of the values in WEAK_ESTIMATE messages (as in the printed parameter tables). */
const SHORT_DIGITS = 4;

/** A number with {@link SHORT_DIGITS} significant digits and no trailing zeros: `4.628`, `-0.09515`, `0`. */
function short(x: number): string {
  return String(Number(x.toPrecision(SHORT_DIGITS)));
}

export function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toPrecision(6);
}
