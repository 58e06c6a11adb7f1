import {
  adviceEngine,
  lawStart,
  type AdviceEngine,
  type AdviceWarning,
  type BudgetAdvice,
  type CrossoverAdvice,
  type CurveSet,
  type Extrapolation,
  type Interval,
  type MeanInterval,
  type ModelCoverage,
  type ModelFitWarning,
  type PoolAdvice,
  type PoolSummary,
  type UncertaintyStatus,
} from "@qqt/core";
import { formatPasses, formatSamples } from "./format";
import type { ModelFileV1 } from "./modelFile";
import { logSpace, type BudgetRange } from "./scale";

// The page's view of @qqt/core's advice engine. Everything the advisor says about a model — best pool, runner-up and
// margin, intervals (of a new run and of the mean curve), P(best), crossovers, curves, warnings — is the engine's;
// this module only reshapes it for the components (1-based pool numbers, chart rows, one sentence) and adds nothing
// of its own: no ranking, no quantile, no tie tolerance, no crossover search.

/**
 * A candidate pool described for people: the engine's pool with its name (@qqt/core's `poolName`).
 *
 * @example
 * ```ts
 * // { k: 3, ids: ["top0-10", "top10-20", "top20-30"], name: "top 30%", buckets: 3, uniqueSamples: 38.4e6, bucketLabels: "top 0–10% by T-MARS + …" }
 * ```
 */
export interface PoolInfo {
  /** Position among the engine's candidates, 1-based (the `k` of `top-k` for nested pools). */
  k: number;
  /** Bucket ids of the pool, in the model's order. */
  ids: string[];
  /** The engine's name of the pool: `top 30%`, `10–30%`, `top-3`, `LAION-400M`. */
  name: string;
  /** Number of buckets. */
  buckets: number;
  /** Unique samples, `Σ S_i`. */
  uniqueSamples: number;
  /** The bucket labels (or ids) joined by ` + `. */
  bucketLabels: string;
}

/**
 * What to train on at one budget, as the advice engine answers it, with what limits trust in it.
 *
 * @example
 * ```ts
 * // advise(640e6) on the paper model → { best: 3, pool: { name: "top 30%", … }, error: 0.599218…, runnerUp: 2,
 * //   margin: 0.008…, passes: 16.67, sentence: "Train on the top 30%: 3 buckets, 38.4M unique samples, about 17 passes.",
 * //   uncertainty: undefined, notEstimable: undefined, warnings: [] }
 * ```
 */
export interface Advice {
  /** Samples seen. */
  budget: number;
  /** `k` of the best pool (1-based). */
  best: number;
  pool: PoolInfo;
  /** Predicted error of every candidate, `errors[k-1]`. */
  errors: number[];
  /** Predicted error of the best pool (point estimate). */
  error: number;
  /** `k` of the runner-up, or undefined with a single candidate. */
  runnerUp: number | undefined;
  runnerUpPool: PoolInfo | undefined;
  /** Error of the runner-up minus that of the best (≥ 0). */
  margin: number | undefined;
  /** Passes over the best pool: `budget / uniqueSamples`. */
  passes: number;
  /** The answer in one sentence. */
  sentence: string;
  /** The engine's intervals and probabilities, when it estimated them (bootstrap draws of an estimable fit). */
  uncertainty: Uncertainty | undefined;
  /** Why there is no interval and no probability although the model has a fit: the engine's reasons (NOT_ESTIMABLE). */
  notEstimable: string[] | undefined;
  /** Where the law's range starts (`normalizer / a`), when the budget is below it (the engine's BELOW_LAW_RANGE). */
  belowLawRange: number | undefined;
  /** How far the answer is from the fitted runs (absent without a record of them, e.g. a hand-entered model). */
  extrapolation: Extrapolation | undefined;
  /** The engine's warnings for this answer: model-level ones (NOT_ESTIMABLE, NO_COVERAGE), then this budget's. */
  warnings: AdviceWarning[];
  /** The engine estimates an uncertainty for this answer that is still being computed (see {@link Advisor.advisePoint}). */
  pending: boolean;
}

/**
 * The engine's uncertainty of an {@link Advice}.
 *
 * @example
 * ```ts
 * // { draws: 200, confidence: 0.95, interval: { low: 0.5960, high: 0.6015 }, meanInterval: { low: 0.5970, median: 0.5987, high: 0.6005 },
 * //   probabilityBest: [0, 0.03, 0.97, 0] }
 * ```
 */
export interface Uncertainty {
  /** Bootstrap draws used. */
  draws: number;
  /** Level of both intervals, e.g. 0.95. */
  confidence: number;
  /** Prediction interval of the best pool: where the error of one new training run is expected (fit uncertainty + run-to-run noise). */
  interval: Interval | undefined;
  /** Band of the best pool's mean curve over the draws (fit uncertainty alone; narrower). */
  meanInterval: MeanInterval | undefined;
  /** `probabilityBest[k-1]`: share of draws in which pool `k` is the best. */
  probabilityBest: number[];
}

/**
 * A crossover of the best pool, for chart markers and text.
 *
 * @example
 * ```ts
 * // { budget: 4.93e7, from: 1, to: 2, error: 0.7711, text: "49.3M: top 10% → top 20%" }
 * ```
 */
export interface CrossoverMarker {
  budget: number;
  /** `k` of the best pool below the budget. */
  from: number;
  /** `k` of the best pool above the budget. */
  to: number;
  error: number;
  text: string;
  /** Spread of this crossover over the bootstrap draws (engine's, when estimable and asked for). */
  interval?: MeanInterval;
  /** Share of the draws with this crossover in the range. */
  probability?: number;
}

/**
 * Predicted-error curves of every candidate, ready for a chart: one row per budget.
 *
 * @remarks Row keys: `samples`, `p1` … `pP` (error of pool k), `best` (the envelope: lowest error), `bestK`, and when
 * the engine gives them `band1` … `bandP` (band of the mean curve) and `pred1` … `predP` (prediction band of a new
 * run), each a `[low, high]` pair.
 * @example
 * ```ts
 * // rows[0] → { samples: 1e7, p1: 0.94, p2: 0.96, best: 0.94, bestK: 1, band1: [0.93, 0.95], pred1: [0.93, 0.955], … }
 * ```
 */
export interface PoolCurves {
  rows: Array<Record<string, number | [number, number]>>;
  pools: PoolInfo[];
  /** Which bands the rows hold. */
  bands: { mean: boolean; prediction: boolean };
  confidence: number;
}

/**
 * A model compiled for interactive use: its advice engine (with the bootstrap draws), and the same model's engine
 * without the draws (its fit record kept) for what needs no draws: the point answer with its warnings and
 * extrapolation, the chart's lines and crossover markers.
 *
 * @example
 * ```ts
 * const advisor = compileAdvisor(tmars);
 * advisor.advise(640e6).best; // 3
 * ```
 */
export interface Advisor {
  readonly model: ModelFileV1;
  /** The advice engine of the model: every answer comes from it. */
  readonly engine: AdviceEngine;
  readonly pools: readonly PoolInfo[];
  /** Range of budgets the charts and slider cover by default. */
  readonly range: BudgetRange;
  /** Where the law's range starts: `normalizer / a` (the engine's). */
  readonly lawStart: number;
  /** What the fitted runs cover (absent for hand-entered models and old model files). */
  readonly coverage: ModelCoverage | undefined;
  /** How sure the engine's answers can be: `estimated`, `not-estimable` or `none`, with reasons. */
  readonly uncertainty: UncertaintyStatus;
  /** Model-level warnings of the engine (NOT_ESTIMABLE, NO_COVERAGE). */
  readonly warnings: readonly AdviceWarning[];
  /** The fitter's warnings the model carries (NOT_IDENTIFIABLE, AT_BOUND, …). */
  readonly fitWarnings: readonly ModelFitWarning[];
  /** The engine's full answer (intervals and probabilities included: with many draws, tens of milliseconds). */
  advise(budget: number): Advice;
  /**
   * The engine's answer without its intervals and probabilities (`pending` when the engine has them): the same best
   * pool, errors, margin, warnings and extrapolation as {@link Advisor.advise}, at the cost of one point evaluation.
   * The page shows it at once and the full answer, computed in a worker (lib/advise.worker.ts), when it arrives.
   */
  advisePoint(budget: number): Advice;
  /** The page's {@link Advice} of an answer of this model's engine (e.g. computed in the worker). */
  adviceOf(answer: BudgetAdvice): Advice;
  /**
   * Curves of every candidate over `points` log-spaced budgets. Without `bands` (the default) from the engine of the
   * point estimate alone: fast, for the chart's lines; with `bands`, the full engine's mean and prediction bands
   * (expensive with many draws: the page computes them in a worker, lib/curves.worker.ts).
   */
  curves(range: BudgetRange, points?: number, options?: { bands?: boolean }): PoolCurves;
  /** The crossovers in a range; with `intervals`, their spread over the draws (the full engine's, expensive). */
  crossovers(range: BudgetRange, options?: { intervals?: boolean }): CrossoverMarker[];
}

/** Points per pool curve: smooth at chart width. */
export const CURVE_POINTS = 160;

/**
 * Compiles a model for the advisor's recommendation, charts and table: `@qqt/core`'s `adviceEngine` of the model.
 *
 * @example
 * ```ts
 * compileAdvisor(tmars).advise(64e6).errors; // [0.751573…, 0.742862…, 0.768555…, 0.793451…]
 * ```
 */
export function compileAdvisor(model: ModelFileV1): Advisor {
  const engine = adviceEngine(model);
  // The model without its draws (the fit record kept): the same candidates, point answers, warnings and curves,
  // without the cost of the draws.
  const point = model.fit?.bootstrap === undefined ? engine : adviceEngine(withoutDraws(model));
  const pools = engine.candidates.map((c) => poolInfo(c, model));
  const confidence = engine.uncertainty.confidence;
  const pending = engine.uncertainty.kind === "estimated";

  const advise = (budget: number): Advice => adviceOf(engine.advise(budget), pools, engine, false);
  const advisePoint = (budget: number): Advice => adviceOf(point.advise(budget), pools, engine, pending);
  const curves = (range: BudgetRange, points = CURVE_POINTS, options: { bands?: boolean } = {}): PoolCurves =>
    poolCurves((options.bands === true ? engine : point).curves(logSpace(range, points)), pools, confidence);
  const crossovers = (range: BudgetRange, options: { intervals?: boolean } = {}): CrossoverMarker[] =>
    crossoverMarkers((options.intervals === true ? engine : point).crossovers(range), pools);

  return {
    model,
    engine,
    pools,
    range: defaultRange(model),
    lawStart: engine.lawStart,
    coverage: engine.coverage,
    uncertainty: engine.uncertainty,
    warnings: engine.warnings,
    fitWarnings: engine.fitWarnings,
    advise,
    advisePoint,
    adviceOf: (answer) => adviceOf(answer, pools, engine, false),
    curves,
    crossovers,
  };
}

/** The model without its bootstrap draws, its fit record kept (coverage, noise, warnings). */
function withoutDraws(model: ModelFileV1): ModelFileV1 {
  const { bootstrap: _bootstrap, ...fit } = model.fit!;
  return { ...model, fit };
}

function poolInfo(c: PoolSummary, model: ModelFileV1): PoolInfo {
  const byId = new Map(model.buckets.map((b) => [b.id, b]));
  return {
    k: c.index + 1,
    ids: [...c.pool],
    name: c.name,
    buckets: c.pool.length,
    uniqueSamples: c.size,
    bucketLabels: c.pool.map((id) => byId.get(id)?.label ?? id).join(" + "),
  };
}

/**
 * The engine's answer at one budget as the page's {@link Advice}; model-level status (uncertainty, warnings) from the
 * full `engine`.
 */
function adviceOf(a: BudgetAdvice, pools: readonly PoolInfo[], engine: AdviceEngine, pending: boolean): Advice {
  const pool = pools[a.best.index] as PoolInfo;
  const runnerUpPool = a.runnerUp !== undefined ? pools[a.runnerUp.index] : undefined;
  const probabilities = a.candidates.map((c) => c.probability);
  const estimated = engine.uncertainty.kind === "estimated" && probabilities.every((p) => p !== undefined);
  return {
    budget: a.budget,
    best: pool.k,
    pool,
    errors: a.candidates.map((c) => c.error),
    error: a.best.error,
    runnerUp: runnerUpPool?.k,
    runnerUpPool,
    margin: a.margin,
    passes: a.best.passes,
    sentence: recommendationSentence(pool, a.budget),
    uncertainty: estimated ? uncertaintyOf(a.best, probabilities as number[], engine) : undefined,
    notEstimable: engine.uncertainty.reasons.length > 0 ? [...engine.uncertainty.reasons] : undefined,
    belowLawRange: a.belowLawRange ? engine.lawStart : undefined,
    extrapolation: a.extrapolation,
    warnings: [...engine.warnings, ...a.warnings],
    pending: pending && !estimated,
  };
}

function uncertaintyOf(best: PoolAdvice, probabilityBest: number[], engine: AdviceEngine): Uncertainty {
  return {
    draws: engine.uncertainty.draws,
    confidence: engine.uncertainty.confidence,
    interval: best.interval,
    meanInterval: best.meanInterval,
    probabilityBest,
  };
}

/**
 * The engine's curves as chart rows (see {@link PoolCurves}); the page also calls it on curves computed in the
 * worker.
 *
 * @example
 * ```ts
 * poolCurves(adviceEngine(tmars).curves([1e7, 1e8]), advisor.pools, 0.95).rows[1].bestK; // 2
 * ```
 */
export function poolCurves(set: CurveSet, pools: readonly PoolInfo[], confidence: number): PoolCurves {
  const mean = set.pools.length > 0 && set.pools.every((p) => p.mean !== undefined);
  const prediction = set.pools.length > 0 && set.pools.every((p) => p.prediction !== undefined);
  const rows = Array.from(set.budgets, (samples, i) => {
    const row: Record<string, number | [number, number]> = { samples };
    set.pools.forEach((p, j) => {
      const k = j + 1;
      row[`p${k}`] = p.error[i] as number;
      if (mean) row[`band${k}`] = [p.mean!.low[i] as number, p.mean!.high[i] as number];
      if (prediction) row[`pred${k}`] = [p.prediction!.low[i] as number, p.prediction!.high[i] as number];
    });
    row.best = set.envelope[i] as number;
    row.bestK = (set.best[i] as number) + 1;
    return row;
  });
  return { rows, pools: [...pools], bands: { mean, prediction }, confidence };
}

/**
 * The engine's crossovers as chart markers with their text.
 *
 * @example
 * ```ts
 * crossoverMarkers(adviceEngine(tmars).crossovers({ min: 1e7, max: 1e10 }), advisor.pools)[0].text; // "49.3M: top 10% → top 20%"
 * ```
 */
export function crossoverMarkers(list: readonly CrossoverAdvice[], pools: readonly PoolInfo[]): CrossoverMarker[] {
  return list.map((c) => {
    const from = pools[c.from.index]!;
    const to = pools[c.to.index]!;
    const marker: CrossoverMarker = { budget: c.budget, from: from.k, to: to.k, error: c.error, text: `${formatSamples(c.budget)}: ${from.name} → ${to.name}` };
    if (c.interval !== undefined) marker.interval = c.interval;
    if (c.probability !== undefined) marker.probability = c.probability;
    return marker;
  });
}

/**
 * The recommendation in one sentence: pool, bucket count, unique samples and passes.
 *
 * @example
 * ```ts
 * recommendationSentence({ k: 3, ids: [...], name: "top 30%", buckets: 3, uniqueSamples: 38.4e6, bucketLabels: "" }, 640e6);
 * // "Train on the top 30%: 3 buckets, 38.4M unique samples, about 17 passes."
 * ```
 */
export function recommendationSentence(pool: Pick<PoolInfo, "name" | "buckets" | "uniqueSamples">, budget: number): string {
  const buckets = `${pool.buckets} bucket${pool.buckets === 1 ? "" : "s"}`;
  // "the top 30%", but a pool named by its ids or dataset reads "top-2", "LAION-400M".
  const what = pool.name.startsWith("top ") ? `the ${pool.name}` : pool.name;
  return `Train on ${what}: ${buckets}, ${formatSamples(pool.uniqueSamples)} unique samples, ${formatPasses(budget / pool.uniqueSamples)}.`;
}

/** The default range ends at this many passes over the whole pool: far into diminishing returns. */
const RANGE_ABOVE_PASSES = 300;

/**
 * The default budget range of a model's charts and slider: from the smallest bucket (or from the law's start
 * `normalizer / a`, if larger) to 300 passes over the whole pool, widened to whole decades.
 *
 * @remarks Below the law's start the power law ranks pools backwards (the engine flags such budgets as
 * BELOW_LAW_RANGE); the slider does not start there (the text box still accepts any budget).
 * @example
 * ```ts
 * defaultRange(tmars); // { min: 1e7, max: 1e11 }
 * defaultRange(openClipB32); // { min: 1e8, max: 1e12 } (normalizer / a = 1.4e8 > the smallest bucket, 8e7)
 * ```
 */
export function defaultRange(model: ModelFileV1): BudgetRange {
  const smallest = Math.min(...model.buckets.map((b) => b.size));
  const total = model.buckets.reduce((s, b) => s + b.size, 0);
  const start = lawStart(model.task);
  const min = 10 ** Math.floor(Math.log10(Math.max(smallest, Number.isFinite(start) ? start : 0)));
  const max = 10 ** Math.ceil(Math.log10(total * RANGE_ABOVE_PASSES));
  return { min, max: max > min ? max : min * 10 };
}

/**
 * A range that holds both `range` and `budget`, widened to whole decades when the budget is outside.
 *
 * @example
 * ```ts
 * rangeWith({ min: 1e6, max: 1e11 }, 3e12); // { min: 1e6, max: 1e13 }
 * ```
 */
export function rangeWith(range: BudgetRange, budget: number): BudgetRange {
  if (!Number.isFinite(budget) || budget <= 0) return range;
  return {
    min: budget < range.min ? 10 ** Math.floor(Math.log10(budget)) : range.min,
    max: budget > range.max ? 10 ** Math.ceil(Math.log10(budget)) : range.max,
  };
}
