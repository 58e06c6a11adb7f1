import { findCrossovers, poolModel, type Bucket, type CandidatePool, type PoolModel } from "@qqt/core";
import type { BootstrapDraw, BootstrapResult } from "./bootstrap.js";
import { FitError, show } from "./FitError.js";
import { percentileInterval, quantileSorted } from "./statistics.js";

/**
 * The predicted error of a pool at one budget: point estimate and bootstrap interval.
 *
 * @example
 * ```ts
 * const e: ErrorInterval = { samplesSeen: 64e6, estimate: 0.75570, median: 0.75569, low: 0.75547, high: 0.75585 };
 * ```
 */
export interface ErrorInterval {
  /** The budget (samples seen) predicted at. */
  samplesSeen: number;
  /** Prediction of the point fit. */
  estimate: number;
  /** Median of the draws' predictions. */
  median: number;
  /** Lower end of the percentile interval of the draws' predictions at the query's confidence. */
  low: number;
  /** Upper end of the percentile interval of the draws' predictions at the query's confidence. */
  high: number;
}

/**
 * What {@link predictedErrorIntervals} predicts: one pool at some budgets.
 *
 * @example
 * ```ts
 * const query: ErrorIntervalQuery = { pool: ["top0-10", "top10-20"], budgets: [64e6, 640e6], confidence: 0.9 };
 * ```
 */
export interface ErrorIntervalQuery {
  /** Ids of the fitted buckets trained on together (one bucket or a union). */
  pool: string[];
  /** Budgets in samples seen (each > 0). */
  budgets: number[];
  /** Level of the intervals, in (0, 1) (default: the bootstrap's `confidence`). */
  confidence?: number;
}

/**
 * A change of the best candidate pool with its bootstrap interval.
 *
 * @example
 * ```ts
 * const c: CrossoverInterval = { from: 0, to: 1, estimate: 36.58e6, median: 36.57e6, low: 36.26e6, high: 36.78e6, probability: 1 };
 * ```
 */
export interface CrossoverInterval {
  /** Candidate index best just below the crossover. */
  from: number;
  /** Candidate index best just above it. */
  to: number;
  /** Budget of this crossover under the point fit, when it has one in the range. */
  estimate?: number;
  /** Median budget of this crossover among the draws that have it in the range. */
  median: number;
  /** Lower end of the percentile interval of that budget among those draws. */
  low: number;
  /** Upper end of the percentile interval of that budget among those draws. */
  high: number;
  /** Fraction of draws with this crossover in the range, in [0, 1]. */
  probability: number;
}

/**
 * What {@link crossoverIntervals} looks for: crossovers between candidate pools within a budget range.
 *
 * @example
 * ```ts
 * const query: CrossoverQuery = { candidates: [["top0-10"], ["top0-10", "top10-20"]], min: 1e7, max: 1e10 };
 * ```
 */
export interface CrossoverQuery {
  /** The candidate pools, each a non-empty list of fitted bucket ids; results refer to them by index. */
  candidates: string[][];
  /** Smallest budget searched, in samples seen (> 0). */
  min: number;
  /** Largest budget searched, in samples seen (> `min`). */
  max: number;
  /** Level of the intervals, in (0, 1) (default: the bootstrap's `confidence`). */
  confidence?: number;
}

/**
 * How likely each candidate pool is the best at one budget.
 *
 * @example
 * ```ts
 * const p: BestPoolProbability = { budget: 128e6, probabilities: [0.02, 0.9, 0.08], best: 1, mostLikely: 1 };
 * ```
 */
export interface BestPoolProbability {
  /** The budget, in samples seen. */
  budget: number;
  /** `probabilities[i]`: fraction of bootstrap draws in which candidate `i` has the lowest predicted error. */
  probabilities: number[];
  /** The best candidate under the point fit. */
  best: number;
  /** The candidate with the highest probability (ties to the earlier). */
  mostLikely: number;
}

/**
 * What {@link bestPoolProbabilities} compares: candidate pools at some budgets.
 *
 * @example
 * ```ts
 * const query: BestPoolQuery = { candidates: [["top0-10"], ["top0-10", "top10-20"]], budgets: [32e6, 640e6] };
 * ```
 */
export interface BestPoolQuery {
  /** The candidate pools, each a non-empty list of fitted bucket ids; results refer to them by index. */
  candidates: string[][];
  /** Budgets in samples seen (each > 0). */
  budgets: number[];
}

interface Models {
  point: PoolModel[];
  draws: PoolModel[][];
}

function bucketsOf(boot: BootstrapResult, draw: BootstrapDraw | undefined): Bucket[] {
  return boot.fit.buckets.map((bucket, i) =>
    draw === undefined ? bucket : { id: bucket.id, size: bucket.size, b: draw.b[i] as number, tau: draw.tau[i] as number },
  );
}

function resolvePool(boot: BootstrapResult, pool: unknown, path: string): number[] {
  if (!Array.isArray(pool) || pool.length === 0) {
    throw new FitError("INVALID_OPTION", path, `expected a non-empty array of bucket ids, got ${show(pool)}.`);
  }
  const index = new Map(boot.fit.buckets.map((b, i) => [b.id, i]));
  return pool.map((id, k) => {
    const i = index.get(id as string);
    if (i === undefined) throw new FitError("UNKNOWN_BUCKET", `${path}[${k}]`, `no fitted bucket has id ${show(id)}.`);
    return i;
  });
}

function checkBudgets(budgets: unknown, path: string): number[] {
  if (!Array.isArray(budgets) || budgets.length === 0 || budgets.some((n) => typeof n !== "number" || !Number.isFinite(n) || n <= 0)) {
    throw new FitError("INVALID_OPTION", path, `expected a non-empty array of budgets (samples seen > 0), got ${show(budgets)}.`);
  }
  return budgets as number[];
}

function checkConfidence(boot: BootstrapResult, confidence: unknown): number {
  const c = confidence ?? boot.confidence;
  if (typeof c !== "number" || !(c > 0 && c < 1)) {
    throw new FitError("INVALID_OPTION", "options.confidence", `expected a level in (0, 1), got ${show(confidence)}.`);
  }
  return c;
}

function compile(boot: BootstrapResult, pools: number[][]): Models {
  const { law, task } = boot.fit;
  const build = (draw: BootstrapDraw | undefined) => {
    const buckets = bucketsOf(boot, draw);
    const t = draw === undefined ? task : { a: draw.a, d: draw.d, normalizer: task.normalizer };
    return pools.map((pool) => poolModel(pool.map((i) => buckets[i] as Bucket), t, law));
  };
  return { point: build(undefined), draws: boot.draws.map(build) };
}

/**
 * Bootstrap intervals of the predicted error of any pool (one bucket or a union) at any budgets.
 *
 * @remarks Percentile intervals over the draws (`confidence` defaults to the bootstrap's). This is the uncertainty of
 * the law's prediction (the fitted curve), not of a single new training run.
 * @throws A {@link FitError}: `UNKNOWN_BUCKET` when the pool names a bucket the fit lacks; `INVALID_OPTION` for an
 * empty pool, a budget that is not a finite number > 0, or a confidence outside (0, 1).
 * @example
 * ```ts
 * const boot = await bootstrap(input, { samples: 100, seed: 1 });
 * predictedErrorIntervals(boot, { pool: ["top0-10", "top10-20"], budgets: [64e6, 640e6] });
 * // [{ samplesSeen: 64000000, estimate: 0.75570, median: 0.75569, low: 0.75547, high: 0.75585 },
 * //  { samplesSeen: 640000000, estimate: 0.63606, … }]
 * ```
 */
export function predictedErrorIntervals(boot: BootstrapResult, query: ErrorIntervalQuery): ErrorInterval[] {
  const pool = resolvePool(boot, query?.pool, "query.pool");
  const budgets = checkBudgets(query.budgets, "query.budgets");
  const confidence = checkConfidence(boot, query.confidence);
  const models = compile(boot, [pool]);
  const curves = models.draws.map((m) => (m[0] as PoolModel).curve(budgets));
  const point = (models.point[0] as PoolModel).curve(budgets);
  return budgets.map((samplesSeen, k) => {
    const values = Float64Array.from(curves, (c) => c[k] as number).sort();
    const { low, high } = percentileInterval(values, confidence);
    return { samplesSeen, estimate: point[k] as number, median: quantileSorted(values, 0.5), low, high };
  });
}

/**
 * Bootstrap intervals of the budgets at which the best of several candidate pools changes.
 *
 * @remarks Runs `findCrossovers` of `@qqt/core` under the point fit and under every draw; crossovers are matched
 * by their `(from, to)` pair. `probability` says how often a draw has that crossover inside `[min, max]`. Sorted by
 * median budget.
 * @throws A {@link FitError}: `UNKNOWN_BUCKET` when a candidate names a bucket the fit lacks; `INVALID_OPTION` for
 * no candidates, an empty candidate, budgets other than `0 < min < max`, or a confidence outside (0, 1).
 * @example
 * ```ts
 * // Top 10% against top 20%: the larger pool wins from about 36.6M samples seen.
 * crossoverIntervals(boot, { candidates: [["top0-10"], ["top0-10", "top10-20"]], min: 1e7, max: 1e10 });
 * // [{ from: 0, to: 1, estimate: 36.58e6, median: 36.57e6, low: 36.26e6, high: 36.78e6, probability: 1 }]
 * ```
 */
export function crossoverIntervals(boot: BootstrapResult, query: CrossoverQuery): CrossoverInterval[] {
  const pools = checkCandidates(boot, query?.candidates);
  const confidence = checkConfidence(boot, query.confidence);
  const { min, max } = query;
  if (typeof min !== "number" || !Number.isFinite(min) || min <= 0 || typeof max !== "number" || !Number.isFinite(max) || max <= min) {
    throw new FitError("INVALID_OPTION", "query.min", `expected budgets 0 < min < max, got min ${show(min)}, max ${show(max)}.`);
  }
  const { law, task } = boot.fit;
  const crossings = (draw: BootstrapDraw | undefined) => {
    const buckets = bucketsOf(boot, draw);
    const candidates: CandidatePool[] = pools.map((pool) => ({ buckets: pool.map((i) => buckets[i] as Bucket) }));
    const t = draw === undefined ? task : { a: draw.a, d: draw.d, normalizer: task.normalizer };
    return findCrossovers(candidates, t, { min, max }, law);
  };
  const groups = new Map<string, { from: number; to: number; budgets: number[]; estimate?: number }>();
  const group = (from: number, to: number) => {
    const key = `${from}>${to}`;
    let g = groups.get(key);
    if (g === undefined) {
      g = { from, to, budgets: [] };
      groups.set(key, g);
    }
    return g;
  };
  for (const c of crossings(undefined)) {
    const g = group(c.from, c.to);
    g.estimate ??= c.budget;
  }
  for (const draw of boot.draws) {
    const seen = new Set<string>();
    for (const c of crossings(draw)) {
      const key = `${c.from}>${c.to}`;
      if (seen.has(key)) continue;
      seen.add(key);
      group(c.from, c.to).budgets.push(c.budget);
    }
  }
  const out: CrossoverInterval[] = [];
  for (const g of groups.values()) {
    if (g.budgets.length === 0) continue;
    const sorted = Float64Array.from(g.budgets).sort();
    const { low, high } = percentileInterval(sorted, confidence);
    out.push({
      from: g.from,
      to: g.to,
      ...(g.estimate !== undefined ? { estimate: g.estimate } : {}),
      median: quantileSorted(sorted, 0.5),
      low,
      high,
      probability: g.budgets.length / boot.draws.length,
    });
  }
  return out.sort((u, v) => u.median - v.median);
}

/**
 * The probability that each candidate pool is the best (lowest predicted error) at each budget, over the draws.
 *
 * @throws A {@link FitError}: `UNKNOWN_BUCKET` when a candidate names a bucket the fit lacks; `INVALID_OPTION` for no
 * candidates, an empty candidate, or a budget that is not a finite number > 0.
 * @example
 * ```ts
 * bestPoolProbabilities(boot, { candidates: [["top0-10"], ["top0-10", "top10-20"]], budgets: [32e6, 640e6] });
 * // [{ budget: 32000000, probabilities: [1, 0], best: 0, mostLikely: 0 },
 * //  { budget: 640000000, probabilities: [0, 1], best: 1, mostLikely: 1 }]
 * ```
 */
export function bestPoolProbabilities(boot: BootstrapResult, query: BestPoolQuery): BestPoolProbability[] {
  const pools = checkCandidates(boot, query?.candidates);
  const budgets = checkBudgets(query.budgets, "query.budgets");
  const models = compile(boot, pools);
  const argmin = (ms: PoolModel[], n: number) => {
    let best = 0;
    let bestError = (ms[0] as PoolModel).errorAt(n);
    for (let i = 1; i < ms.length; i++) {
      const e = (ms[i] as PoolModel).errorAt(n);
      if (e < bestError) {
        best = i;
        bestError = e;
      }
    }
    return best;
  };
  return budgets.map((budget) => {
    const counts = new Array<number>(pools.length).fill(0);
    for (const ms of models.draws) counts[argmin(ms, budget)]! += 1;
    const probabilities = counts.map((c) => c / models.draws.length);
    let mostLikely = 0;
    probabilities.forEach((q, i) => {
      if (q > (probabilities[mostLikely] as number)) mostLikely = i;
    });
    return { budget, probabilities, best: argmin(models.point, budget), mostLikely };
  });
}

function checkCandidates(boot: BootstrapResult, candidates: unknown): number[][] {
  if (!Array.isArray(candidates) || candidates.length === 0) {
    throw new FitError("INVALID_OPTION", "query.candidates", `expected a non-empty array of pools (arrays of bucket ids), got ${show(candidates)}.`);
  }
  return candidates.map((pool, i) => resolvePool(boot, pool, `query.candidates[${i}]`));
}
