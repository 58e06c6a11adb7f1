import type { Bucket, Law, Model, ModelCoverage, ModelNoise, ResolvedLaw } from "@qqt/core";
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
  /**
   * The bucket's quality (a `@qqt/data` study bucket's `quality`); buckets with the same `group` share one `b` and
   * one `tau` — e.g. the same top-k% of a 1/10 pilot pool and of the full pool, so runs at one scale fit both.
   */
  quality?: {
    /** Quality group: buckets with the same group share `b` and `tau`. */
    group?: string;
  };
}

/**
 * What to fit: buckets (ordered best-first) and the runs observed on them. A `@qqt/data` Study is one.
 *
 * @example
 * The input of the examples of this package: two buckets, each trained alone for 2, 4, 6, 8 and 10 epochs; the
 * errors are the law's (paper variant) for `a = 0.022`, `d = 0.1`, `b = −0.18, −0.15`, `tau = 4.36, 4.27`,
 * rounded to 4 decimals.
 * ```ts
 * const errors = { "top0-10": [0.8462, 0.7852, 0.7609, 0.7487, 0.7419], "top10-20": [0.8837, 0.8304, 0.809, 0.7984, 0.7925] };
 * const input: FitInput = {
 *   buckets: [{ id: "top0-10", size: 12.8e6 }, { id: "top10-20", size: 12.8e6 }],
 *   observations: Object.entries(errors).flatMap(([id, ys]) =>
 *     ys.map((error, k) => ({ pool: [id], samplesSeen: 2 * (k + 1) * 12.8e6, error })),
 *   ),
 * };
 * ```
 */
export interface FitInput {
  /** The buckets, best quality first, with unique ids; each gets its own `b` and `tau` unless shared or fixed. */
  buckets: FitBucket[];
  /** The training runs fitted (at least 2); every `pool` id must name one of `buckets`. */
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
  /** Lower end (natural scale, within the parameter's domain); the default bound when omitted. */
  min?: number;
  /** Upper end (natural scale, above `min`); the default bound when omitted. */
  max?: number;
}

/**
 * Per-parameter bounds (natural scale). `b` and `tau` apply to every bucket.
 *
 * @remarks Defaults ({@link DEFAULT_BOUNDS}): `a ∈ [1e-6, 1e4]`, `d ∈ [0, smallest observed error]`, `b ∈ [−5, −1e-5]`,
 * `tau ∈ [0.01, 1e5]`. Domains: `a > 0`, `d ≥ 0`, `b < 0`, `tau > 0`.
 * @example
 * ```ts
 * const bounds: FitBounds = { d: { max: 0.3 }, tau: { min: 1, max: 10 } };
 * ```
 */
export interface FitBounds {
  /** Range of the sample-count scale `a` (> 0; default [1e-6, 1e4]). */
  a?: Range;
  /** Range of the irreducible error `d`, in error units (≥ 0; default [0, smallest observed error]). */
  d?: Range;
  /** Range of every bucket's utility exponent `b` (< 0; default [−5, −1e-5]). */
  b?: Range;
  /** Range of every bucket's half-life `tau`, in repetitions (> 0; default [0.01, 1e5]). */
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
  /** Sample-count scale `a` (> 0), shared by all buckets. */
  a?: number;
  /** Irreducible error `d` (≥ 0, in error units), shared by all buckets. */
  d?: number;
  /** Utility exponent `b` (< 0): one value for every bucket, or values for some buckets by id. */
  b?: PerBucket;
  /** Half-life `tau` in repetitions (> 0): one value for every bucket, or values for some buckets by id. */
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

/**
 * The loss minimized: `sse` = Σ w·(y − ŷ)² (the paper's); `huber-log` = Σ w·Huber_δ(log y − log ŷ), robust to
 * outliers (quadratic within `huberDelta` of the prediction in log error, linear beyond; needs every error > 0).
 *
 * @example
 * ```ts
 * const robust = fit(input, { loss: "huber-log", huberDelta: 0.02 });
 * ```
 */
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
 * The kind of a {@link FitWarning}: a problem that did not stop the fit but limits trust in it.
 *
 * @remarks
 * - `AT_BOUND`: a parameter ended on one of its bounds, or nearer to it than 0.1% of the width of its range
 *   (measured in the fitted scale: log for `a`, `−b` and `tau`); widen `bounds` or fix it if that is not intended.
 * - `NOT_IDENTIFIABLE`: fewer observations than free parameters, a parameter the loss does not depend on, or a flat
 *   direction of JᵀJ (parameters that trade off against each other); the message names them.
 * - `NO_STANDARD_ERRORS`: JᵀJ is singular or there are no residual degrees of freedom, so `standardErrors` is empty.
 * - `WEAK_ESTIMATE`: a standard error is above 50% of its parameter's value.
 * - `NOT_CONVERGED`: the winning polish stopped at `maxIterations` before its stopping rule held (`strict: true`
 *   throws instead).
 * - `BOOTSTRAP_FAILURES`: some bootstrap refits failed and were left out of the intervals.
 * @example
 * ```ts
 * const atBound = result.warnings.some((w) => w.code === "AT_BOUND");
 * ```
 */
export type FitWarningCode =
  | "AT_BOUND"
  | "NOT_IDENTIFIABLE"
  | "NO_STANDARD_ERRORS"
  | "WEAK_ESTIMATE"
  | "NOT_CONVERGED"
  | "BOOTSTRAP_FAILURES";

/**
 * A diagnostic attached to a result: what limits trust in it, and what to change.
 *
 * @remarks Stored in model files as `@qqt/data`'s `ModelFitWarning` (same shape, `code` as a string).
 * @example
 * ```ts
 * const warning: FitWarning = {
 *   code: "AT_BOUND",
 *   message: "d = 0 is on or near its lower bound 0; widen options.bounds.d or fix the parameter if this is not intended.",
 * };
 * ```
 */
export interface FitWarning {
  /** The kind of problem (see {@link FitWarningCode}); stable, programs may switch on it. */
  code: FitWarningCode;
  /** What happened and what to do about it, in one or two sentences for people. */
  message: string;
}

/**
 * Standard errors of the free parameters (natural scale, delta method from the Jacobian at the optimum).
 *
 * @remarks `s²·(JᵀJ)⁻¹` with `s²` = the loss's sum of squared residuals / (observations − free parameters), J the
 * residuals' Jacobian in the fitted scale (log for `a`, `−b`, `tau`), mapped to the natural one. Fixed parameters
 * have no entry; when a `NO_STANDARD_ERRORS` warning is present, no parameter has one. A shared `b` or `tau` repeats
 * its standard error for every bucket.
 * @example
 * ```ts
 * fit(input, { seed: 1 }).standardErrors;
 * // { a: 0.00042, d: 0.0032, buckets: [{ id: "top0-10", b: 0.00063, tau: 0.014 }, { id: "top10-20", b: 0.00084, tau: 0.012 }] }
 * ```
 */
export interface StandardErrors {
  /** Standard error of the sample-count scale `a` (≥ 0); absent when `a` is fixed or has none. */
  a?: number;
  /** Standard error of the irreducible error `d`, in error units (≥ 0); absent when `d` is fixed or has none. */
  d?: number;
  /** One entry per input bucket, in input order. */
  buckets: BucketStandardErrors[];
}

/**
 * Standard errors of one bucket's fitted parameters.
 *
 * @example
 * ```ts
 * const se: BucketStandardErrors = { id: "top0-10", b: 0.00063, tau: 0.014 };
 * ```
 */
export interface BucketStandardErrors {
  /** The bucket's id. */
  id: string;
  /** Standard error of the utility exponent `b` (≥ 0); absent when `b` is fixed or has none. */
  b?: number;
  /** Standard error of the half-life `tau`, in repetitions (≥ 0); absent when `tau` is fixed or has none. */
  tau?: number;
}

/**
 * One observation with its fitted prediction.
 *
 * @example
 * ```ts
 * fit(input, { seed: 1 }).residuals[0];
 * // { index: 0, pool: ["top0-10"], samplesSeen: 25600000, observed: 0.8462, predicted: 0.846198, residual: 0.0000015, weight: 1 }
 * ```
 */
export interface FitResidual {
  /** Index into `input.observations`. */
  index: number;
  /** Ids of the buckets the run trained on, as given. */
  pool: string[];
  /** Samples seen by the run. */
  samplesSeen: number;
  /** The run's observed error. */
  observed: number;
  /** The fitted law's error for this pool and budget. */
  predicted: number;
  /** `observed − predicted`, in error units. */
  residual: number;
  /** The run's weight in the loss (1 when the observation gave none). */
  weight: number;
}

/**
 * The JSON-safe echo of the options that shaped a fit (stored in model files).
 *
 * @example
 * ```ts
 * fit(input, { share: ["tau"], fixed: { d: 0.1 } }).options;
 * // { share: ["tau"], fixed: { d: 0.1 }, bounds: {}, normalizer: 100000, starts: 4, globalStage: "auto",
 * //   maxIterations: 1000, tolerance: 1e-10 }
 * ```
 */
export interface FitOptionsEcho {
  /** Parameters shared by all buckets, without duplicates (`[]` when none). */
  share: Array<"b" | "tau">;
  /** The fixed parameters as given (`{}` when none). */
  fixed: FixedParameters;
  /** The bounds as given, without the defaults filled in (`{}` when none). */
  bounds: FitBounds;
  /** The normalizer used (default 1e5). */
  normalizer: number;
  /** Global-stage candidates polished (default 4). */
  starts: number;
  /** The global stage used (default `auto`). */
  globalStage: "auto" | "reference-grid" | "none";
  /** Levenberg–Marquardt iterations allowed per start (default 1000). */
  maxIterations: number;
  /** The relative stopping rule used (default 1e-10). */
  tolerance: number;
  /** The Huber transition in log-error units; present only for the `huber-log` loss. */
  huberDelta?: number;
}

/**
 * Fitted task-level parameters, shared by all buckets, with the normalizer they go with (a `@qqt/core`
 * `TaskParams`).
 *
 * @example
 * ```ts
 * const task: FittedTask = { a: 0.0222, d: 0.1016, normalizer: 100000 };
 * ```
 */
export interface FittedTask {
  /** Sample-count scale (> 0): the law uses `a · n / normalizer` for `n` samples seen. */
  a: number;
  /** Irreducible error (≥ 0), in error units. */
  d: number;
  /** Divides the sample count (> 0); 1e5 unless the options gave another. */
  normalizer: number;
}

/**
 * The result of {@link fit}: fitted parameters, fit quality and diagnostics.
 *
 * @example
 * ```ts
 * const result = fit(input, { seed: 1 }); // `input` as in the FitInput example
 * result.task; // { a: 0.02222, d: 0.1016, normalizer: 100000 }
 * result.buckets[0]; // { id: "top0-10", size: 12800000, b: -0.1802, tau: 4.376 }
 * result.rmse; // 2.0e-5: the 4-decimal rounding of the errors
 * result.warnings; // []
 * ```
 */
export interface FitResult {
  /** The law fitted, with defaults filled in (default `{ formulation: "utility", variant: "paper" }`). */
  law: ResolvedLaw;
  /** Fitted `a` and `d` (or their fixed values) and the normalizer. */
  task: FittedTask;
  /** Fitted buckets in input order (best-first), ready for `@qqt/core`. */
  buckets: Bucket[];
  /** The loss minimized (default `sse`). */
  loss: LossName;
  /** Value of the minimized loss (equals `sse` for the `sse` loss). */
  objective: number;
  /** Σ w·(observed − predicted)² on the error scale, whatever the loss. */
  sse: number;
  /** `sqrt(sse / Σ w)`. */
  rmse: number;
  /** One entry per observation, in input order. */
  residuals: FitResidual[];
  /** Levenberg–Marquardt iterations of the winning start. */
  iterations: number;
  /** Whether the relative stopping rule held before `maxIterations`. */
  converged: boolean;
  /** Problems that did not stop the fit but limit trust in it; empty when there are none. */
  warnings: FitWarning[];
  /** Standard errors of the free parameters. */
  standardErrors: StandardErrors;
  /** The seed used (default 0); with the same input and options it reproduces this result exactly. */
  seed: number;
  /** Number of observations fitted. */
  observations: number;
  /** Number of free parameters (shared ones count once, fixed ones not at all). */
  freeParameters: number;
  /** How many starts were polished (global-stage candidates, jitter, reference grid point, `initial`). */
  starts: number;
  /** The options that shaped the fit, JSON-safe, as stored in model files. */
  options: FitOptionsEcho;
  /** What the fitted runs cover (samples seen, passes per bucket, pools): the range answers extrapolate from. */
  coverage: ModelCoverage;
  /** Run-to-run noise of a new run around the law (absent without residual degrees of freedom or replicates). */
  noise?: ModelNoise;
  /**
   * The fit as a `@qqt/core` `Model` (point estimate and the fit's record, no bootstrap): what the advice engine
   * takes. {@link toModelFile} adds a bootstrap and the descriptive fields.
   */
  model: Model;
}
