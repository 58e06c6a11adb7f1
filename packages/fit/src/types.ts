import type { Bucket, Law, ResolvedLaw } from "@qqt/core";
import type { ReferenceGridOptions } from "./referenceGridSearch.js";

/**
 * One training run: a model trained on a pool of one or more buckets for `samplesSeen` samples, reaching `error`.
 *
 * @remarks A pool of several buckets is their union sampled uniformly (e.g. top 30% = three 10% buckets); its
 * model is `predictError` of that pool (Theorem 1). Extra fields (e.g. `metric`, `tags`, `origin`) are allowed and
 * ignored, so `@qqt/data` observations can be passed as they are.
 * @example
 * ```ts
 * const run: Observation = { pool: ["top0-10", "top10-20"], samplesSeen: 51.2e6, error: 0.74 };
 * ```
 */
export interface Observation {
  /** Ids of the buckets trained on (order does not matter). */
  pool: string[];
  /** Samples seen, repetitions included (> 0). */
  samplesSeen: number;
  /** Observed error (1 − accuracy, or a loss; ≥ 0, and > 0 for the `huber-log` loss). */
  error: number;
  /** Relative weight of this run in the loss (> 0, default 1). */
  weight?: number;
}

/**
 * A bucket as given to the fitter: its parameters are what is fitted.
 *
 * @example
 * ```ts
 * const bucket: FitBucket = { id: "top0-10", size: 12.8e6, label: "top 0–10% by T-MARS" };
 * ```
 */
export interface FitBucket {
  /** Unique id, referenced by `Observation.pool`. */
  id: string;
  /** Number of unique samples (> 0). */
  size: number;
  /** Human-readable name, copied to the result. */
  label?: string;
}

/**
 * What to fit: buckets (ordered best-first) and the runs observed on them. A `@qqt/data` Study is one.
 *
 * @example
 * ```ts
 * const input: FitInput = {
 *   buckets: [{ id: "top0-10", size: 12.8e6 }],
 *   observations: [{ pool: ["top0-10"], samplesSeen: 25.6e6, error: 0.83 }, ...],
 * };
 * ```
 */
export interface FitInput {
  buckets: FitBucket[];
  observations: Observation[];
}

/**
 * A closed interval for one parameter; either end may be omitted to keep the default.
 *
 * @example
 * ```ts
 * const tauRange: Range = { min: 0.5, max: 50 };
 * ```
 */
export interface Range {
  min?: number;
  max?: number;
}

/**
 * Per-parameter bounds (natural scale). `b` and `tau` apply to every bucket.
 *
 * @remarks Defaults ({@link DEFAULT_BOUNDS}): `a ∈ [1e-6, 1e4]`, `d ∈ [0, max observed error]`, `b ∈ [−5, −1e-5]`,
 * `tau ∈ [0.01, 1e5]`. Domains: `a > 0`, `d ≥ 0`, `b < 0`, `tau > 0`.
 * @example
 * ```ts
 * const bounds: FitBounds = { d: { max: 0.3 }, tau: { min: 1, max: 10 } };
 * ```
 */
export interface FitBounds {
  a?: Range;
  d?: Range;
  b?: Range;
  tau?: Range;
}

/**
 * A value for every bucket (`number`) or for some buckets by id (`Record`).
 *
 * @example
 * ```ts
 * const tau: PerBucket = { "top0-10": 4.36 };
 * ```
 */
export type PerBucket = number | Record<string, number>;

/**
 * Parameters held constant during the fit (natural scale).
 *
 * @example
 * ```ts
 * const fixed: FixedParameters = { d: 0.1, tau: { "top30-40": 1.5 } };
 * ```
 */
export interface FixedParameters {
  a?: number;
  d?: number;
  b?: PerBucket;
  tau?: PerBucket;
}

/**
 * Starting values to try in addition to the global stage (natural scale; omitted ones come from the global stage).
 *
 * @example
 * ```ts
 * const initial: InitialParameters = { a: 0.02, d: 0.1, b: -0.15, tau: 3 };
 * ```
 */
export type InitialParameters = FixedParameters;

/** The loss minimized: `sse` = Σ w·(y − ŷ)² (the paper's); `huber-log` = Σ w·Huber_δ(log y − log ŷ), robust to outliers. */
export type LossName = "sse" | "huber-log";

/**
 * Options of {@link fit}.
 *
 * @example
 * ```ts
 * const options: FitOptions = { law: { variant: "reference" }, seed: 7, share: ["tau"], fixed: { d: 0.1 } };
 * ```
 */
export interface FitOptions {
  /** The law to fit (default `{ formulation: 'utility', variant: 'paper' }`). */
  law?: Law;
  /** Seed of every random choice (default 0). Same input, options and seed ⇒ identical result. */
  seed?: number;
  /** Parameters that take one value for all buckets (default none: `b` and `tau` per bucket). */
  share?: Array<"b" | "tau">;
  /** Parameters held constant. */
  fixed?: FixedParameters;
  /** Bounds of the free parameters. */
  bounds?: FitBounds;
  /** Loss (default `sse`). */
  loss?: LossName;
  /** Transition of the Huber loss in log-error units (default 0.05, i.e. about 5% relative error). */
  huberDelta?: number;
  /** The normalizer dividing the sample count (default 1e5, as in the official code). */
  normalizer?: number;
  /** How many of the best global-stage candidates are polished (default 4). */
  starts?: number;
  /** Global stage: `auto` (structured grid with `b` projected out, default), `reference-grid` (the official grid
   * port, slow, also polished), or `none` (only `initial`). */
  globalStage?: "auto" | "reference-grid" | "none";
  /** Grids of the reference grid when `globalStage` is `reference-grid` (default: the official grids). */
  referenceGrid?: Pick<ReferenceGridOptions, "a" | "aUpper" | "b" | "tau" | "d">;
  /** Extra starting point (e.g. a previous fit). */
  initial?: InitialParameters;
  /** Levenberg–Marquardt iterations per start (default 1000). */
  maxIterations?: number;
  /** Relative stopping rule: stop when one round of iterations improves the loss by less than this fraction (default 1e-10). */
  tolerance?: number;
  /** Throw `NOT_CONVERGED` instead of returning with a warning when the polish does not converge. */
  strict?: boolean;
}

/**
 * A diagnostic attached to a result.
 *
 * @remarks Codes: `AT_BOUND` (a parameter ends on or within 0.1% of a bound, in the fitted scale),
 * `NOT_IDENTIFIABLE` (fewer observations than free parameters, or a flat direction in JᵀJ),
 * `NO_STANDARD_ERRORS` (JᵀJ singular or no residual degrees of freedom), `WEAK_ESTIMATE` (a standard error above
 * 50% of the value), `NOT_CONVERGED`,
 * `BOOTSTRAP_FAILURES` (some bootstrap refits failed).
 * @example
 * ```ts
 * const w: FitWarning = { code: "AT_BOUND", message: "d = 0 is on its lower bound 0" };
 * ```
 */
export interface FitWarning {
  code: string;
  message: string;
}

/**
 * Standard errors of the free parameters (natural scale, delta method from the Jacobian at the optimum).
 *
 * @example
 * ```ts
 * // { a: 0.0012, d: 0.004, buckets: [{ id: "top0-10", b: 0.003, tau: 0.21 }] }
 * ```
 */
export interface StandardErrors {
  a?: number;
  d?: number;
  buckets: Array<{ id: string; b?: number; tau?: number }>;
}

/**
 * One observation with its fitted prediction.
 *
 * @example
 * ```ts
 * // { index: 0, pool: ["top0-10"], samplesSeen: 25.6e6, observed: 0.836, predicted: 0.8361, residual: -0.0001 }
 * ```
 */
export interface FitResidual {
  /** Index into `input.observations`. */
  index: number;
  pool: string[];
  samplesSeen: number;
  observed: number;
  predicted: number;
  /** `observed − predicted`. */
  residual: number;
  weight: number;
}

/**
 * The JSON-safe echo of the options that shaped a fit (stored in model files).
 *
 * @example
 * ```ts
 * // { share: ["tau"], fixed: { d: 0.1 }, bounds: {}, starts: 4, globalStage: "auto", normalizer: 100000 }
 * ```
 */
export interface FitOptionsEcho {
  share: Array<"b" | "tau">;
  fixed: FixedParameters;
  bounds: FitBounds;
  normalizer: number;
  starts: number;
  globalStage: "auto" | "reference-grid" | "none";
  maxIterations: number;
  tolerance: number;
  huberDelta?: number;
}

/**
 * The result of {@link fit}: fitted parameters, fit quality and diagnostics.
 *
 * @example
 * ```ts
 * const result = fit(input);
 * result.task; // { a: 0.0221, d: 0.0998, normalizer: 100000 }
 * result.buckets[0]; // { id: "top0-10", size: 12800000, b: -0.1801, tau: 4.35 }
 * ```
 */
export interface FitResult {
  law: ResolvedLaw;
  task: { a: number; d: number; normalizer: number };
  /** Fitted buckets in input order (best-first), ready for `@qqt/core`. */
  buckets: Bucket[];
  loss: LossName;
  /** Value of the minimized loss (equals `sse` for the `sse` loss). */
  objective: number;
  /** Σ w·(observed − predicted)² on the error scale, whatever the loss. */
  sse: number;
  /** `sqrt(sse / Σ w)`. */
  rmse: number;
  residuals: FitResidual[];
  /** Levenberg–Marquardt iterations of the winning start. */
  iterations: number;
  /** Whether the relative stopping rule held before `maxIterations`. */
  converged: boolean;
  warnings: FitWarning[];
  standardErrors: StandardErrors;
  seed: number;
  /** Number of observations and of free parameters. */
  observations: number;
  freeParameters: number;
  /** How many starts were polished. */
  starts: number;
  options: FitOptionsEcho;
}
