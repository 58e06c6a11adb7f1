import type { Interval, ModelFitWarning, ModelNoise } from "./Model.js";

/**
 * A candidate pool of an {@link AdviceEngine}: bucket ids, the one name qqt shows for it, its unique samples.
 *
 * @example
 * ```ts
 * const top20: PoolSummary = { index: 1, pool: ["top0-10", "top10-20"], name: "top 20%", size: 25600000 };
 * ```
 */
export interface PoolSummary {
  /** Position among the engine's candidates (0-based); `-1` for a pool that is not a candidate. */
  index: number;
  /** Bucket ids, in the model's best-first order. */
  pool: string[];
  /** Short name by {@link poolName}: `top 20%`, `10–30%`, `top-2`, or ids joined by `+`. */
  name: string;
  /** Unique samples: the sum of the buckets' sizes. */
  size: number;
}

/**
 * The spread of the mean curve over the bootstrap draws at one budget: percentile interval and median.
 *
 * @example
 * ```ts
 * const band: MeanInterval = { low: 0.7405, median: 0.7428, high: 0.7452 };
 * ```
 */
export interface MeanInterval extends Interval {
  /** Median of the draws' predictions. */
  median: number;
}

/**
 * How far an answer is from the fitted runs.
 *
 * @remarks `samplesSeenFactor` is the budget over the largest samples seen of a fitted run (`side: "above"`), the
 * smallest over the budget (`"below"`), or 1 inside. `passesFactor` is the passes over the pool at the budget over
 * the most passes any fitted run made over the least-covered bucket of the pool (1 when within). `factor` is the
 * larger of the two; past {@link EXTRAPOLATION_LIMIT} the answer carries an `EXTRAPOLATION` warning.
 * @example
 * ```ts
 * // 20B on runs of 20M–320M: { factor: 62.5, samplesSeenFactor: 62.5, side: "above", fitted: { low: 2e7, high: 3.2e8 },
 * //   passes: 520.8, maxFittedPasses: 10, passesFactor: 52.08, bucket: "top20-30" }
 * ```
 */
export interface Extrapolation {
  /** The larger of `samplesSeenFactor` and `passesFactor` (≥ 1; 1 = inside what the runs cover). */
  factor: number;
  /** How far the budget is outside the fitted samples-seen range, as a factor (≥ 1). */
  samplesSeenFactor: number;
  /** Where the budget is relative to that range. */
  side: "inside" | "above" | "below";
  /** The smallest and largest samples seen of the fitted runs. */
  fitted: Interval;
  /** Passes over the pool at this budget (budget / unique samples). */
  passes: number;
  /** Most passes any fitted run made over the least-covered bucket of the pool (absent when no run trained on one of its buckets). */
  maxFittedPasses?: number;
  /** `passes / maxFittedPasses` when above 1, else 1 (absent with `maxFittedPasses`). */
  passesFactor?: number;
  /** The least-covered bucket of the pool. */
  bucket?: string;
}

/**
 * What an {@link AdviceEngine} warns about: the reasons an answer deserves less trust than its numbers suggest.
 *
 * @remarks
 * - `NOT_ESTIMABLE`: the fit is under-determined (runs ≤ free parameters), not identifiable, or its bootstrap
 *   draws collapsed onto one fit: no P(best), no intervals, no crossover probabilities.
 * - `EXTRAPOLATION`: the budget, or the passes over the pool, is more than {@link EXTRAPOLATION_LIMIT} times beyond
 *   what the fitted runs cover; the message gives the factor.
 * - `OUT_OF_RANGE`: a predicted error lies outside the metric's range (above 1 for an error or `1 − accuracy`).
 * - `BELOW_LAW_RANGE`: the budget is below `normalizer / a`, where the law ranks pools backwards.
 * - `NO_COVERAGE`: a fitted model without the record of its runs (written before qqt kept it): how far an answer
 *   extrapolates cannot be said.
 * @example
 * ```ts
 * const code: AdviceWarningCode = "EXTRAPOLATION";
 * ```
 */
export type AdviceWarningCode = "NOT_ESTIMABLE" | "EXTRAPOLATION" | "OUT_OF_RANGE" | "BELOW_LAW_RANGE" | "NO_COVERAGE";

/**
 * One warning of an {@link AdviceEngine}, with the budget and pool it concerns when it concerns one.
 *
 * @example
 * ```ts
 * const w: AdviceWarning = { code: "EXTRAPOLATION", budget: 20e9, pool: ["top0-10", "top10-20", "top20-30"],
 *   message: "20B samples seen is 62.5× the largest fitted run (320M): …" };
 * ```
 */
export interface AdviceWarning {
  /** The kind of warning; stable, programs may switch on it. */
  code: AdviceWarningCode;
  /** What limits trust and what would help, in a sentence or two for people. */
  message: string;
  /** The budget it concerns (samples seen), for budget-level warnings. */
  budget?: number;
  /** The pool it concerns (bucket ids), when it concerns one. */
  pool?: string[];
}

/**
 * A pool's predicted error at one budget, with its uncertainty when the model supports one.
 *
 * @remarks `interval` is a **prediction interval**: where the error of *one new training run* is expected to fall,
 * the fit's uncertainty (bootstrap draws) plus the run-to-run noise (Student-t with the fit's residual degrees of
 * freedom), clipped to the metric's range. `meanInterval` is the narrower band of the *mean curve* (the draws
 * alone). Both are absent without bootstrap draws and when the fit is not estimable.
 * @example
 * ```ts
 * const p: PoolPrediction = { samplesSeen: 64e6, error: 0.7429, passes: 2.5,
 *   interval: { low: 0.7381, high: 0.7477 }, meanInterval: { low: 0.7409, median: 0.7429, high: 0.7449 } };
 * ```
 */
export interface PoolPrediction {
  /** Samples seen. */
  samplesSeen: number;
  /** Predicted error under the point estimate. */
  error: number;
  /** Passes over the pool (samples seen / unique samples). */
  passes: number;
  /** Prediction interval of a new run's error at the engine's confidence. */
  interval?: Interval;
  /** Percentile band of the mean curve over the bootstrap draws. */
  meanInterval?: MeanInterval;
}

/**
 * A candidate pool at one budget: its prediction and, with estimable draws, the probability that it is the best.
 *
 * @example
 * ```ts
 * const c: PoolAdvice = { index: 2, pool: ["top0-10", "top10-20", "top20-30"], name: "top 30%", size: 38.4e6,
 *   samplesSeen: 640e6, error: 0.5987, passes: 16.7, probability: 0.97 };
 * ```
 */
export interface PoolAdvice extends PoolSummary, PoolPrediction {
  /** Fraction of bootstrap draws in which this pool has the lowest error; absent when not estimable or without draws. */
  probability?: number;
}

/**
 * The answer at one budget: the best pool, the runner-up and margin, every candidate, and what limits trust in it.
 *
 * @example
 * ```ts
 * const a = adviceEngine(model).advise(640e6);
 * a.best.name; // "top 30%"
 * a.warnings; // [] — or EXTRAPOLATION, OUT_OF_RANGE, BELOW_LAW_RANGE for this budget
 * ```
 */
export interface BudgetAdvice {
  /** Samples seen. */
  budget: number;
  /** The pool with the lowest predicted error (ties within {@link TIE_TOLERANCE} go to the earlier candidate). */
  best: PoolAdvice;
  /** The second best (absent with a single candidate). */
  runnerUp?: PoolAdvice;
  /** Runner-up error minus best error (≥ 0; absent with a single candidate). */
  margin?: number;
  /** Every candidate, in candidate order. */
  candidates: PoolAdvice[];
  /** How far the best pool at this budget is from the fitted runs; absent when the model has no record of them. */
  extrapolation?: Extrapolation;
  /** The budget is below the law's range (`normalizer / a`): not a recommendation. */
  belowLawRange: boolean;
  /** The best pool has been best since this crossover (only in a {@link AdviceReport}, within its range). */
  bestFrom?: number;
  /** The best pool stays best until this crossover (only in a {@link AdviceReport}, within its range). */
  bestUntil?: number;
  /** The warnings about this budget (extrapolation, impossible values, below the law's range). */
  warnings: AdviceWarning[];
}

/**
 * A budget at which the best candidate changes, with its spread over the bootstrap draws when estimable.
 *
 * @example
 * ```ts
 * const c: CrossoverAdvice = { budget: 48.7e6, from: top10, to: top20, error: 0.7731,
 *   interval: { low: 44.8e6, median: 48.6e6, high: 52.3e6 }, probability: 1 };
 * ```
 */
export interface CrossoverAdvice {
  /** Samples seen at which the two pools predict the same error (point estimate). */
  budget: number;
  /** Best just below `budget`. */
  from: PoolSummary;
  /** Best just above `budget`. */
  to: PoolSummary;
  /** The error of both at `budget`. */
  error: number;
  /** Percentile interval and median of this crossover's budget among the draws that have it in the range. */
  interval?: MeanInterval;
  /** Fraction of the draws with this crossover (the same two pools) in the range. */
  probability?: number;
}

/**
 * How sure the engine can be, and why.
 *
 * @remarks `kind`: `estimated` (bootstrap draws of an estimable fit: intervals and P(best) are given),
 * `not-estimable` (the fit cannot support them: `reasons` say why; no interval, no probability), or `none` (no
 * bootstrap draws: point predictions only).
 * @example
 * ```ts
 * // { kind: "not-estimable", draws: 200, confidence: 0.95, reasons: ["6 runs for 8 free parameters"] }
 * ```
 */
export interface UncertaintyStatus {
  /** `estimated`, `not-estimable` or `none`. */
  kind: "estimated" | "not-estimable" | "none";
  /** Bootstrap draws in use (0 when none). */
  draws: number;
  /** Level of every interval, e.g. 0.95. */
  confidence: number;
  /** Why the fit is not estimable (empty otherwise). */
  reasons: string[];
  /** The run-to-run noise the prediction intervals add, when known. */
  noise?: ModelNoise;
}

/**
 * The engine's answer over several budgets: one {@link BudgetAdvice} each, the crossovers in a range, and the
 * warnings that concern them, model-level first.
 *
 * @example
 * ```ts
 * const report = adviceEngine(model).recommend([32e6, 128e6, 640e6]);
 * report.budgets.map((b) => b.best.name); // ["top 10%", "top 20%", "top 30%"]
 * report.crossovers.map((c) => c.budget); // [48.7e6, 484.5e6]
 * ```
 */
export interface AdviceReport {
  /** One answer per budget, in the given order. */
  budgets: BudgetAdvice[];
  /** Every change of the best pool in `range`, ascending. */
  crossovers: CrossoverAdvice[];
  /** The range searched for crossovers (from the law's start at the lowest). */
  range: {
    /** Smallest budget searched. */
    min: number;
    /** Largest budget searched. */
    max: number;
  };
  /** Where the law's range starts, `normalizer / a` samples seen. */
  lawStart: number;
  /** How sure the answers can be. */
  uncertainty: UncertaintyStatus;
  /** The model-level warnings, then every budget's (once each). */
  warnings: AdviceWarning[];
  /** The fitter's own warnings, carried from the model (AT_BOUND, NOT_IDENTIFIABLE, …). */
  fitWarnings: ModelFitWarning[];
}

/**
 * Predicted-error curves of the candidates over a grid of budgets, for charts.
 *
 * @example
 * ```ts
 * const c = adviceEngine(model).curves([1e7, 1e8, 1e9]);
 * c.best; // Int32Array [0, 1, 2]: index of the best candidate per budget
 * ```
 */
export interface CurveSet {
  /** The budgets, as given. */
  budgets: Float64Array;
  /** One curve per candidate. */
  pools: CandidateCurve[];
  /** Index of the best candidate at each budget (ties to the earlier). */
  best: Int32Array;
  /** The lowest predicted error at each budget (the frontier). */
  envelope: Float64Array;
}

/**
 * One candidate's curve: point predictions and, when estimable, the bands of the mean and of a new run.
 *
 * @example
 * ```ts
 * curves.pools[0].error[0]; // 0.8120
 * ```
 */
export interface CandidateCurve extends PoolSummary {
  /** Predicted error at each budget. */
  error: Float64Array;
  /** Band of the mean curve (percentile interval over the draws). */
  mean?: {
    /** Lower end at each budget. */
    low: Float64Array;
    /** Upper end at each budget. */
    high: Float64Array;
  };
  /** Prediction band of a new run (draws plus run-to-run noise). */
  prediction?: {
    /** Lower end at each budget. */
    low: Float64Array;
    /** Upper end at each budget. */
    high: Float64Array;
  };
}

/**
 * Predictions of one pool (a candidate or any union of buckets) at some budgets.
 *
 * @example
 * ```ts
 * const p = adviceEngine(model).predict(["top0-10", "top10-20"], [64e6]);
 * p.predictions[0].error; // 0.742862…
 * ```
 */
export interface PoolForecast extends PoolSummary {
  /** The error under unlimited repetition (point estimate). */
  limitingError: number;
  /** One prediction per budget, in the given order, each with its extrapolation when the model has run records. */
  predictions: Array<
    PoolPrediction & {
      /** How far this prediction is from the fitted runs (absent without a record of them). */
      extrapolation?: Extrapolation;
    }
  >;
  /** The warnings about these predictions (extrapolation, impossible values, below the law's range). */
  warnings: AdviceWarning[];
}
