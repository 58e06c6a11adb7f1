import { predictError, type Bucket } from "@qqt/core";
import { fit } from "./fit.js";
import { FitError, show } from "./FitError.js";
import type { FitInput, FitOptions, FitResult, Observation } from "./types.js";

/**
 * One held-out run: what the law fitted on smaller budgets predicted for it.
 *
 * @example
 * ```ts
 * // { index: 4, pool: ["top0-10"], samplesSeen: 128e6, observed: 0.72, predicted: 0.716, absoluteError: 0.004, relativeError: 0.0056 }
 * ```
 */
export interface HoldoutPrediction {
  /** Index into `input.observations`. */
  index: number;
  pool: string[];
  samplesSeen: number;
  observed: number;
  predicted: number;
  /** `|predicted − observed|`. */
  absoluteError: number;
  /** `|predicted − observed| / observed` (Infinity when observed is 0). */
  relativeError: number;
}

/**
 * Summary of a holdout test.
 *
 * @example
 * ```ts
 * // { count: 5, meanAbsoluteError: 0.006, maxAbsoluteError: 0.012, rootMeanSquaredError: 0.007, meanRelativeError: 0.009 }
 * ```
 */
export interface HoldoutSummary {
  count: number;
  meanAbsoluteError: number;
  maxAbsoluteError: number;
  rootMeanSquaredError: number;
  meanRelativeError: number;
}

/**
 * The result of {@link holdout}.
 *
 * @example
 * ```ts
 * const { fit, predictions, summary } = holdout(input, { fitUntil: 64e6 });
 * ```
 */
export interface HoldoutResult {
  /** The fit on the runs with `samplesSeen ≤ fitUntil`. */
  fit: FitResult;
  /** Indices of the runs used for fitting. */
  fitted: number[];
  predictions: HoldoutPrediction[];
  summary: HoldoutSummary;
}

/**
 * The honest test of an extrapolating law: fit on the runs with `samplesSeen ≤ fitUntil`, predict the others.
 *
 * @remarks Every other option is passed to {@link fit}. Throws `INSUFFICIENT_DATA` when fewer than two runs are
 * at or below `fitUntil` or none is above it, or when a bucket with free parameters has no run left to fit.
 * @example
 * ```ts
 * const result = holdout(input, { fitUntil: 8 * 12.8e6 });
 * result.summary.maxAbsoluteError; // e.g. 0.004 for the runs at 10 epochs
 * ```
 */
export function holdout(input: FitInput, options: FitOptions & { fitUntil: number }): HoldoutResult {
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
