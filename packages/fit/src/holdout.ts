import { predictError, type Bucket } from "@qqt/core";
import { fit } from "./fit.js";
import { FitError, show } from "./FitError.js";
import type { FitInput, FitOptions, FitResult, Observation } from "./types.js";

/**
 * One held-out run: what the law fitted on smaller budgets predicted for it.
 *
 * @example
 * ```ts
 * holdout(input, { fitUntil: 6 * 12.8e6, seed: 1 }).predictions[0];
 * // { index: 3, pool: ["top0-10"], samplesSeen: 102400000, observed: 0.7487, predicted: 0.748724,
 * //   absoluteError: 0.000024, relativeError: 0.000032 }
 * ```
 */
export interface HoldoutPrediction {
  /** Index into `input.observations`. */
  index: number;
  /** Ids of the buckets the run trained on, as given. */
  pool: string[];
  /** Samples seen by the run (> `fitUntil`). */
  samplesSeen: number;
  /** The run's observed error. */
  observed: number;
  /** The error the law fitted on the smaller budgets predicts for it. */
  predicted: number;
  /** `|predicted − observed|`. */
  absoluteError: number;
  /** `|predicted − observed| / observed` (Infinity when observed is 0). */
  relativeError: number;
}

/**
 * Summary of a holdout test: how far the extrapolation was off, in error units unless relative.
 *
 * @example
 * ```ts
 * holdout(input, { fitUntil: 6 * 12.8e6, seed: 1 }).summary;
 * // { count: 4, meanAbsoluteError: 0.00011, maxAbsoluteError: 0.00021, rootMeanSquaredError: 0.00013,
 * //   meanRelativeError: 0.00014 }
 * ```
 */
export interface HoldoutSummary {
  /** Number of held-out runs (≥ 1). */
  count: number;
  /** Mean of `|predicted − observed|` over the held-out runs. */
  meanAbsoluteError: number;
  /** Largest `|predicted − observed|`. */
  maxAbsoluteError: number;
  /** `sqrt(mean((predicted − observed)²))`. */
  rootMeanSquaredError: number;
  /** Mean of `|predicted − observed| / observed` (a fraction; Infinity when a held-out run has error 0). */
  meanRelativeError: number;
}

/**
 * Options of {@link holdout}: the budget that splits the runs, and the options of the fit.
 *
 * @example
 * ```ts
 * const options: HoldoutOptions = { fitUntil: 8 * 12.8e6, share: ["tau"], seed: 1 };
 * ```
 */
export interface HoldoutOptions extends FitOptions {
  /** Runs with `samplesSeen ≤ fitUntil` are fitted, the others predicted (samples seen, > 0). */
  fitUntil: number;
}

/**
 * The result of {@link holdout}.
 *
 * @example
 * ```ts
 * const { fit, fitted, predictions, summary } = holdout(input, { fitUntil: 6 * 12.8e6, seed: 1 });
 * fitted; // [0, 1, 2, 5, 6, 7]: the runs at 2, 4 and 6 epochs
 * ```
 */
export interface HoldoutResult {
  /** The fit on the runs with `samplesSeen ≤ fitUntil`. */
  fit: FitResult;
  /** Indices of the runs used for fitting. */
  fitted: number[];
  /** One entry per held-out run (`samplesSeen > fitUntil`), in input order. */
  predictions: HoldoutPrediction[];
  /** Error statistics over `predictions`. */
  summary: HoldoutSummary;
}

/**
 * The honest test of an extrapolating law: fit on the runs with `samplesSeen ≤ fitUntil`, predict the others.
 *
 * @remarks Every other option is passed to {@link fit}.
 * @throws A {@link FitError}: `INVALID_OPTION` when `fitUntil` is not a finite number > 0; `INSUFFICIENT_DATA` when
 * no run is above `fitUntil`, fewer than two are at or below it, or a bucket with free parameters has no run left
 * to fit; any other error of {@link fit}.
 * @example
 * ```ts
 * // Fit on 2, 4 and 6 epochs, predict 8 and 10.
 * const result = holdout(input, { fitUntil: 6 * 12.8e6, seed: 1 });
 * result.summary.maxAbsoluteError; // 0.00021
 * ```
 */
export function holdout(input: FitInput, options: HoldoutOptions): HoldoutResult {
  if (options === null || typeof options !== "object") {
    throw new FitError("INVALID_OPTION", "options", `expected { fitUntil, ...fitOptions }, got ${show(options)}.`);
  }
  const { fitUntil, ...fitOptions } = options;
  if (typeof fitUntil !== "number" || !Number.isFinite(fitUntil) || fitUntil <= 0) {
    throw new FitError("INVALID_OPTION", "options.fitUntil", `expected a budget (samples seen) > 0, got ${show(fitUntil)}.`);
  }
  if (input === null || typeof input !== "object" || !Array.isArray(input.observations)) {
    throw new FitError("INSUFFICIENT_DATA", "observations", "expected { buckets, observations[] }.");
  }
  const train: Observation[] = [];
  const fitted: number[] = [];
  const test: number[] = [];
  input.observations.forEach((obs, j) => {
    if (obs !== null && typeof obs === "object" && typeof obs.samplesSeen === "number" && obs.samplesSeen > fitUntil) test.push(j);
    else {
      train.push(obs);
      fitted.push(j);
    }
  });
  if (test.length === 0) {
    throw new FitError(
      "INSUFFICIENT_DATA",
      "options.fitUntil",
      `no run has samplesSeen > ${fitUntil}, so nothing is held out; lower fitUntil.`,
    );
  }
  let result: FitResult;
  try {
    result = fit({ buckets: input.buckets, observations: train }, fitOptions);
  } catch (e) {
    if (e instanceof FitError && e.code === "INSUFFICIENT_DATA") {
      throw new FitError("INSUFFICIENT_DATA", "options.fitUntil", `fitting the ${train.length} runs with samplesSeen <= ${fitUntil} failed: ${e.message}`);
    }
    throw e;
  }
  const byId = new Map(result.buckets.map((b) => [b.id, b]));
  const predictions: HoldoutPrediction[] = test.map((j) => {
    const obs = input.observations[j] as Observation;
    const pool = obs.pool.map((id) => byId.get(id) as Bucket);
    const predicted = predictError(pool, result.task, obs.samplesSeen, result.law);
    const absoluteError = Math.abs(predicted - obs.error);
    return {
      index: j,
      pool: [...obs.pool],
      samplesSeen: obs.samplesSeen,
      observed: obs.error,
      predicted,
      absoluteError,
      relativeError: obs.error === 0 ? Infinity : absoluteError / obs.error,
    };
  });
  const count = predictions.length;
  let sumAbs = 0;
  let sumSq = 0;
  let sumRel = 0;
  let maxAbs = 0;
  for (const p of predictions) {
    sumAbs += p.absoluteError;
    sumSq += p.absoluteError ** 2;
    sumRel += p.relativeError;
    maxAbs = Math.max(maxAbs, p.absoluteError);
  }
  return {
    fit: result,
    fitted,
    predictions,
    summary: {
      count,
      meanAbsoluteError: sumAbs / count,
      maxAbsoluteError: maxAbs,
      rootMeanSquaredError: Math.sqrt(sumSq / count),
      meanRelativeError: sumRel / count,
    },
  };
}
