import type { Model } from "@qqt/core";
import type { Interval } from "@qqt/data";
import { toModelFile } from "./toModelFile.js";
import { DEFAULT_CONFIDENCE } from "./constants.js";
import { FitError, show } from "./FitError.js";
import { prepare, runFit, type FitContext } from "./fit.js";
import { emptyParams, toNatural, toTheta } from "./layout.js";
import { deriveSeed, seededRandom } from "./random.js";
import { percentileInterval } from "./statistics.js";
import type { FitInput, FitOptions, FitResult, FitWarning, Observation } from "./types.js";
import { warmRefit } from "./warmRefit.js";

/**
 * A structural `AbortSignal` (the DOM and Node.js ones both fit).
 *
 * @example
 * ```ts
 * const controller = new AbortController();
 * const signal: AbortSignalLike = controller.signal;
 * ```
 */
export interface AbortSignalLike {
  /** `true` once the computation should stop; checked before every refit. */
  readonly aborted: boolean;
  /** Why it was aborted (not read by `@qqt/fit`; part of the shape so DOM and Node.js signals fit). */
  readonly reason?: unknown;
}

/**
 * Progress of a bootstrap, reported after every refit.
 *
 * @example
 * ```ts
 * await bootstrap(input, { samples: 100, onProgress: ({ done, total }) => console.log(`${done}/${total}`) });
 * // the last call gets { done: 100, total: 100, failures: 0 }
 * ```
 */
export interface BootstrapProgress {
  /** Refits attempted so far, successful or not (1 to `total`). */
  done: number;
  /** Refits requested (`options.samples`). */
  total: number;
  /** Refits so far that failed and will be left out of the intervals. */
  failures: number;
}

/**
 * Options of {@link bootstrap}: the fit options plus the resampling settings.
 *
 * @example
 * ```ts
 * const options: BootstrapOptions = { samples: 500, method: "residuals", confidence: 0.95, seed: 3 };
 * ```
 */
export interface BootstrapOptions extends FitOptions {
  /** Number of resamples (an integer ≥ 2; 200 to 1000 are typical). */
  samples: number;
  /**
   * `residuals` (default): keep the design, add resampled residuals of the point fit (scaled by √(n/(n−k)) to undo
   * the shrinkage of fitted residuals; multiplicative on the log scale for the `huber-log` loss). Best for designed
   * experiments with few runs per bucket. `runs`: resample runs with replacement within each pool (stratified, so
   * every pool stays represented); makes no assumption about the noise, needs several runs per pool.
   */
  method?: "residuals" | "runs";
  /** Level of the percentile intervals (default 0.95). */
  confidence?: number;
  /** Called after every refit (synchronously, between yields to the event loop), e.g. to drive a progress bar. */
  onProgress?: (progress: BootstrapProgress) => void;
  /** Stops the bootstrap with an `ABORTED` {@link FitError} before the next refit once it fires. */
  signal?: AbortSignalLike;
  /**
   * Global-stage candidates polished per refit besides the warm start at the point estimate (default 1), when the
   * warm start is not consistent with the point fit (it fails, does not converge, or ends with a loss more than 4
   * times the point fit's); a consistent warm start is the refit.
   */
  refitStarts?: number;
  /** A point fit of the same input and options, to skip refitting it. */
  fit?: FitResult;
}

/**
 * Percentile intervals of the free parameters (fixed ones have none; shared ones repeat for every bucket).
 *
 * @example
 * ```ts
 * (await bootstrap(input, { samples: 100, seed: 1 })).intervals;
 * // { a: { low: 0.0216, high: 0.0231 }, d: { low: 0.0967, high: 0.1087 },
 * //   buckets: [{ id: "top0-10", b: { low: -0.1818, high: -0.1791 }, tau: { low: 4.351, high: 4.397 } }, …] }
 * ```
 */
export interface ParameterIntervals {
  /** Interval of the sample-count scale `a`; absent when `a` is fixed. */
  a?: Interval;
  /** Interval of the irreducible error `d`, in error units; absent when `d` is fixed. */
  d?: Interval;
  /** One entry per input bucket, in input order. */
  buckets: BucketIntervals[];
}

/**
 * Percentile intervals of one bucket's fitted parameters.
 *
 * @example
 * ```ts
 * const ci: BucketIntervals = { id: "top0-10", b: { low: -0.1818, high: -0.1791 }, tau: { low: 4.351, high: 4.397 } };
 * ```
 */
export interface BucketIntervals {
  /** The bucket's id. */
  id: string;
  /** Interval of the utility exponent `b`; absent when `b` is fixed. */
  b?: Interval;
  /** Interval of the half-life `tau`, in repetitions; absent when `tau` is fixed. */
  tau?: Interval;
}

/**
 * The parameters of one successful bootstrap refit; `b`, `tau` aligned with the buckets of the input.
 *
 * @remarks Stored in model files as `@qqt/data`'s `ModelBootstrapDraw` (same shape).
 * @example
 * ```ts
 * (await bootstrap(input, { samples: 100, seed: 1 })).draws[0];
 * // { a: 0.02257, d: 0.1043, b: [-0.1806, -0.1510], tau: [4.384, 4.264] }
 * ```
 */
export interface BootstrapDraw {
  /** The refit's sample-count scale `a` (the fixed value when `a` is fixed). */
  a: number;
  /** The refit's irreducible error `d`, in error units (the fixed value when `d` is fixed). */
  d: number;
  /** The refit's utility exponent `b` of each bucket, in input order. */
  b: number[];
  /** The refit's half-life `tau` of each bucket, in repetitions, in input order. */
  tau: number[];
}

/**
 * The result of {@link bootstrap}: the point fit, every refit's parameters and percentile intervals.
 *
 * @example
 * ```ts
 * const boot = await bootstrap(input, { samples: 100, seed: 1 });
 * boot.intervals.a; // { low: 0.0216, high: 0.0231 } (the data were made with a = 0.022)
 * boot.successful; // 100: the draws, one per successful refit
 * ```
 */
export interface BootstrapResult {
  /** The point fit of the input (`options.fit` when given). */
  fit: FitResult;
  /** What was resampled (default `residuals`). */
  method: "residuals" | "runs";
  /** Requested resamples. */
  samples: number;
  /** Refits that succeeded: `draws.length`, and `samples − failures`. */
  successful: number;
  /** Refits that failed and were left out (reported in a `BOOTSTRAP_FAILURES` warning). */
  failures: number;
  /** The seed used (default 0); the same input, options and seed reproduce every draw. */
  seed: number;
  /** Level of `intervals`, in (0, 1) (default 0.95). */
  confidence: number;
  /** Percentile intervals of the free parameters at level `confidence`. */
  intervals: ParameterIntervals;
  /** Every successful refit's parameters, in resampling order. */
  draws: BootstrapDraw[];
  /** Problems of the bootstrap itself (`BOOTSTRAP_FAILURES`); the point fit's are in `fit.warnings`. */
  warnings: FitWarning[];
  /** The input bootstrapped, kept so intervals of predictions can be computed later. */
  input: FitInput;
  /** The fit options of every refit (the bootstrap options without the resampling settings). */
  options: FitOptions;
  /** The point fit with these draws as a `@qqt/core` `Model`, ready for its `adviceEngine`. */
  model: Model;
}

/** Work between two yields to the event loop, so progress renders and aborts are seen. */
const YIELD_EVERY_MS = 16;

type Timer = (callback: () => void, ms: number) => unknown;

function yieldToEventLoop(): Promise<void> {
  const timer = (globalThis as unknown as { setTimeout?: Timer }).setTimeout;
  return new Promise<void>((resolve) => (timer ? timer(resolve, 0) : resolve()));
}

function checkAbort(signal: AbortSignalLike | undefined, done: number): void {
  if (signal?.aborted) {
    throw new FitError("ABORTED", "options.signal", `the bootstrap was aborted after ${done} refits.`);
  }
}

/**
 * Seeded bootstrap of {@link fit}: refits resampled data `samples` times and returns every refit's parameters and
 * percentile confidence intervals of the free parameters.
 *
 * @remarks Deterministic for a given `seed`. Each refit starts from the point estimate; when that start fails, does
 * not converge or ends with a loss more than 4 times the point fit's, the refit also polishes the best global-stage
 * cell of the resampled data (`refitStarts`) and keeps the better. Refits that fail (e.g. a resample that cannot be fitted) are counted in
 * `failures` and reported as a `BOOTSTRAP_FAILURES` warning. Yields to the event loop regularly (every 16 ms of
 * work), reports progress after every refit and stops when `signal` fires. `model` is the fit with these draws, for
 * `@qqt/core`'s `adviceEngine` (intervals of predictions, crossovers, probabilities of being best).
 * @throws A {@link FitError}: `INVALID_OPTION` for bad `samples`, `method`, `confidence` or `refitStarts`; any error of
 * {@link fit} for the input and fit options; `INSUFFICIENT_DATA` when fewer than 2 refits succeed; `ABORTED` when
 * `signal` fires (the promise rejects).
 * @example
 * ```ts
 * const boot = await bootstrap(input, { samples: 100, seed: 1, onProgress: (p) => console.log(p.done) });
 * boot.intervals.buckets[0].b; // { low: -0.1818, high: -0.1791 } (the data were made with b = -0.18)
 * ```
 */
export async function bootstrap(input: FitInput, options: BootstrapOptions): Promise<BootstrapResult> {
  if (options === null || typeof options !== "object") {
    throw new FitError("INVALID_OPTION", "options", `expected { samples, method?, confidence?, ... }, got ${show(options)}.`);
  }
  const { samples, method = "residuals", confidence = DEFAULT_CONFIDENCE, onProgress, signal, refitStarts = 1 } = options;
  if (typeof samples !== "number" || !Number.isInteger(samples) || samples < 2) {
    throw new FitError("INVALID_OPTION", "options.samples", `expected an integer >= 2 (e.g. 1000), got ${show(samples)}.`);
  }
  if (method !== "residuals" && method !== "runs") {
    throw new FitError("INVALID_OPTION", "options.method", `expected "residuals" or "runs", got ${show(method)}.`);
  }
  if (typeof confidence !== "number" || !(confidence > 0 && confidence < 1)) {
    throw new FitError("INVALID_OPTION", "options.confidence", `expected a level in (0, 1), e.g. 0.95, got ${show(confidence)}.`);
  }
  if (!Number.isInteger(refitStarts) || refitStarts < 0) {
    throw new FitError("INVALID_OPTION", "options.refitStarts", `expected an integer >= 0, got ${show(refitStarts)}.`);
  }
  const fitOptions = stripBootstrapOptions(options);
  const context = prepare(input, fitOptions);
  checkAbort(signal, 0);
  if (options.fit !== undefined && (options.fit === null || typeof options.fit !== "object")) {
    throw new FitError("INVALID_OPTION", "options.fit", `expected the point fit's FitResult (or nothing, to fit here), got ${show(options.fit)}.`);
  }
  const point = options.fit === undefined ? runFit(context, undefined) : options.fit;
  const seed = context.settings.seed;
  const p = context.problem.buckets.length;
  const pointParams = emptyParams(p);
  pointParams.a = point.task.a;
  pointParams.d = point.task.d;
  point.buckets.forEach((bucket, i) => {
    pointParams.b[i] = bucket.b;
    pointParams.tau[i] = bucket.tau;
  });
  const pointTheta = toTheta(context.layout, pointParams);
  const residualSource = method === "residuals" ? residualModel(context, point) : undefined;

  const draws: BootstrapDraw[] = [];
  let failures = 0;
  let lastYield = Date.now();
  let firstError: string | undefined;
  for (let k = 0; k < samples; k++) {
    if (Date.now() - lastYield >= YIELD_EVERY_MS) {
      await yieldToEventLoop();
      lastYield = Date.now();
    }
    checkAbort(signal, k);
    const random = seededRandom(deriveSeed(seed, 1000 + k));
    const resampled = residualSource ? residualSource(random) : resampleRuns(context, random);
    try {
      const refit = prepare(resampled, fitOptions);
      const { best } = warmRefit({ context: refit, warmStart: pointTheta, candidates: refitStarts, pointLoss: point.objective });
      const params = toNatural(refit.layout, best.theta, emptyParams(p));
      draws.push({ a: params.a, d: params.d, b: Array.from(params.b), tau: Array.from(params.tau) });
    } catch (e) {
      if (!(e instanceof FitError)) throw e;
      failures++;
      firstError ??= e.message;
    }
    onProgress?.({ done: k + 1, total: samples, failures });
  }
  checkAbort(signal, samples);
  if (draws.length < 2) {
    throw new FitError(
      "INSUFFICIENT_DATA",
      "options.method",
      `only ${draws.length} of ${samples} bootstrap refits succeeded${firstError ? ` (first failure: ${firstError})` : ""}; use method "residuals" or add runs.`,
    );
  }
  const warnings: FitWarning[] = [];
  if (failures > 0) {
    warnings.push({
      code: "BOOTSTRAP_FAILURES",
      message: `${failures} of ${samples} refits failed and were left out (first failure: ${firstError}); intervals use the ${draws.length} others.`,
    });
  }
  const result: Omit<BootstrapResult, "model"> = {
    fit: point,
    method,
    samples,
    successful: draws.length,
    failures,
    seed,
    confidence,
    intervals: parameterIntervals(context, draws, confidence),
    draws,
    warnings,
    input,
    options: fitOptions,
  };
  return { ...result, model: toModelFile(point, { bootstrap: result as BootstrapResult }) };
}

function stripBootstrapOptions(options: BootstrapOptions): FitOptions {
  const { samples: _s, method: _m, confidence: _c, onProgress: _o, signal: _g, refitStarts: _r, fit: _f, ...rest } = options;
  return rest;
}

/** A sampler of residual-bootstrap datasets around the point fit. */
function residualModel(context: FitContext, point: FitResult): (random: () => number) => FitInput {
  const { problem, settings, layout } = context;
  const n = problem.count;
  const inflation = n > layout.size ? Math.sqrt(n / (n - layout.size)) : 1;
  const logScale = settings.loss === "huber-log";
  // Standardized residuals: √w·(y − ŷ), or on the log scale for the log loss.
  const standardized = point.residuals.map((r) => {
    const raw = logScale ? Math.log(r.observed) - Math.log(r.predicted) : r.residual;
    return raw * Math.sqrt(r.weight) * inflation;
  });
  return (random) => {
    const observations: Observation[] = point.residuals.map((r, j) => {
      const e = (standardized[Math.floor(random() * n)] as number) / Math.sqrt(r.weight);
      const error = logScale ? r.predicted * Math.exp(e) : Math.max(r.predicted + e, 0);
      const source = problem.source[j] as Observation;
      return { pool: source.pool, samplesSeen: source.samplesSeen, error, ...(source.weight !== undefined ? { weight: source.weight } : {}) };
    });
    return { buckets: context.input.buckets, observations };
  };
}

/** Resamples runs with replacement within each pool. */
function resampleRuns(context: FitContext, random: () => number): FitInput {
  const { problem } = context;
  const observations: Observation[] = [];
  for (const pool of problem.pools) {
    const members = pool.observations;
    for (let k = 0; k < members.length; k++) {
      observations.push(problem.source[members[Math.floor(random() * members.length)] as number] as Observation);
    }
  }
  return { buckets: context.input.buckets, observations };
}

function parameterIntervals(context: FitContext, draws: BootstrapDraw[], confidence: number): ParameterIntervals {
  const { layout, problem } = context;
  const intervals: ParameterIntervals = { buckets: problem.buckets.map((b) => ({ id: b.id })) };
  if (layout.aSlot >= 0) intervals.a = percentileInterval(draws.map((d) => d.a), confidence);
  if (layout.dSlot >= 0) intervals.d = percentileInterval(draws.map((d) => d.d), confidence);
  problem.buckets.forEach((_, i) => {
    const entry = intervals.buckets[i]!;
    if ((layout.bSlot[i] as number) >= 0) entry.b = percentileInterval(draws.map((d) => d.b[i] as number), confidence);
    if ((layout.tauSlot[i] as number) >= 0) entry.tau = percentileInterval(draws.map((d) => d.tau[i] as number), confidence);
  });
  return intervals;
}
