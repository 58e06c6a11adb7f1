import type { Bucket } from "@qqt/core";
import { diagnose } from "./diagnostics.js";
import { createEvaluator } from "./evaluator.js";
import { FitError } from "./FitError.js";
import { globalCandidates } from "./globalStage.js";
import { buildLayout, emptyParams, perBucket, scalarValue, toNatural, toTheta, type Layout } from "./layout.js";
import { Objective } from "./objective.js";
import { numericalError } from "./numericalError.js";
import { resolveSettings, type Settings } from "./options.js";
import { polish, type PolishOptions, type PolishResult } from "./polish.js";
import { buildProblem, type Problem } from "./problem.js";
import { deriveSeed, seededRandom } from "./random.js";
import { referenceGridSearch } from "./referenceGridSearch.js";
import { runCoverage, runNoise } from "./record.js";
import { pointModel } from "./toModelFile.js";
import type { FitInput, FitOptions, FitResult, FitResidual, FitWarning, InitialParameters } from "./types.js";

/** Standard deviation (θ scale) of the seeded jitter start around the best global candidate. */
const JITTER = 0.25;

/** Everything a fit needs once the input is validated (reused by bootstrap refits). */
export interface FitContext {
  input: FitInput;
  options: FitOptions;
  settings: Settings;
  problem: Problem;
  layout: Layout;
  objective: Objective;
}

export function prepare(input: FitInput, options: FitOptions | undefined): FitContext {
  const settings = resolveSettings(options);
  const problem = buildProblem(input, options?.law, settings.normalizer, settings.loss === "huber-log");
  const layout = buildLayout(problem, options?.share, options?.fixed, options?.bounds);
  const evaluator = createEvaluator(problem, layout);
  const objective = new Objective(problem, layout, evaluator, settings.loss, settings.huberDelta);
  return { input, options: options ?? {}, settings, problem, layout, objective };
}

/**
 * Fits the QQT law to observed runs: `a`, `d` shared by all buckets, `b`, `tau` per bucket (by default).
 *
 * @remarks Minimizes Σ w·(y − ŷ)² (or a Huber loss on log error) where ŷ is `predictError` of each run's pool
 * (Theorem 1 for unions of buckets). Engine, deterministic for a given seed:
 * 1. Global stage: a grid over `(a, d, tau)` with every `b` projected out by weighted linear least squares in log
 *    space (`log(y − d)` is linear in the `b`'s), then a coordinate search over per-bucket `tau`; the best cells by
 *    exact loss, plus a seeded jitter of the best, become starts (`options.starts`).
 * 2. Levenberg–Marquardt polish (own structured solver: Schur complement over a, d) in θ = (log a, d, log(−b), log tau), analytic Jacobian,
 *    fixed parameters closed over, rounds with a relative stopping rule (`options.tolerance`).
 * 3. The start with the lowest loss wins; diagnostics (bounds, identifiability, standard errors) are attached.
 * With `globalStage: 'reference-grid'` the official grid's best point is polished too, so the result can never be
 * worse than {@link referenceGridSearch}.
 * @throws A {@link FitError} naming the field at fault: `INVALID_BUCKET`, `INVALID_OBSERVATION`, `UNKNOWN_BUCKET`
 * and `INSUFFICIENT_DATA` for the input; `INVALID_BOUNDS` and `INVALID_OPTION` for the options; `UNSUPPORTED` for a
 * reference-grid stage on pooled runs with per-bucket parameters; `NOT_CONVERGED` with `strict: true` or when no
 * start gives a finite loss.
 * @example
 * ```ts
 * const result = fit(input, { seed: 1 }); // `input` as in the FitInput example: made with a = 0.022, d = 0.1
 * result.task; // { a: 0.02222, d: 0.1016, normalizer: 100000 }
 * result.buckets.map((b) => b.b); // [-0.1802, -0.1504]
 * result.converged; // true
 * ```
 */
export function fit(input: FitInput, options?: FitOptions): FitResult {
  return runFit(prepare(input, options), undefined);
}

/** Runs the engine on a prepared context and builds the full result (with diagnostics). */
export function runFit(context: FitContext, warmStart: Float64Array | undefined): FitResult {
  const { best, starts } = solve(context, warmStart, context.settings.starts);
  return buildResult(context, best, starts);
}

/** Polishes one start (the structured solver; tests pass the previous solver as an oracle). */
export type Polisher = (objective: Objective, layout: Layout, start: Float64Array, options: Settings & PolishOptions) => PolishResult;

/**
 * The engine without diagnostics: global stage (`candidates` best cells, plus a seeded jitter of the best unless
 * `withJitter` is false), the optional reference grid and initial values, each polished; returns the best polish.
 * @throws FitError `NOT_CONVERGED` (no finite start, or `strict`), `NUMERICAL` (no start could be polished).
 */
export function solve(
  context: FitContext,
  warmStart: Float64Array | undefined,
  candidateCount: number,
  withJitter = true,
  polisher: Polisher = polish,
): { best: PolishResult; starts: number } {
  const { settings, layout, objective } = context;
  const starts = startingPoints(context, warmStart, candidateCount, withJitter);
  let best: PolishResult | undefined;
  let failed: PolishResult | undefined;
  for (const start of starts) {
    // Later starts know the incumbent's Σ r², so one crawling far above it can be abandoned (it cannot win).
    const result = polisher(objective, layout, start, best === undefined ? settings : { ...settings, incumbent: best.sumSquares });
    if (!Number.isFinite(result.sumSquares) || result.abandoned) continue;
    if (result.failure !== undefined) {
      failed ??= result;
      continue;
    }
    if (best === undefined || result.sumSquares < best.sumSquares) best = result;
  }
  if (best === undefined && failed !== undefined) throw numericalError(context, failed.failure as string);
  if (best === undefined) {
    throw new FitError(
      "NOT_CONVERGED",
      "",
      "no starting point gave a finite loss; check that the errors are on the scale of the law (e.g. 1 − accuracy) and the bounds.",
    );
  }
  if (!best.converged && settings.strict) {
    throw new FitError(
      "NOT_CONVERGED",
      "options.maxIterations",
      `the polish stopped after ${best.iterations} ${best.iterations === 1 ? "iteration" : "iterations"} before the relative stopping rule (${settings.tolerance}) held; raise options.maxIterations or relax options.tolerance.`,
    );
  }
  return { best, starts: starts.length };
}

/** The starts of the polish: warm start, global-stage candidates (+ jitter), reference grid, initial values. */
export function startingPoints(
  context: FitContext,
  warmStart: Float64Array | undefined,
  candidateCount: number,
  withJitter = true,
): Float64Array[] {
  const { settings, problem, layout, objective, options } = context;
  const starts: Float64Array[] = [];
  if (warmStart !== undefined) starts.push(warmStart);
  let candidates: Float64Array[] = [];
  if (settings.globalStage !== "none" && candidateCount > 0) {
    candidates = globalCandidates(objective, candidateCount);
    starts.push(...candidates);
    if (withJitter && candidates.length > 0) starts.push(jitter(candidates[0] as Float64Array, layout, settings.seed));
  }
  if (settings.globalStage === "reference-grid") {
    const grid = referenceGridSearch(context.input, {
      ...options.referenceGrid,
      law: problem.law,
      normalizer: problem.normalizer,
      seed: settings.seed,
      ...(options.share !== undefined ? { share: options.share } : {}),
      ...(options.fixed !== undefined ? { fixed: options.fixed } : {}),
    });
    const params = emptyParams(problem.buckets.length);
    params.a = grid.task.a;
    params.d = grid.task.d;
    grid.buckets.forEach((bucket, i) => {
      params.b[i] = bucket.b;
      params.tau[i] = bucket.tau;
    });
    starts.push(toTheta(layout, params));
  }
  if (options.initial !== undefined) starts.push(initialTheta(context, options.initial, candidates[0]));
  return starts;
}


function jitter(theta: Float64Array, layout: Layout, seed: number): Float64Array {
  const random = seededRandom(deriveSeed(seed, 1));
  const out = Float64Array.from(theta);
  for (let s = 0; s < out.length; s++) {
    // Box–Muller normal, scaled to the θ range for d (natural scale).
    const u = Math.max(random(), Number.MIN_VALUE);
    const v = random();
    const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    const spread = layout.kinds[s] === "d" ? JITTER * 0.1 * ((layout.upper[s] as number) - (layout.lower[s] as number)) : JITTER;
    out[s] = (out[s] as number) + spread * normal;
  }
  return out;
}

function initialTheta(context: FitContext, initial: InitialParameters, fallback: Float64Array | undefined): Float64Array {
  const { problem, layout } = context;
  if (initial === null || typeof initial !== "object") {
    throw new FitError("INVALID_OPTION", "options.initial", "expected { a?, d?, b?, tau? }.");
  }
  const p = problem.buckets.length;
  const params = emptyParams(p);
  if (fallback !== undefined) toNatural(layout, fallback, params);
  else {
    let minY = Infinity;
    for (const y of problem.y) minY = Math.min(minY, y);
    params.a = Math.min(Math.max(problem.normalizer / (problem.pools[0]?.size ?? 1), layout.bounds.a.min), layout.bounds.a.max);
    params.d = Math.min(Math.max(0.5 * minY, layout.bounds.d.min), layout.bounds.d.max);
    params.b.fill(-0.1);
    params.tau.fill(3);
  }
  const a = scalarValue(initial.a, "a", "options.initial.a");
  const d = scalarValue(initial.d, "d", "options.initial.d");
  if (!Number.isNaN(a)) params.a = a;
  if (!Number.isNaN(d)) params.d = d;
  const b = perBucket(initial.b, problem, "b", "options.initial.b");
  const tau = perBucket(initial.tau, problem, "tau", "options.initial.tau");
  for (let i = 0; i < p; i++) {
    if (!Number.isNaN(b[i] as number)) params.b[i] = b[i] as number;
    if (!Number.isNaN(tau[i] as number)) params.tau[i] = tau[i] as number;
  }
  return toTheta(layout, params);
}

function buildResult(context: FitContext, best: PolishResult, startCount: number): FitResult {
  const { problem, layout, objective, settings, options } = context;
  const params = toNatural(layout, best.theta, emptyParams(problem.buckets.length));
  const predictions = objective.evaluator.predict(best.theta, new Float64Array(problem.count));
  let sse = 0;
  let totalWeight = 0;
  const residuals: FitResidual[] = [];
  for (let j = 0; j < problem.count; j++) {
    const observed = problem.y[j] as number;
    const predicted = predictions[j] as number;
    const w = problem.weight[j] as number;
    sse += w * (observed - predicted) ** 2;
    totalWeight += w;
    residuals.push({
      index: j,
      pool: [...problem.source[j]!.pool],
      samplesSeen: problem.samples[j] as number,
      observed,
      predicted,
      residual: observed - predicted,
      weight: w,
    });
  }
  const ids = problem.buckets.map((b) => b.id);
  const { warnings, standardErrors } = diagnose(objective, layout, best.theta, params, ids);
  const allWarnings: FitWarning[] = [...warnings];
  if (!best.converged) {
    allWarnings.push({
      code: "NOT_CONVERGED",
      message: `the polish stopped after ${best.iterations} ${best.iterations === 1 ? "iteration" : "iterations"} before the relative stopping rule held; the result may not be a minimum (raise options.maxIterations).`,
    });
  }
  const buckets: Bucket[] = problem.buckets.map((bucket, i) => ({
    id: bucket.id,
    size: bucket.size,
    b: params.b[i] as number,
    tau: params.tau[i] as number,
    ...(bucket.label !== undefined ? { label: bucket.label } : {}),
  }));
  const result: Omit<FitResult, "model"> = {
    law: problem.law,
    task: { a: params.a, d: params.d, normalizer: problem.normalizer },
    buckets,
    loss: settings.loss,
    objective: objective.lossValue(best.sumSquares),
    sse,
    rmse: Math.sqrt(sse / totalWeight),
    residuals,
    iterations: best.iterations,
    converged: best.converged,
    warnings: allWarnings,
    standardErrors,
    seed: settings.seed,
    observations: problem.count,
    freeParameters: layout.size,
    starts: startCount,
    options: {
      share: [...new Set(options.share ?? [])],
      fixed: jsonSafe(options.fixed ?? {}),
      bounds: jsonSafe(options.bounds ?? {}),
      normalizer: problem.normalizer,
      starts: settings.starts,
      globalStage: settings.globalStage,
      maxIterations: settings.maxIterations,
      tolerance: settings.tolerance,
      ...(settings.loss === "huber-log" ? { huberDelta: settings.huberDelta } : {}),
    },
    coverage: runCoverage(problem, layout),
    ...optional("noise", runNoise(problem, layout, predictions, settings.loss === "huber-log")),
  };
  return { ...result, model: pointModel(result, Array.from(problem.group, (g) => problem.groupNames[g] as string)) };
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return value === undefined ? {} : ({ [key]: value } as { [P in K]?: V });
}

function jsonSafe<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
