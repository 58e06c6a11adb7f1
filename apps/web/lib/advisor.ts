import { findCrossovers, nestedPools, poolModel, type Bucket, type PoolModel } from "@qqt/core";
import { formatPasses, formatSamples } from "./format";
import { coreBuckets, coreLaw, coreTask, poolInfos, type PoolInfo } from "./model";
import type { ModelFileV1 } from "./modelFile";
import { centralInterval, quantileSorted } from "./quantile";
import { logSpace, type BudgetRange } from "./scale";

/** Confidence of intervals when a bootstrap does not state one. */
export const DEFAULT_CONFIDENCE = 0.95;

/**
 * What to train on at one budget, with its uncertainty when the model carries bootstrap draws.
 *
 * @example
 * ```ts
 * // advise(tmars, 640e6) → { best: 3, pool: { name: "top 30%", … }, error: 0.599218…, runnerUp: 2, margin: 0.008…,
 * //   passes: 16.67, sentence: "Train on the top 30%: 3 buckets, 38.4M unique samples, about 17 passes.", … }
 * ```
 */
export interface Advice {
  /** Samples seen. */
  budget: number;
  /** `k` of the best nested pool (1-based), exactly as `@qqt/core`'s `recommend`. */
  best: number;
  pool: PoolInfo;
  /** Predicted error of every nested pool, `errors[k-1]`, exactly as `recommend`. */
  errors: number[];
  /** Predicted error of the best pool. */
  error: number;
  /** `k` of the runner-up, or undefined with a single bucket. */
  runnerUp: number | undefined;
  runnerUpPool: PoolInfo | undefined;
  /** Error of the runner-up minus that of the best (≥ 0). */
  margin: number | undefined;
  /** Passes over the best pool: `budget / uniqueSamples`. */
  passes: number;
  /** The answer in one sentence. */
  sentence: string;
  /** Present when the model has bootstrap draws. */
  uncertainty: Uncertainty | undefined;
  /**
   * Where the law's range starts, `normalizer / a` samples seen, when the budget is below it: there `a·n/N < 1`,
   * every pool predicts more than `1 + d` and the ranking of pools is inverted — not a recommendation.
   */
  belowLawRange: number | undefined;
}

/**
 * Uncertainty of an {@link Advice} from a model's bootstrap draws.
 *
 * @example
 * ```ts
 * // { draws: 200, confidence: 0.95, errorInterval: { low: 0.59, high: 0.61 }, probabilityBest: [0, 0.2, 0.7, 0.1] }
 * ```
 */
export interface Uncertainty {
  /** Number of draws used. */
  draws: number;
  confidence: number;
  /** Central interval of the best pool's predicted error across draws. */
  errorInterval: { low: number; high: number };
  /** `probabilityBest[k-1]`: share of draws in which top-k is the best pool (ties to the smaller pool). */
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
}

/**
 * Predicted-error curves of every nested pool, ready for a chart: one row per budget.
 *
 * @remarks Row keys: `samples`, `p1` … `pP` (error of top-k), `best` (the envelope: lowest error), `bestK`,
 * and with draws `band1` … `bandP` as `[low, high]` pairs (central interval across draws).
 * @example
 * ```ts
 * // rows[0] → { samples: 1e6, p1: 1.21, p2: 1.25, best: 1.21, bestK: 1, band1: [1.19, 1.23], … }
 * ```
 */
export interface PoolCurves {
  rows: Array<Record<string, number | [number, number]>>;
  pools: PoolInfo[];
  hasBands: boolean;
  confidence: number;
}

/**
 * A model compiled for interactive use: every nested pool (and every bootstrap draw's pools) compiled once by
 * `@qqt/core`'s `poolModel`, so each budget costs O(pools × draws) cheap evaluations.
 *
 * @example
 * ```ts
 * const advisor = compileAdvisor(tmars);
 * advisor.advise(640e6).best; // 3
 * ```
 */
export interface Advisor {
  readonly model: ModelFileV1;
  readonly pools: readonly PoolInfo[];
  /** Range of budgets the charts and slider cover by default. */
  readonly range: BudgetRange;
  /** Where the law's range starts: {@link lawStart} of the model. */
  readonly lawStart: number;
  advise(budget: number): Advice;
  curves(range: BudgetRange, points?: number): PoolCurves;
  crossovers(range: BudgetRange): CrossoverMarker[];
}

/** Relative difference of predicted errors below which two pools tie (for crossover markers only). */
export const TIE_TOLERANCE = 1e-9;
/** Points of the log grid on which crossovers are looked for (neighbours differ by ~2% over five decades). */
const CROSSOVER_GRID = 600;
/** A @qqt/core crossover this close (as a factor) to a grid cell with the same change is that change. */
const CROSSOVER_PROBE = 1.001;
/** Bisection steps placing a crossover @qqt/core does not report (2^-50 of a grid cell). */
const BISECTIONS = 50;

/** Points per pool curve: smooth at chart width, cheap to redraw. */
export const CURVE_POINTS = 160;

/**
 * Compiles a model for the advisor's recommendation, charts and table.
 *
 * @remarks Draws are compiled lazily on first use. A draw whose parameters `@qqt/core` rejects is skipped and
 * counted in `draws` of the {@link Uncertainty} (never silently: the count shows how many were used).
 * @example
 * ```ts
 * compileAdvisor(tmars).advise(64e6).errors; // [0.751573…, 0.742862…, 0.768555…, 0.793451…]
 * ```
 */
export function compileAdvisor(model: ModelFileV1): Advisor {
  const buckets = coreBuckets(model);
  const task = coreTask(model);
  const law = coreLaw(model);
  const pools = poolInfos(model);
  const candidates = candidatePools(model);
  const start = lawStart(model);
  const compiled = candidates(buckets).map((p) => poolModel(p.buckets, task, law));
  const rawDraws = model.fit?.bootstrap?.draws ?? [];
  const confidence = model.fit?.bootstrap?.confidence ?? DEFAULT_CONFIDENCE;
  let drawModels: PoolModel[][] | undefined;
  const draws = (): PoolModel[][] => {
    if (drawModels) return drawModels;
    drawModels = [];
    for (const draw of rawDraws) {
      try {
        const drawBuckets: Bucket[] = buckets.map((b, i) => ({ id: b.id, size: b.size, b: draw.b[i]!, tau: draw.tau[i]! }));
        const drawTask = { a: draw.a, d: draw.d, normalizer: task.normalizer ?? model.task.normalizer };
        drawModels.push(candidates(drawBuckets).map((p) => poolModel(p.buckets, drawTask, law)));
      } catch {
        // Invalid draw (validated files never have one): leave it out; Uncertainty.draws reports how many were used.
      }
    }
    return drawModels;
  };

  const advise = (budget: number): Advice => {
    const errors = compiled.map((m) => m.errorAt(budget));
    const { best, runnerUp } = rank(errors);
    const pool = pools[best]!;
    const passes = budget / pool.uniqueSamples;
    let uncertainty: Uncertainty | undefined;
    const ds = rawDraws.length > 0 ? draws() : [];
    if (ds.length > 0) {
      const wins = new Array<number>(compiled.length).fill(0);
      const bestErrors = new Float64Array(ds.length);
      const drawErrors = new Float64Array(compiled.length);
      ds.forEach((models, j) => {
        for (let i = 0; i < models.length; i++) drawErrors[i] = models[i]!.errorAt(budget);
        wins[rank(drawErrors).best]!++;
        bestErrors[j] = drawErrors[best]!;
      });
      uncertainty = {
        draws: ds.length,
        confidence,
        errorInterval: centralInterval(bestErrors, confidence)!,
        probabilityBest: wins.map((w) => w / ds.length),
      };
    }
    return {
      budget,
      best: best + 1,
      pool,
      errors,
      error: errors[best]!,
      runnerUp: runnerUp === undefined ? undefined : runnerUp + 1,
      runnerUpPool: runnerUp === undefined ? undefined : pools[runnerUp],
      margin: runnerUp === undefined ? undefined : errors[runnerUp]! - errors[best]!,
      passes,
      sentence: recommendationSentence(pool, budget),
      uncertainty,
      belowLawRange: budget < start ? start : undefined,
    };
  };

  const curves = (range: BudgetRange, points = CURVE_POINTS): PoolCurves => {
    const budgets = logSpace(range, points);
    const columns = compiled.map((m) => m.curve(budgets));
    const ds = rawDraws.length > 0 ? draws() : [];
    // bandColumns[k][i] = sorted draw errors of pool k at budget i, reduced to its interval.
    const bands = ds.length > 0 ? compiled.map((_, k) => drawBands(ds, k, budgets, confidence)) : undefined;
    const rows = Array.from(budgets, (samples, i) => {
      const row: Record<string, number | [number, number]> = { samples };
      let bestK = 0;
      for (let k = 0; k < columns.length; k++) {
        const y = columns[k]![i]!;
        row[`p${k + 1}`] = y;
        if (y < (columns[bestK]![i] as number)) bestK = k;
        if (bands) row[`band${k + 1}`] = [bands[k]!.low[i]!, bands[k]!.high[i]!];
      }
      row.best = columns[bestK]![i]!;
      row.bestK = bestK + 1;
      return row;
    });
    return { rows, pools, hasBands: bands !== undefined, confidence };
  };

  // Crossovers are where the best pool really changes. Pools of one quality (e.g. LAION subsets fitted with one b and
  // tau) predict the same error until the smaller one repeats, and rounding makes @qqt/core's exact ranking flip
  // between them there; so the best pool is taken with ties (errors within TIE_TOLERANCE) won by the smaller pool,
  // scanned on a fine log grid, and each change placed at @qqt/core's crossover when it finds the same one (always,
  // for pools that do not tie), else by bisection.
  const tolerantBest = (budget: number): number => {
    const errors = compiled.map((m) => m.errorAt(budget));
    const min = Math.min(...errors);
    return errors.findIndex((e) => e <= min + TIE_TOLERANCE * Math.abs(min));
  };
  const crossovers = (range: BudgetRange): CrossoverMarker[] => {
    const core = findCrossovers(candidates(buckets), task, range, law);
    const grid = logSpace(range, CROSSOVER_GRID);
    const markers: CrossoverMarker[] = [];
    let previous = tolerantBest(grid[0]!);
    for (let i = 1; i < grid.length; i++) {
      const current = tolerantBest(grid[i]!);
      if (current === previous) continue;
      let lo = grid[i - 1]!;
      let hi = grid[i]!;
      const exact = core.find(
        (c) => c.budget > lo / CROSSOVER_PROBE && c.budget <= hi * CROSSOVER_PROBE && c.from === previous && c.to === current,
      );
      let budget: number;
      if (exact) budget = exact.budget;
      else {
        for (let k = 0; k < BISECTIONS; k++) {
          const mid = Math.sqrt(lo * hi);
          if (tolerantBest(mid) === previous) lo = mid;
          else hi = mid;
        }
        budget = hi;
      }
      markers.push({
        budget,
        from: previous + 1,
        to: current + 1,
        error: exact ? exact.error : compiled[current]!.errorAt(budget),
        text: `${formatSamples(budget)}: ${pools[previous]!.name} → ${pools[current]!.name}`,
      });
      previous = current;
    }
    return markers;
  };

  return { model, pools, range: defaultRange(model), lawStart: start, advise, curves, crossovers };
}

/** Best and runner-up indices, ties to the smaller pool, exactly as `@qqt/core`'s `recommend`. */
function rank(errors: ArrayLike<number>): { best: number; runnerUp: number | undefined } {
  let best = 0;
  let runnerUp: number | undefined;
  for (let i = 1; i < errors.length; i++) {
    if (errors[i]! < errors[best]!) {
      runnerUp = best;
      best = i;
    } else if (runnerUp === undefined || errors[i]! < errors[runnerUp]!) {
      runnerUp = i;
    }
  }
  return { best, runnerUp };
}

function drawBands(
  draws: PoolModel[][],
  k: number,
  budgets: Float64Array,
  confidence: number,
): { low: Float64Array; high: Float64Array } {
  const curves = draws.map((models) => models[k]!.curve(budgets));
  const low = new Float64Array(budgets.length);
  const high = new Float64Array(budgets.length);
  const column = new Float64Array(draws.length);
  const tail = (1 - confidence) / 2;
  for (let i = 0; i < budgets.length; i++) {
    for (let j = 0; j < curves.length; j++) column[j] = curves[j]![i]!;
    column.sort();
    low[i] = quantileSorted(column, tail);
    high[i] = quantileSorted(column, 1 - tail);
  }
  return { low, high };
}

/**
 * The recommendation in one sentence: pool, bucket count, unique samples and passes.
 *
 * @example
 * ```ts
 * recommendationSentence({ k: 3, name: "top 30%", buckets: 3, uniqueSamples: 38.4e6, bucketLabels: "" }, 640e6);
 * // "Train on the top 30%: 3 buckets, 38.4M unique samples, about 17 passes."
 * ```
 */
export function recommendationSentence(pool: PoolInfo, budget: number): string {
  const buckets = `${pool.buckets} bucket${pool.buckets === 1 ? "" : "s"}`;
  // "the top 30%", "the top 2 buckets", but a candidate named by its dataset reads "LAION-400M".
  const what = pool.name.startsWith("top ") ? `the ${pool.name}` : pool.name;
  return `Train on ${what}: ${buckets}, ${formatSamples(pool.uniqueSamples)} unique samples, ${formatPasses(budget / pool.uniqueSamples)}.`;
}

/** The pools of a model's buckets in the order of {@link poolInfos}: its candidates, else the nested pools. */
function candidatePools(model: ModelFileV1): (buckets: readonly Bucket[]) => Array<{ buckets: readonly Bucket[] }> {
  const candidates = model.candidates;
  if (candidates === undefined) return (buckets) => nestedPools(buckets);
  return (buckets) => {
    const byId = new Map(buckets.map((b) => [b.id, b]));
    return candidates.map((ids) => ({ buckets: ids.map((id) => byId.get(id)!) }));
  };
}

/**
 * Where the law's range starts: `normalizer / a` samples seen. There `a·n/N = 1` and every pool predicts `1 + d`;
 * below it the power law ranks pools backwards, so budgets there are flagged, not recommended.
 *
 * @example
 * ```ts
 * lawStart(tmars); // 4545454.5… (normalizer 1e5 / a 0.022)
 * ```
 */
export function lawStart(model: ModelFileV1): number {
  return model.task.normalizer / model.task.a;
}

/** The default range ends at this many passes over the whole pool: far into diminishing returns. */
const RANGE_ABOVE_PASSES = 300;

/**
 * The default budget range of a model's charts and slider: from the smallest bucket (or from normalizer / a, if
 * larger) to 300 passes over the whole pool, widened to whole decades.
 *
 * @remarks Below one pass of the smallest bucket the power law's first factor `(a·n/normalizer)^b` exceeds 1 for
 * typical `a` (n < normalizer/a ≈ 4.5M for the paper's parameters), where the law ranks pools backwards; the
 * slider does not start there (the text box still accepts any budget).
 * @example
 * ```ts
 * defaultRange(tmars); // { min: 1e7, max: 1e11 }
 * defaultRange(openClipB32); // { min: 1e8, max: 1e12 } (normalizer / a = 1.4e8 > the smallest bucket, 8e7)
 * ```
 */
export function defaultRange(model: ModelFileV1): BudgetRange {
  const smallest = Math.min(...model.buckets.map((b) => b.size));
  const total = model.buckets.reduce((s, b) => s + b.size, 0);
  // Nor below normalizer / a, where (a·n/normalizer)^b exceeds 1 and the law no longer describes an error.
  const start = lawStart(model);
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
