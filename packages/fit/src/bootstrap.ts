import { DEFAULT_CONFIDENCE } from "./constants.js";
import { FitError, show } from "./FitError.js";
import { prepare, runFit, solve, type FitContext } from "./fit.js";
import { emptyParams, toNatural, toTheta } from "./layout.js";
import { deriveSeed, seededRandom } from "./random.js";
import { percentileInterval } from "./statistics.js";
import type { FitInput, FitOptions, FitResult, FitWarning, Observation } from "./types.js";

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
  readonly aborted: boolean;
  readonly reason?: unknown;
}

/**
 * Progress of a bootstrap, reported after every refit.
 *
 * @example
 * ```ts
 * // { done: 120, total: 500, failures: 0 }
 * ```
 */
export interface BootstrapProgress {
  done: number;
  total: number;
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
  /** Number of resamples (≥ 2). */
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
  onProgress?: (progress: BootstrapProgress) => void;
  signal?: AbortSignalLike;
  /** Global-stage candidates polished per refit, besides the warm start at the point estimate (default 1). */
  refitStarts?: number;
  /** A point fit of the same input and options, to skip refitting it. */
  fit?: FitResult;
}

/**
 * A closed interval.
 *
 * @example
 * ```ts
 * const i: Interval = { low: 0.019, high: 0.025 };
 * ```
 */
export interface Interval {
  low: number;
  high: number;
}

/**
 * Intervals of the free parameters (fixed ones have none; shared ones repeat for every bucket).
 *
 * @example
 * ```ts
 * // { a: { low: 0.02, high: 0.024 }, d: {...}, buckets: [{ id: "top0-10", b: {...}, tau: {...} }] }
 * ```
 */
export interface ParameterIntervals {
  a?: Interval;
  d?: Interval;
  buckets: Array<{ id: string; b?: Interval; tau?: Interval }>;
}

/**
 * The parameters of one successful bootstrap refit; `b`, `tau` aligned with the buckets of the input.
 *
 * @example
 * ```ts
 * // { a: 0.0219, d: 0.1003, b: [-0.181, -0.149], tau: [4.2, 4.4] }
 * ```
 */
export interface BootstrapDraw {
  a: number;
  d: number;
  b: number[];
  tau: number[];
}

/**
 * The result of {@link bootstrap}: the point fit, every refit's parameters and percentile intervals.
 *
 * @example
 * ```ts
 * const boot = await bootstrap(input, { samples: 200, seed: 1 });
 * boot.intervals.a; // { low: …, high: … }
 * boot.draws.length; // 200 (minus failures)
 * ```
 */
export interface BootstrapResult {
  fit: FitResult;
  method: "residuals" | "runs";
  /** Requested resamples. */
  samples: number;
  successful: number;
  failures: number;
  seed: number;
  confidence: number;
  intervals: ParameterIntervals;
  draws: BootstrapDraw[];
  warnings: FitWarning[];
  /** The input and options, so intervals of predictions can be computed later. */
  input: FitInput;
  options: FitOptions;
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
 * @remarks Deterministic for a given `seed`. Each refit starts from the point estimate and from the best
 * global-stage cell of the resampled data. Refits that fail (e.g. a resample that cannot be fitted) are counted in
 * `failures` and reported as a `BOOTSTRAP_FAILURES` warning; fewer than 2 successes throws `INSUFFICIENT_DATA`.
 * Yields to the event loop regularly, reports progress after every refit and stops with `ABORTED` when `signal`
 * fires. Intervals of predictions, crossovers and best-pool probabilities: {@link predictedErrorIntervals},
 * {@link crossoverIntervals}, {@link bestPoolProbabilities}.
 * @example
 * ```ts
 * const boot = await bootstrap(input, { samples: 500, seed: 7, onProgress: (p) => console.log(p.done) });
 * boot.intervals.buckets[0].b; // { low: -0.19, high: -0.17 }
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
  const point = options.fit ?? runFit(context, undefined);
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
      const { best } = solve(refit, pointTheta, refitStarts, false);
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
  return {
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
