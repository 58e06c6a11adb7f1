/**
 * A quality bucket of a pool with its fitted QQT parameters.
 *
 * @remarks `size` is the number of unique samples, `b < 0` the data-utility exponent (paper Eq. 1), `tau > 0` the
 * utility half-life in repetitions of this bucket alone (paper Eq. 2).
 * @example
 * ```ts
 * const top10: Bucket = { id: "top0-10", size: 12.8e6, b: -0.18, tau: 4.3636, label: "top 0–10% by T-MARS" };
 * ```
 */
export interface Bucket {
  /** Unique identifier of the bucket within a study. */
  id: string;
  /** Number of unique samples in the bucket (> 0). */
  size: number;
  /** Data-utility exponent (< 0): more negative means more useful data. */
  b: number;
  /** Utility half-life in repetitions of this bucket (> 0). */
  tau: number;
  /** Human-readable name, e.g. "top 10–20% by T-MARS score". */
  label?: string;
}

/**
 * Task-level parameters shared by every bucket of a study.
 *
 * @example
 * ```ts
 * const task: TaskParams = { a: 0.022, d: 0.1 }; // normalizer defaults to 1e5
 * ```
 */
export interface TaskParams {
  /** Sample-count scale (> 0). */
  a: number;
  /** Irreducible error (≥ 0). */
  d: number;
  /** Divides the sample count; defaults to {@link DEFAULT_NORMALIZER} (1e5, as in the official code). */
  normalizer?: number;
}

/**
 * Which form of the QQT law to evaluate.
 *
 * @remarks
 * - `formulation: 'utility'` (default): the utility `b` decays with repetitions (paper Eqs. 1–4).
 * - `formulation: 'effective-data'`: utility constant, repeated samples count less (paper appendix,
 *   Muennighoff et al. style); `d` is always added at the end, so `variant` does not change it.
 * - `variant: 'paper'` (default): `y = R(n) + d` as printed in paper Eq. 3.
 * - `variant: 'reference'`: `d` inside the repetition product, exactly as `objective.func_effective_utility`.
 * @example
 * ```ts
 * const official: Law = { formulation: "utility", variant: "reference" };
 * ```
 */
export interface Law {
  /** `'utility'` (default): decaying utility, paper Eqs. 1–4; `'effective-data'`: repeated samples count less. */
  formulation?: "utility" | "effective-data";
  /** `'paper'` (default): `y = R(n) + d`; `'reference'`: `d` inside the repetition product, as the official code. */
  variant?: "paper" | "reference";
}

/**
 * A {@link Law} with every field filled in, as returned by {@link resolveLaw}.
 *
 * @example
 * ```ts
 * const law: ResolvedLaw = { formulation: "utility", variant: "paper" };
 * ```
 */
export interface ResolvedLaw {
  /** The formulation in use. */
  formulation: "utility" | "effective-data";
  /** The variant in use. */
  variant: "paper" | "reference";
}

/**
 * A candidate pool for {@link recommendPools}: a named union of buckets.
 *
 * @example
 * ```ts
 * const top20: CandidatePool = { id: "top20", buckets: [top10, top10to20] };
 * ```
 */
export interface CandidatePool {
  /** Identifier shown in results; defaults to the bucket ids joined by `+`. */
  id?: string;
  /** Human-readable name. */
  label?: string;
  /** The buckets trained on together, sampled uniformly. */
  buckets: readonly Bucket[];
}

/**
 * The best nested pool at one budget, as returned by {@link recommend}.
 *
 * @example
 * ```ts
 * // { budget: 64e6, best: 2, errors: [0.7516, 0.7429, 0.7686, 0.7935], runnerUp: 1, margin: 0.0087 }
 * ```
 */
export interface Recommendation {
  /** Samples seen (the compute budget). */
  budget: number;
  /** `k` of the best top-k pool (1-based). Ties go to the smaller pool. */
  best: number;
  /** `errors[k-1]`: predicted error of the top-k pool at this budget. */
  errors: number[];
  /** `k` of the second-best pool, or `undefined` when there is only one candidate. */
  runnerUp: number | undefined;
  /** Predicted error of the runner-up minus that of the best (≥ 0), or `undefined` with one candidate. */
  margin: number | undefined;
}

/**
 * The best of a list of candidate pools at one budget, as returned by {@link recommendPools}.
 *
 * @example
 * ```ts
 * // { budget: 64e6, best: 1, errors: [0.7516, 0.7429], runnerUp: 0, margin: 0.0087 }
 * ```
 */
export interface PoolRecommendation {
  /** Samples seen (the compute budget). */
  budget: number;
  /** Index of the best candidate (0-based). Ties go to the earlier candidate. */
  best: number;
  /** `errors[i]`: predicted error of candidate `i` at this budget. */
  errors: number[];
  /** Index of the second-best candidate, or `undefined` when there is only one candidate. */
  runnerUp: number | undefined;
  /** Predicted error of the runner-up minus that of the best (≥ 0), or `undefined` with one candidate. */
  margin: number | undefined;
}

/**
 * A budget at which the best candidate pool changes, as found by {@link findCrossovers}.
 *
 * @example
 * ```ts
 * // { budget: 4.96e7, from: 0, to: 1, error: 0.767 }
 * ```
 */
export interface Crossover {
  /** Samples seen at which candidates `from` and `to` have equal predicted error. */
  budget: number;
  /** Index of the best candidate just below `budget`. */
  from: number;
  /** Index of the best candidate just above `budget`. */
  to: number;
  /** The predicted error of both at `budget`. */
  error: number;
}
