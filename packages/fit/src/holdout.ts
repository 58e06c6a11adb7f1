import { adviceEngine, DEFAULT_NORMALIZER, type Extrapolation, type Interval, type MeanInterval, type Model } from "@qqt/core";
import { bootstrap, type AbortSignalLike, type BootstrapProgress } from "./bootstrap.js";
import { fit } from "./fit.js";
import { FitError, show } from "./FitError.js";
import { buildProblem } from "./problem.js";
import { fromCoreError } from "./fromCoreError.js";
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
  /** `|predicted − observed| / observed`; absent when the observed error is 0 (no relative error exists). */
  relativeError?: number;
  /** Passes the run made over its pool (samples seen / the pool's unique samples). */
  passes: number;
  /** Prediction interval of this run's error (with a bootstrap, when the fit is estimable). */
  interval?: Interval;
  /** Band of the mean curve at this run (same condition). */
  meanInterval?: MeanInterval;
  /** Whether `interval` holds the observed error. */
  covered?: boolean;
  /** How far the run is beyond the fitted ones. */
  extrapolation?: Extrapolation;
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
  /** Mean of `|predicted − observed| / observed` over the held-out runs with an error > 0 (absent if none has). */
  meanRelativeError?: number;
  /** How many held-out runs their prediction interval holds (with a bootstrap of an estimable fit). */
  coverage?: HoldoutCoverage;
}

/**
 * How often the prediction intervals of a holdout hold the held-out runs.
 *
 * @remarks For calibrated intervals `fraction` is near `confidence` over many runs; with a handful of runs it
 * scatters widely (one miss in 4 is 75%).
 * @example
 * ```ts
 * const c: HoldoutCoverage = { covered: 8, count: 9, fraction: 0.889, confidence: 0.95 };
 * ```
 */
export interface HoldoutCoverage {
  /** Held-out runs inside their interval. */
  covered: number;
  /** Held-out runs with an interval. */
  count: number;
  /** `covered / count`. */
  fraction: number;
  /** The intervals' nominal level. */
  confidence: number;
}

/**
 * Options of {@link holdout}: where to split the runs (by samples seen or by passes), the options of the fit, and
 * an optional bootstrap for prediction intervals.
 *
 * @example
 * ```ts
 * const options: HoldoutOptions = { fitUntilPasses: 6, share: ["tau"], seed: 1, bootstrap: { samples: 200 } };
 * ```
 */
export interface HoldoutOptions extends FitOptions {
  /** Runs with `samplesSeen ≤ fitUntil` are fitted, the others predicted (samples seen, > 0). */
  fitUntil?: number;
  /** Runs with at most this many passes over their pool are fitted, the others predicted (> 0; instead of `fitUntil`). */
  fitUntilPasses?: number;
  /** Bootstrap the fit to give each held-out run a prediction interval and the holdout its coverage. */
  bootstrap?: HoldoutBootstrap;
}

/**
 * The bootstrap of a {@link holdout}'s fit.
 *
 * @example
 * ```ts
 * const b: HoldoutBootstrap = { samples: 200, method: "residuals", confidence: 0.95 };
 * ```
 */
export interface HoldoutBootstrap {
  /** Refits (an integer ≥ 2). */
  samples: number;
  /** What is resampled (default `residuals`). */
  method?: "residuals" | "runs";
  /** Level of the intervals (default 0.95). */
  confidence?: number;
  /** Called after every refit. */
  onProgress?: (progress: BootstrapProgress) => void;
  /** Stops the bootstrap (`ABORTED`). */
  signal?: AbortSignalLike;
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
  /** The fit on the runs kept for fitting. */
  fit: FitResult;
  /** That fit as a `Model` (with its bootstrap draws when one was run), as the advice engine reads it. */
  model: Model;
  /** How the runs were split: by samples seen or by passes over the run's pool, and the limit. */
  split: {
    /** `samplesSeen` (`fitUntil`) or `passes` (`fitUntilPasses`). */
    by: "samplesSeen" | "passes";
    /** The limit: runs at or below it were fitted. */
    until: number;
  };
  /** Indices of the runs used for fitting. */
  fitted: number[];
  /** One entry per held-out run (`samplesSeen > fitUntil`), in input order. */
  predictions: HoldoutPrediction[];
  /** Error statistics over `predictions`. */
  summary: HoldoutSummary;
}

/**
 * The honest test of an extrapolating law: fit on the smaller runs, predict the others — split by samples seen
 * (`fitUntil`) or by passes over the run's pool (`fitUntilPasses`, e.g. fit up to 6 epochs, predict 8 and 10).
 *
 * @remarks Every other option is passed to {@link fit}. With `bootstrap`, the fit is bootstrapped and every
 * held-out run gets the advice engine's prediction interval (fit uncertainty plus run-to-run noise) and whether it
 * holds the observed error; `summary.coverage` counts them. Without it, point predictions only.
 * @throws A {@link FitError}: `INVALID_OPTION` when neither or both of `fitUntil` and `fitUntilPasses` are given or
 * one is not a finite number > 0; `INVALID_OBSERVATION` for a held-out run that is not a valid run;
 * `INSUFFICIENT_DATA` when no run is held out, fewer than two are fitted, or a bucket with free parameters has no
 * run left to fit; any error of {@link fit} or {@link bootstrap}.
 * @example
 * ```ts
 * // Fit on 2, 4 and 6 epochs, predict 8 and 10.
 * const result = await holdout(input, { fitUntil: 6 * 12.8e6, seed: 1 });
 * result.summary.maxAbsoluteError; // 0.00021
 * ```
 */
export async function holdout(input: FitInput, options: HoldoutOptions): Promise<HoldoutResult> {
  if (options === null || typeof options !== "object") {
    throw new FitError("INVALID_OPTION", "options", `expected { fitUntil or fitUntilPasses, ...fitOptions }, got ${show(options)}.`);
  }
  const { fitUntil, fitUntilPasses, bootstrap: boot, ...fitOptions } = options;
  if ((fitUntil === undefined) === (fitUntilPasses === undefined)) {
    throw new FitError("INVALID_OPTION", "options.fitUntil", "give one split: fitUntil (samples seen) or fitUntilPasses (passes over a run's pool).");
  }
  const by = fitUntil !== undefined ? "samplesSeen" : "passes";
  const until = (fitUntil ?? fitUntilPasses) as number;
  const path = by === "samplesSeen" ? "options.fitUntil" : "options.fitUntilPasses";
  if (typeof until !== "number" || !Number.isFinite(until) || until <= 0) {
    throw new FitError("INVALID_OPTION", path, `expected ${by === "samplesSeen" ? "a budget (samples seen)" : "a number of passes"} > 0, got ${show(until)}.`);
  }
  if (input === null || typeof input !== "object" || !Array.isArray(input.observations) || !Array.isArray(input.buckets)) {
    throw new FitError("INSUFFICIENT_DATA", "observations", "expected { buckets, observations[] }.");
  }
  const sizes = new Map(input.buckets.map((b) => [b?.id, b?.size]));
  const passesOf = (obs: Observation): number => obs.samplesSeen / obs.pool.reduce((s, id) => s + (sizes.get(id) ?? NaN), 0);
  const train: Observation[] = [];
  const fitted: number[] = [];
  const test: number[] = [];
  input.observations.forEach((obs, j) => {
    const valid = obs !== null && typeof obs === "object" && typeof obs.samplesSeen === "number" && Array.isArray(obs.pool);
    const held = valid && (by === "samplesSeen" ? obs.samplesSeen : passesOf(obs)) > until;
    if (held) test.push(j);
    else {
      train.push(obs);
      fitted.push(j);
    }
  });
  if (test.length === 0) {
    throw new FitError(
      "INSUFFICIENT_DATA",
      path,
      `no run has ${by === "samplesSeen" ? `samplesSeen > ${until}` : `more than ${until} passes over its pool`}, so nothing is held out; lower ${path.slice("options.".length)}.`,
    );
  }
  // Every run, held out or not, passes the fit's own checks (a held-out run is predicted, never fitted, so the fit
  // of the kept runs would not see a NaN or a bad pool in it).
  buildProblem(input, fitOptions.law, DEFAULT_NORMALIZER, false);
  const trainInput = { buckets: input.buckets, observations: train };
  let result: FitResult;
  try {
    result = fit(trainInput, fitOptions);
  } catch (e) {
    if (e instanceof FitError && e.code === "INSUFFICIENT_DATA") {
      throw new FitError("INSUFFICIENT_DATA", path, `fitting the ${train.length} runs kept (${by === "samplesSeen" ? `samplesSeen <= ${until}` : `at most ${until} passes`}) failed: ${e.message}`);
    }
    throw e;
  }
  const model = boot === undefined ? result.model : (await bootstrap(trainInput, { ...fitOptions, ...boot, fit: result })).model;
  const engine = fromCoreError("model", () => adviceEngine(model, { candidates: [model.buckets.map((b) => b.id)] }));
  const predictions: HoldoutPrediction[] = test.map((j) => {
    const obs = input.observations[j] as Observation;
    const forecast = engine.predict(obs.pool, [obs.samplesSeen]);
    const p = forecast.predictions[0]!;
    const absoluteError = Math.abs(p.error - obs.error);
    return {
      index: j,
      pool: [...obs.pool],
      samplesSeen: obs.samplesSeen,
      observed: obs.error,
      predicted: p.error,
      absoluteError,
      ...(obs.error > 0 ? { relativeError: absoluteError / obs.error } : {}),
      passes: p.passes,
      ...(p.interval !== undefined ? { interval: p.interval, covered: obs.error >= p.interval.low && obs.error <= p.interval.high } : {}),
      ...(p.meanInterval !== undefined ? { meanInterval: p.meanInterval } : {}),
      ...(p.extrapolation !== undefined ? { extrapolation: p.extrapolation } : {}),
    };
  });
  const count = predictions.length;
  let sumAbs = 0;
  let sumSq = 0;
  let sumRel = 0;
  let relCount = 0;
  let maxAbs = 0;
  for (const p of predictions) {
    sumAbs += p.absoluteError;
    sumSq += p.absoluteError ** 2;
    if (p.relativeError !== undefined) {
      sumRel += p.relativeError;
      relCount += 1;
    }
    maxAbs = Math.max(maxAbs, p.absoluteError);
  }
  const withInterval = predictions.filter((p) => p.covered !== undefined);
  const covered = withInterval.filter((p) => p.covered).length;
  return {
    fit: result,
    model,
    split: { by, until },
    fitted,
    predictions,
    summary: {
      count,
      meanAbsoluteError: sumAbs / count,
      maxAbsoluteError: maxAbs,
      rootMeanSquaredError: Math.sqrt(sumSq / count),
      ...(relCount > 0 ? { meanRelativeError: sumRel / relCount } : {}),
      ...(withInterval.length > 0
        ? { coverage: { covered, count: withInterval.length, fraction: covered / withInterval.length, confidence: engine.uncertainty.confidence } }
        : {}),
    },
  };
}

