import type { Bucket, ResolvedLaw } from "./types.js";

/**
 * A QQT model: law, task and bucket parameters, the pools to compare, and — when it was fitted — the fit's record
 * and bootstrap draws. The one value every qqt tool passes around; the `qqt.model/v1` file is exactly this value
 * serialised as JSON (`@qqt/data`'s `parseModel` / `writeModel`).
 *
 * @remarks The advice over a model (best pool, margins, intervals, P(best), crossovers, warnings) is
 * `adviceEngine`'s. Every field but `format`, `law`, `task` and `buckets` is optional, so a hand-entered
 * model (e.g. the paper's published parameters) is just those four.
 * @example
 * ```ts
 * const model: Model = {
 *   format: "qqt.model/v1",
 *   law: { formulation: "utility", variant: "reference" },
 *   task: { a: 0.022, d: 0.1, normalizer: 100000 },
 *   buckets: [{ id: "top0-10", size: 12800000, b: -0.18, tau: 4.363636363636363 }],
 * };
 * ```
 */
export interface Model {
  /** Format and version tag: always `"qqt.model/v1"`. */
  format: "qqt.model/v1";
  /** Short name to show, e.g. `"T-MARS ImageNet (paper)"`. */
  name?: string;
  /** What the model describes, in a sentence or two. */
  description?: string;
  /** Where the parameters come from; `synthetic: true` marks generated data. */
  source?: ModelSource;
  /** The evaluation metric whose error the model predicts. */
  metric?: ModelMetric;
  /** Which form of the QQT law the parameters belong to (both fields given). */
  law: ResolvedLaw;
  /** The task-level parameters shared by all buckets. */
  task: ModelTask;
  /** The buckets with their parameters, best quality first. */
  buckets: Bucket[];
  /** The fit's record; absent for hand-entered models (e.g. the paper's published parameters). */
  fit?: ModelFit;
  /**
   * The pools to compare when recommending, each a list of bucket ids. Absent: the nested pools of the best-first
   * buckets (top-1, top-2, …), which is right when buckets are disjoint quality slices of one pool. Give them when
   * that is not so, e.g. for LAION-80M ⊂ LAION-400M ⊂ LAION-2B, where each dataset is a candidate on its own.
   */
  candidates?: string[][];
}

/**
 * Where a model (or a study) comes from, and whether it is real.
 *
 * @example
 * ```ts
 * const source: ModelSource = { citation: "Cherti et al., CVPR 2023", url: "https://github.com/LAION-AI/scaling-laws-openclip" };
 * ```
 */
export interface ModelSource {
  /** Whom to credit: authors, title or venue and year, e.g. `"Goyal et al., CVPR 2024 (arXiv:2404.07177), Fig. 4"`. */
  citation?: string;
  /** Where the data (or the paper or code it comes from) can be found. */
  url?: string;
  /** The data's licence as stated by its owners, e.g. `"CC-BY-4.0"`, or a remark when none is stated. */
  licence?: string;
  /** `true` for generated data: every view of it must say so. */
  synthetic?: boolean;
  /** Anything else a reader should know about the origin, e.g. how values were transcribed. */
  note?: string;
}

/**
 * The evaluation metric a model predicts the error of.
 *
 * @remarks `kind` sets the range a prediction may take: `error` and `1-accuracy` lie in [0, 1], a `loss` in
 * [0, ∞). When absent the range is [0, 1], as `@qqt/data` checks the runs' errors.
 * @example
 * ```ts
 * const metric: ModelMetric = { name: "imagenet1k", kind: "1-accuracy", description: "ImageNet zero-shot top-1 error" };
 * ```
 */
export interface ModelMetric {
  /** Identifier of the metric, e.g. `"imagenet1k"` or `"avg18"`. */
  name: string;
  /** Human-readable description. */
  description?: string;
  /** How the error relates to the evaluation: `error`, `1-accuracy` (both in [0, 1]) or `loss` (≥ 0). */
  kind?: "error" | "1-accuracy" | "loss";
}

/**
 * The task-level parameters of a model, shared by all its buckets (a `TaskParams` with its normalizer).
 *
 * @example
 * ```ts
 * const task: ModelTask = { a: 0.022, d: 0.1, normalizer: 100000 };
 * ```
 */
export interface ModelTask {
  /** Sample-count scale (> 0): the law uses `a · n / normalizer` for `n` samples seen. */
  a: number;
  /** Irreducible error (≥ 0), in units of the error. */
  d: number;
  /** Divides the sample count (> 0); 1e5 in the official code. */
  normalizer: number;
}

/**
 * The record of a fit: what was fitted, how well, what limits trust in it, and its bootstrap.
 *
 * @remarks `freeParameters`, `coverage` and `noise` were added after the first model files; the
 * `adviceEngine` derives what it can when they are absent (free parameters from `options`, noise from `sse`)
 * and says so when it cannot (no extrapolation factor without `coverage`).
 * @example
 * ```ts
 * const fit: ModelFit = { generator: "@qqt/fit 0.1.0", loss: "sse", seed: 0, observations: 20, freeParameters: 10,
 *   sse: 1e-4, rmse: 0.0022, iterations: 41, converged: true, warnings: [] };
 * ```
 */
export interface ModelFit {
  /** Name and version of the program that made the fit, e.g. `"@qqt/fit 0.1.0"`. */
  generator: string;
  /** When the fit was made, as an ISO 8601 date-time. */
  createdAt?: string;
  /** The loss minimised: `sse` (sum of squared errors) or `huber-log` (Huber loss on log error). */
  loss: "sse" | "huber-log";
  /** The fit's random seed: the same seed and input reproduce the fit. */
  seed: number;
  /** The fit options as given (shared, fixed and bounded parameters, …), JSON-safe, to document and repeat the fit. */
  options?: Record<string, unknown>;
  /** Number of runs (observations) fitted (≥ 0). */
  observations: number;
  /** Number of free parameters (shared ones once, fixed ones not at all). */
  freeParameters?: number;
  /** Sum of squared residuals of the error at the fitted parameters (≥ 0). */
  sse: number;
  /** Root-mean-square residual, in units of the error (≥ 0). */
  rmse: number;
  /** Optimizer iterations used (a whole number ≥ 0). */
  iterations: number;
  /** Whether the optimizer met its stopping criterion. */
  converged: boolean;
  /** Problems that did not stop the fit but limit trust in it; empty when there were none. */
  warnings: ModelFitWarning[];
  /** Standard errors of the fitted parameters; held-constant parameters have no entry. */
  standardErrors?: ModelStandardErrors;
  /** What the fitted runs cover: the range answers are measured against for extrapolation. */
  coverage?: ModelCoverage;
  /** Run-to-run noise of a new run around the law, for prediction intervals. */
  noise?: ModelNoise;
  /** Bootstrap confidence intervals and refits, when the fit ran a bootstrap. */
  bootstrap?: ModelBootstrap;
}

/**
 * A problem a fitter reports without failing, e.g. a parameter that ended on its bound.
 *
 * @example
 * ```ts
 * const warning: ModelFitWarning = { code: "AT_BOUND", message: "d = 0 is on or near its lower bound 0; …" };
 * ```
 */
export interface ModelFitWarning {
  /** Stable identifier of the kind of problem, as defined by the fitter (programs may switch on it). */
  code: string;
  /** What happened, in one sentence for people. */
  message: string;
}

/**
 * Standard errors of a fit's parameters (each ≥ 0, in the unit of its parameter). Held-constant parameters have none.
 *
 * @example
 * ```ts
 * const se: ModelStandardErrors = { a: 0.0011, buckets: [{ id: "top0-10", b: 0.004, tau: 0.31 }] };
 * ```
 */
export interface ModelStandardErrors {
  /** Standard error of the task's sample-count scale `a`; absent when `a` was held constant. */
  a?: number;
  /** Standard error of the irreducible error `d`; absent when `d` was held constant. */
  d?: number;
  /** Standard errors of each bucket's parameters, by bucket id. */
  buckets: ModelBucketStandardErrors[];
}

/**
 * Standard errors of one bucket's parameters.
 *
 * @example
 * ```ts
 * const se: ModelBucketStandardErrors = { id: "top0-10", b: 0.004, tau: 0.31 };
 * ```
 */
export interface ModelBucketStandardErrors {
  /** The id of a bucket of the model. */
  id: string;
  /** Standard error of the utility exponent `b` (≥ 0); absent when `b` was held constant. */
  b?: number;
  /** Standard error of the half-life `tau`, in repetitions (≥ 0); absent when `tau` was held constant. */
  tau?: number;
}

/**
 * What the fitted runs cover, so that every answer can say how far it is from them.
 *
 * @example
 * ```ts
 * const coverage: ModelCoverage = {
 *   samplesSeen: { min: 25.6e6, max: 128e6 },
 *   buckets: [{ id: "top0-10", runs: 5, maxPasses: 10 }],
 *   pools: [{ pool: ["top0-10"], runs: 5, samplesSeen: { min: 25.6e6, max: 128e6 } }],
 * };
 * ```
 */
export interface ModelCoverage {
  /** The smallest and largest samples seen of the fitted runs. */
  samplesSeen: Interval;
  /** Per bucket (model order): how many runs trained on it, and the most passes any of them made over it. */
  buckets: ModelBucketCoverage[];
  /** Every pool a fitted run trained on, with its number of runs and samples-seen range. */
  pools: ModelPoolCoverage[];
}

/**
 * How the fitted runs cover one bucket.
 *
 * @remarks A run on a pool of `S` unique samples that saw `n` samples made `n / S` passes over each of its buckets
 * (the pool is sampled uniformly), so `maxPasses` is the largest `n / S` over the runs whose pool holds the bucket.
 * @example
 * ```ts
 * const c: ModelBucketCoverage = { id: "top0-10", runs: 5, maxPasses: 10 };
 * ```
 */
export interface ModelBucketCoverage {
  /** The bucket's id. */
  id: string;
  /** Fitted runs whose pool holds this bucket (0: its parameters come from shared or fixed values only). */
  runs: number;
  /** Most passes any of those runs made over the bucket (0 when there is none). */
  maxPasses: number;
}

/**
 * One pool the fitted runs trained on.
 *
 * @example
 * ```ts
 * const c: ModelPoolCoverage = { pool: ["top0-10", "top10-20"], runs: 3, samplesSeen: { min: 32e6, max: 128e6 } };
 * ```
 */
export interface ModelPoolCoverage {
  /** Bucket ids of the pool, in model order. */
  pool: string[];
  /** Number of fitted runs on it. */
  runs: number;
  /** Their smallest and largest samples seen. */
  samplesSeen: Interval;
}

/**
 * The run-to-run noise of a new training run around the fitted law.
 *
 * @remarks `sd` is the residual standard deviation `sqrt(Σ w·r² / (n − k))` (`n` runs, `k` free parameters), or —
 * when repeated runs of one pool and budget (seeds) give a larger one — the pooled within-group standard deviation.
 * `scale: "log"` for the `huber-log` loss: the noise is on `log(error)`. Prediction intervals add a Student-t noise
 * with `degreesOfFreedom` to every bootstrap draw.
 * @example
 * ```ts
 * const noise: ModelNoise = { sd: 0.0021, degreesOfFreedom: 22, scale: "error", source: "residuals" };
 * ```
 */
export interface ModelNoise {
  /** Standard deviation of a run around the law (> 0), in error units (or log-error units for `scale: "log"`). */
  sd: number;
  /** Degrees of freedom of the estimate (≥ 1). */
  degreesOfFreedom: number;
  /** `error`: additive on the error; `log`: multiplicative (on log error). */
  scale: "error" | "log";
  /** Where it comes from: the fit's residuals, or repeated runs of one pool and budget. */
  source: "residuals" | "replicates";
}

/**
 * A closed interval.
 *
 * @example
 * ```ts
 * const ci: Interval = { low: 0.018, high: 0.026 };
 * ```
 */
export interface Interval {
  /** Lower bound (≤ `high`). */
  low: number;
  /** Upper bound (≥ `low`). */
  high: number;
}

/**
 * Bootstrap uncertainty of a fitted model: intervals and every successful refit.
 *
 * @example
 * ```ts
 * const boot: ModelBootstrap = { method: "residuals", samples: 200, seed: 0, confidence: 0.95,
 *   intervals: { buckets: [] }, draws: [{ a: 0.02, d: 0.1, b: [-0.18], tau: [4.4] }] };
 * ```
 */
export interface ModelBootstrap {
  /** What was resampled: `runs` (the observations, with replacement) or `residuals` (added to the fitted values). */
  method: "runs" | "residuals";
  /** Number of refits requested (a whole number ≥ 0); the successful ones are in `draws`. */
  samples: number;
  /** The resampling's random seed. */
  seed: number;
  /** Confidence level of `intervals`, strictly between 0 and 1, e.g. 0.95. */
  confidence: number;
  /** Confidence intervals of the fitted parameters at level `confidence`. */
  intervals: ModelBootstrapIntervals;
  /** Every successful refit; `b`/`tau` aligned with the model's `buckets`. */
  draws: ModelBootstrapDraw[];
}

/**
 * Bootstrap confidence intervals of a fit's parameters. Held-constant parameters have none.
 *
 * @example
 * ```ts
 * const intervals: ModelBootstrapIntervals = { a: { low: 0.018, high: 0.026 }, buckets: [{ id: "top0-10", b: { low: -0.19, high: -0.17 } }] };
 * ```
 */
export interface ModelBootstrapIntervals {
  /** Interval of the task's sample-count scale `a`; absent when `a` was held constant. */
  a?: Interval;
  /** Interval of the irreducible error `d`; absent when `d` was held constant. */
  d?: Interval;
  /** Intervals of each bucket's parameters, by bucket id. */
  buckets: ModelBucketIntervals[];
}

/**
 * Bootstrap confidence intervals of one bucket's parameters.
 *
 * @example
 * ```ts
 * const ci: ModelBucketIntervals = { id: "top0-10", b: { low: -0.19, high: -0.17 }, tau: { low: 3.9, high: 4.9 } };
 * ```
 */
export interface ModelBucketIntervals {
  /** The id of a bucket of the model. */
  id: string;
  /** Interval of the utility exponent `b`; absent when `b` was held constant. */
  b?: Interval;
  /** Interval of the half-life `tau`, in repetitions; absent when `tau` was held constant. */
  tau?: Interval;
}

/**
 * The parameters of one successful bootstrap refit, with bucket parameters in the model's bucket order.
 *
 * @example
 * ```ts
 * const draw: ModelBootstrapDraw = { a: 0.021, d: 0.1, b: [-0.18, -0.15], tau: [4.4, 4.2] };
 * ```
 */
export interface ModelBootstrapDraw {
  /** The refit's sample-count scale `a`. */
  a: number;
  /** The refit's irreducible error `d`. */
  d: number;
  /** The refit's utility exponent `b` of each bucket, in the model's order. */
  b: number[];
  /** The refit's half-life `tau` (repetitions) of each bucket, in the model's order. */
  tau: number[];
}
