import type {
  AdviceReport,
  AdviceWarning,
  BudgetAdvice,
  CandidateCurve,
  CrossoverAdvice,
  CurveSet,
  Extrapolation,
  MeanInterval,
  PoolAdvice,
  PoolForecast,
  PoolPrediction,
  PoolSummary,
  UncertaintyStatus,
} from "./advice.js";
import { CoreError } from "./CoreError.js";
import { DEFAULT_CONFIDENCE, EXTRAPOLATION_LIMIT } from "./constants.js";
import { crossoversOf } from "./findCrossovers.js";
import { formatCount } from "./formatCount.js";
import { rankErrors } from "./isBetter.js";
import { lawStart } from "./lawStart.js";
import type { Model, ModelBucketCoverage, ModelCoverage, ModelFitWarning } from "./Model.js";
import { freeParameterCount, noiseOf, notEstimableReasons } from "./modelRecord.js";
import { NoiseMixture } from "./noiseMixture.js";
import { poolModel, type PoolModel } from "./poolModel.js";
import { poolName } from "./poolName.js";
import { quantileSorted } from "./quantileSorted.js";
import type { Bucket, TaskParams } from "./types.js";
import { checkPool, checkSamplesSeen, checkSamplesSeenList, checkTask } from "./validate.js";

/**
 * Options of {@link adviceEngine}.
 *
 * @example
 * ```ts
 * const options: AdviceOptions = { candidates: [["top0-10"], ["top0-10", "top30-40"]], confidence: 0.9 };
 * ```
 */
export interface AdviceOptions {
  /** Pools to compare (bucket ids each); default the model's `candidates`, else the nested pools top-1 … top-p. */
  candidates?: ReadonlyArray<readonly string[]>;
  /** Level of every interval, in (0, 1); default the bootstrap's confidence, else {@link DEFAULT_CONFIDENCE}. */
  confidence?: number;
}

/**
 * The advice over one {@link Model}, compiled once: best pool per budget, runner-up and margin, intervals, P(best),
 * crossovers, curves — each with the warnings that limit trust in it.
 *
 * @example
 * ```ts
 * const engine = adviceEngine(model);
 * engine.advise(640e6).best.name; // "top 30%"
 * engine.uncertainty.kind; // "estimated" | "not-estimable" | "none"
 * ```
 */
export interface AdviceEngine {
  /** The model advised on. */
  readonly model: Model;
  /** The candidate pools, in order. */
  readonly candidates: readonly PoolSummary[];
  /** Where the law's range starts, `normalizer / a` samples seen. */
  readonly lawStart: number;
  /** What the fitted runs cover (absent for hand-entered models and old model files). */
  readonly coverage: ModelCoverage | undefined;
  /** How sure the engine's answers can be. */
  readonly uncertainty: UncertaintyStatus;
  /** Model-level warnings (NOT_ESTIMABLE, NO_COVERAGE), repeated in every report. */
  readonly warnings: readonly AdviceWarning[];
  /** The fitter's own warnings, carried from the model. */
  readonly fitWarnings: readonly ModelFitWarning[];
  /** The largest error the metric can take: 1 for an error or `1 − accuracy`, `Infinity` for a loss. */
  readonly metricMax: number;
  /**
   * The answer at one budget. `intervals`: `all` (default) gives every candidate its intervals; `best` only the best
   * pool and the runner-up (the prediction interval is the costly part, for interactive use); `none` no intervals.
   * P(best) is always given when estimable.
   */
  advise(budget: number, options?: { intervals?: "all" | "best" | "none" }): BudgetAdvice;
  /** The answers at several budgets, with the crossovers in `range` (default: the budgets' span). */
  recommend(budgets: readonly number[], options?: { range?: { min: number; max: number } }): AdviceReport;
  /** The crossovers of the candidates in a range of budgets (searched from the law's start on). */
  crossovers(range: { min: number; max: number }): CrossoverAdvice[];
  /** Curves of every candidate over `budgets`, with bands when estimable (`bands: "mean"` skips the costlier prediction band). */
  curves(budgets: ArrayLike<number>, options?: { bands?: "both" | "mean" | "none" }): CurveSet;
  /** Predictions of any pool (bucket ids) at some budgets. */
  predict(pool: readonly string[], budgets: readonly number[]): PoolForecast;
  /**
   * The raw bootstrap ensemble of a pool: every valid draw's predicted error at each budget (one array per draw),
   * whatever the fit's estimability — for planners that weigh the draws themselves; check `uncertainty` first.
   */
  ensemble(pool: readonly string[], budgets: readonly number[]): Float64Array[];
}

/** A single budget's crossovers are searched this factor either side of it. */
const SINGLE_BUDGET_SPAN = 10;

/**
 * Compiles the advice engine of a model: the one place where qqt turns a model (point estimate + bootstrap draws)
 * into answers — the CLI and the web only render what it returns.
 *
 * @remarks
 * - **Best pool**: the candidate with the lowest predicted error (Theorem 1 for unions), ties within
 *   {@link TIE_TOLERANCE} to the earlier candidate; the same rule ranks every draw.
 * - **Intervals**: `interval` is the prediction interval of a new run — each bootstrap draw's prediction plus a
 *   Student-t run-to-run noise (`sd` from the residuals, or repeated runs, with their degrees of freedom),
 *   equal-tailed at `confidence`; `meanInterval` the percentile band of the draws alone.
 * - **Not estimable**: runs ≤ free parameters, a NOT_IDENTIFIABLE / NO_STANDARD_ERRORS fit, or draws that are all
 *   one fit: no interval, no P(best), no crossover probability, and a `NOT_ESTIMABLE` warning on every answer.
 * - **Extrapolation**: every answer's factor beyond the fitted runs (samples seen, and passes over the pool's
 *   least-covered bucket); past {@link EXTRAPOLATION_LIMIT} an `EXTRAPOLATION` warning gives it.
 * - **Impossible values**: a prediction above 1 for an error or `1 − accuracy` metric is `OUT_OF_RANGE`;
 *   a budget below `normalizer / a` is `BELOW_LAW_RANGE`.
 * @throws A {@link CoreError} when the model's parameters or candidates are invalid (a model read by `@qqt/data`
 * never is), or `confidence` is outside (0, 1).
 * @example
 * ```ts
 * const report = adviceEngine(tmarsModel).recommend([32e6, 128e6, 640e6]);
 * report.budgets.map((b) => b.best.name); // ["top 10%", "top 20%", "top 30%"]
 * report.crossovers.map((c) => Math.round(c.budget / 1e6)); // [49, 440]
 * ```
 */
export function adviceEngine(model: Model, options: AdviceOptions = {}): AdviceEngine {
  return new Engine(model, options);
}

class Engine implements AdviceEngine {
  readonly model: Model;
  readonly candidates: readonly PoolSummary[];
  readonly lawStart: number;
  readonly coverage: ModelCoverage | undefined;
  readonly uncertainty: UncertaintyStatus;
  readonly warnings: readonly AdviceWarning[];
  readonly fitWarnings: readonly ModelFitWarning[];
  readonly metricMax: number;
  private readonly buckets: Bucket[];
  private readonly byId: Map<string, Bucket>;
  private readonly task: TaskParams;
  private readonly point: PoolModel[];
  private readonly ids: string[][];
  private readonly confidence: number;
  private readonly estimable: boolean;
  private readonly mixture: NoiseMixture | undefined;
  private readonly coverageById: Map<string, ModelBucketCoverage>;
  private drawSets: Array<{ buckets: Map<string, Bucket>; task: TaskParams }> | undefined;
  private drawModels: PoolModel[][] | undefined;

  constructor(model: Model, options: AdviceOptions) {
    if (model === null || typeof model !== "object") throw new CoreError("INVALID_ARGUMENT", "model", model, "a qqt model { law, task, buckets, … }");
    this.model = model;
    checkPool(model.buckets, "model.buckets");
    checkTask(model.task, "model.task");
    this.buckets = model.buckets.map((b) => ({ id: b.id, size: b.size, b: b.b, tau: b.tau, ...(b.label !== undefined ? { label: b.label } : {}) }));
    this.byId = new Map(this.buckets.map((b) => [b.id, b]));
    this.task = { a: model.task.a, d: model.task.d, normalizer: model.task.normalizer };
    this.ids = (options.candidates ?? model.candidates ?? this.buckets.map((_, k) => this.buckets.slice(0, k + 1).map((b) => b.id))).map((pool, i) =>
      this.resolve(pool, options.candidates !== undefined ? `options.candidates[${i}]` : `model.candidates[${i}]`),
    );
    if (this.ids.length === 0) throw new CoreError("EMPTY_POOL", "candidates", [], "at least one candidate pool");
    this.candidates = this.ids.map((pool, index) => this.summary(pool, index));
    this.point = this.ids.map((pool) => poolModel(pool.map((id) => this.byId.get(id) as Bucket), this.task, model.law));
    this.lawStart = lawStart(this.task);
    const confidence = options.confidence ?? model.fit?.bootstrap?.confidence ?? DEFAULT_CONFIDENCE;
    if (!(typeof confidence === "number" && confidence > 0 && confidence < 1)) {
      throw new CoreError("INVALID_ARGUMENT", "options.confidence", confidence, "a level strictly between 0 and 1, e.g. 0.95");
    }
    this.confidence = confidence;
    this.metricMax = model.metric?.kind === "loss" ? Infinity : 1;
    this.coverage = model.fit?.coverage;
    this.coverageById = new Map((this.coverage?.buckets ?? []).map((c) => [c.id, c]));
    this.fitWarnings = model.fit?.warnings ?? [];

    const k = freeParameterCount(model);
    const draws = model.fit?.bootstrap?.draws ?? [];
    const reasons = notEstimableReasons(model, k, draws);
    const noise = noiseOf(model, k);
    this.estimable = reasons.length === 0;
    this.uncertainty = {
      kind: draws.length === 0 ? "none" : this.estimable ? "estimated" : "not-estimable",
      draws: draws.length,
      confidence,
      reasons,
      ...(noise !== undefined ? { noise } : {}),
    };
    this.mixture = this.estimable && noise !== undefined && draws.length > 0 ? new NoiseMixture(noise) : undefined;
    const warnings: AdviceWarning[] = [];
    if (!this.estimable) {
      warnings.push({
        code: "NOT_ESTIMABLE",
        message:
          `Not estimable: ${reasons.join("; ")}. No probability of being best, no interval and no crossover probability is shown. ` +
          "What helps: share tau (or b) across buckets, fix a parameter such as d, or add runs at other budgets.",
      });
    }
    if (model.fit !== undefined && this.coverage === undefined) {
      warnings.push({
        code: "NO_COVERAGE",
        message: "This model file has no record of the runs it was fitted to (it was written before qqt kept one), so no answer can say how far it extrapolates; refit it to get one.",
      });
    }
    this.warnings = warnings;
  }

  advise(budget: number, options: { intervals?: "all" | "best" | "none" } = {}): BudgetAdvice {
    checkSamplesSeen(budget, "budget");
    const intervals = options.intervals ?? "all";
    const errors = this.point.map((m) => m.errorAt(budget));
    const { best, runnerUp } = rankErrors(errors);
    let probability: number[] | undefined;
    let draws: Float64Array[] | undefined;
    const models = this.estimable ? this.draws() : undefined;
    if (models !== undefined && models.length > 0) {
      const wins = new Array<number>(this.point.length).fill(0);
      draws = this.point.map(() => new Float64Array(models.length));
      const row = new Float64Array(this.point.length);
      models.forEach((drawModels, j) => {
        for (let i = 0; i < drawModels.length; i++) {
          const e = (drawModels[i] as PoolModel).errorAt(budget);
          row[i] = e;
          (draws![i] as Float64Array)[j] = e;
        }
        (wins[rankErrors(row).best] as number)++;
      });
      probability = wins.map((w) => w / models.length);
    }
    const withIntervals = (i: number) => intervals === "all" || (intervals === "best" && (i === best || i === runnerUp));
    const candidates = this.candidates.map((summary, i): PoolAdvice => {
      const prediction = this.prediction(budget, errors[i] as number, summary.size, withIntervals(i) ? draws?.[i] : undefined);
      return { ...summary, pool: [...summary.pool], ...prediction, ...(probability !== undefined ? { probability: probability[i] as number } : {}) };
    });
    const bestAdvice = candidates[best] as PoolAdvice;
    const extrapolation = this.extrapolation(budget, bestAdvice);
    const warnings = this.budgetWarnings(budget, bestAdvice, extrapolation, candidates);
    return {
      budget,
      best: bestAdvice,
      ...(runnerUp !== undefined ? { runnerUp: candidates[runnerUp] as PoolAdvice, margin: (errors[runnerUp] as number) - (errors[best] as number) } : {}),
      candidates,
      ...(extrapolation !== undefined ? { extrapolation } : {}),
      belowLawRange: budget < this.lawStart,
      warnings,
    };
  }

  recommend(budgets: readonly number[], options: { range?: { min: number; max: number } } = {}): AdviceReport {
    if (!Array.isArray(budgets) || budgets.length === 0) {
      throw new CoreError("INVALID_ARGUMENT", "budgets", budgets, "a non-empty array of samples-seen budgets");
    }
    checkSamplesSeenList(budgets, "budgets");
    const requested = options.range ?? defaultRange(budgets);
    const range = this.searchRange(requested);
    const crossovers = range.max > range.min ? this.crossovers(range) : [];
    const answers = budgets.map((budget) => {
      const advice = this.advise(budget);
      if (budget >= range.min && budget <= range.max) {
        const before = crossovers.filter((c) => c.budget <= budget);
        const after = crossovers.filter((c) => c.budget > budget);
        if (before.length > 0) advice.bestFrom = (before[before.length - 1] as CrossoverAdvice).budget;
        if (after.length > 0) advice.bestUntil = (after[0] as CrossoverAdvice).budget;
      }
      return advice;
    });
    return {
      budgets: answers,
      crossovers,
      range,
      lawStart: this.lawStart,
      uncertainty: this.uncertainty,
      warnings: [...this.warnings, ...answers.flatMap((a) => a.warnings)],
      fitWarnings: [...this.fitWarnings],
    };
  }

  crossovers(range: { min: number; max: number }): CrossoverAdvice[] {
    const { min, max } = this.searchRange(range);
    if (!(max > min)) return [];
    const point = crossoversOf(this.point, min, max);
    const models = this.estimable ? this.draws() : [];
    const spread = new Map<string, number[]>();
    for (const drawModels of models) {
      const seen = new Set<string>();
      for (const c of crossoversOf(drawModels, min, max)) {
        const key = `${c.from}>${c.to}`;
        if (seen.has(key)) continue;
        seen.add(key);
        let list = spread.get(key);
        if (list === undefined) spread.set(key, (list = []));
        list.push(c.budget);
      }
    }
    return point.map((c) => {
      const budgets = spread.get(`${c.from}>${c.to}`);
      const out: CrossoverAdvice = {
        budget: c.budget,
        from: this.copy(this.candidates[c.from] as PoolSummary),
        to: this.copy(this.candidates[c.to] as PoolSummary),
        error: c.error,
      };
      if (models.length > 0) {
        out.probability = (budgets?.length ?? 0) / models.length;
        if (budgets !== undefined && budgets.length > 0) out.interval = meanInterval(Float64Array.from(budgets), this.confidence);
      }
      return out;
    });
  }

  curves(budgets: ArrayLike<number>, options: { bands?: "both" | "mean" | "none" } = {}): CurveSet {
    const bands = options.bands ?? "both";
    const grid = Float64Array.from(budgets);
    checkSamplesSeenList(grid, "budgets");
    const columns = this.point.map((m) => m.curve(grid));
    const best = new Int32Array(grid.length);
    const envelope = new Float64Array(grid.length);
    const column = new Float64Array(columns.length);
    for (let j = 0; j < grid.length; j++) {
      for (let i = 0; i < columns.length; i++) column[i] = (columns[i] as Float64Array)[j] as number;
      const b = rankErrors(column).best;
      best[j] = b;
      envelope[j] = column[b] as number;
    }
    const models = this.estimable && bands !== "none" ? this.draws() : [];
    const pools = this.candidates.map((summary, i): CandidateCurve => {
      const curve: CandidateCurve = { ...this.copy(summary), error: columns[i] as Float64Array };
      if (models.length === 0) return curve;
      const drawCurves = models.map((m) => (m[i] as PoolModel).curve(grid));
      const mean = { low: new Float64Array(grid.length), high: new Float64Array(grid.length) };
      const prediction = this.mixture !== undefined && bands === "both" ? { low: new Float64Array(grid.length), high: new Float64Array(grid.length) } : undefined;
      const values = new Float64Array(models.length);
      for (let j = 0; j < grid.length; j++) {
        for (let d = 0; d < models.length; d++) values[d] = (drawCurves[d] as Float64Array)[j] as number;
        values.sort();
        mean.low[j] = quantileSorted(values, (1 - this.confidence) / 2);
        mean.high[j] = quantileSorted(values, (1 + this.confidence) / 2);
        if (prediction !== undefined) {
          const band = (this.mixture as NoiseMixture).interval(values, this.confidence, this.metricMax);
          prediction.low[j] = band.low;
          prediction.high[j] = band.high;
        }
      }
      curve.mean = mean;
      if (prediction !== undefined) curve.prediction = prediction;
      return curve;
    });
    return { budgets: grid, pools, best, envelope };
  }

  predict(pool: readonly string[], budgets: readonly number[]): PoolForecast {
    const ids = this.resolve(pool, "pool");
    if (!Array.isArray(budgets) || budgets.length === 0) {
      throw new CoreError("INVALID_ARGUMENT", "budgets", budgets, "a non-empty array of samples-seen budgets");
    }
    checkSamplesSeenList(budgets, "budgets");
    const index = this.ids.findIndex((c) => c.length === ids.length && c.every((id, i) => id === ids[i]));
    const summary = this.summary(ids, index);
    const point = index >= 0 ? (this.point[index] as PoolModel) : poolModel(ids.map((id) => this.byId.get(id) as Bucket), this.task, this.model.law);
    const curve = point.curve(budgets);
    const drawCurves = (this.estimable ? this.drawsFor(ids, index) : []).map((m) => m.curve(budgets));
    const warnings: AdviceWarning[] = [];
    const predictions = budgets.map((budget, k) => {
      const draws = drawCurves.length > 0 ? Float64Array.from(drawCurves, (c) => c[k] as number) : undefined;
      const prediction = this.prediction(budget, curve[k] as number, summary.size, draws);
      const extrapolation = this.extrapolation(budget, summary);
      warnings.push(...this.budgetWarnings(budget, summary, extrapolation, [{ ...summary, ...prediction }]));
      return { ...prediction, ...(extrapolation !== undefined ? { extrapolation } : {}) };
    });
    return { ...summary, limitingError: point.limitingError(), predictions, warnings };
  }

  ensemble(pool: readonly string[], budgets: readonly number[]): Float64Array[] {
    const ids = this.resolve(pool, "pool");
    checkSamplesSeenList(budgets, "budgets");
    const index = this.ids.findIndex((c) => c.length === ids.length && c.every((id, i) => id === ids[i]));
    return this.drawsFor(ids, index).map((m) => m.curve(budgets));
  }

  // ---- internals ----

  private resolve(pool: readonly string[], path: string): string[] {
    if (!Array.isArray(pool) || pool.length === 0) throw new CoreError("EMPTY_POOL", path, pool, "a non-empty array of bucket ids");
    const ids = new Set<string>();
    pool.forEach((id, i) => {
      if (!this.byId.has(id)) throw new CoreError("INVALID_ARGUMENT", `${path}[${i}]`, id, `the id of a model bucket (${[...this.byId.keys()].join(", ")})`);
      if (ids.has(id)) throw new CoreError("DUPLICATE_BUCKET", `${path}[${i}]`, id, "bucket ids that appear once per pool");
      ids.add(id);
    });
    return this.buckets.filter((b) => ids.has(b.id)).map((b) => b.id);
  }

  private summary(pool: string[], index: number): PoolSummary {
    return { index, pool: [...pool], name: poolName(pool, this.buckets), size: pool.reduce((s, id) => s + (this.byId.get(id) as Bucket).size, 0) };
  }

  private copy(summary: PoolSummary): PoolSummary {
    return { ...summary, pool: [...summary.pool] };
  }

  private searchRange(range: { min: number; max: number }): { min: number; max: number } {
    if (range === null || typeof range !== "object" || !(range.min > 0) || !(range.max >= range.min) || !Number.isFinite(range.max)) {
      throw new CoreError("INVALID_ARGUMENT", "range", range, "budgets { min, max } with 0 < min <= max");
    }
    const min = Math.max(range.min, this.lawStart);
    return min < range.max ? { min, max: range.max } : { min: range.min, max: range.max };
  }

  /** Parameters of every valid draw (a draw @qqt/core rejects is left out, and not counted). */
  private drawParameters(): Array<{ buckets: Map<string, Bucket>; task: TaskParams }> {
    if (this.drawSets !== undefined) return this.drawSets;
    this.drawSets = [];
    for (const draw of this.model.fit?.bootstrap?.draws ?? []) {
      const buckets = this.buckets.map((b, i) => ({ id: b.id, size: b.size, b: draw.b[i] as number, tau: draw.tau[i] as number }));
      const task = { a: draw.a, d: draw.d, normalizer: this.task.normalizer };
      try {
        checkPool(buckets);
        checkTask(task);
      } catch {
        continue;
      }
      this.drawSets.push({ buckets: new Map(buckets.map((b) => [b.id, b])), task });
    }
    return this.drawSets;
  }

  private draws(): PoolModel[][] {
    if (this.drawModels === undefined) {
      this.drawModels = this.drawParameters().map(({ buckets, task }) =>
        this.ids.map((pool) => poolModel(pool.map((id) => buckets.get(id) as Bucket), task, this.model.law)),
      );
    }
    return this.drawModels;
  }

  private drawsFor(ids: string[], index: number): PoolModel[] {
    if (index >= 0) return this.draws().map((m) => m[index] as PoolModel);
    return this.drawParameters().map(({ buckets, task }) => poolModel(ids.map((id) => buckets.get(id) as Bucket), task, this.model.law));
  }

  private prediction(budget: number, error: number, size: number, draws: Float64Array | undefined): PoolPrediction {
    const out: PoolPrediction = { samplesSeen: budget, error, passes: budget / size };
    if (draws === undefined || draws.length === 0) return out;
    out.meanInterval = meanInterval(draws, this.confidence);
    if (this.mixture !== undefined) out.interval = this.mixture.interval(draws, this.confidence, this.metricMax);
    return out;
  }

  private extrapolation(budget: number, pool: PoolSummary): Extrapolation | undefined {
    const coverage = this.coverage;
    if (coverage === undefined) return undefined;
    const { low, high } = coverage.samplesSeen;
    const side = budget > high ? "above" : budget < low ? "below" : "inside";
    const samplesSeenFactor = side === "above" ? budget / high : side === "below" ? low / budget : 1;
    const passes = budget / pool.size;
    let least: ModelBucketCoverage | undefined;
    for (const id of pool.pool) {
      const c = this.coverageById.get(id);
      if (c === undefined || c.runs === 0 || c.maxPasses <= 0) {
        least = undefined;
        break;
      }
      if (least === undefined || c.maxPasses < least.maxPasses) least = c;
    }
    const out: Extrapolation = { factor: samplesSeenFactor, samplesSeenFactor, side, fitted: { low, high }, passes };
    if (least !== undefined) {
      const passesFactor = passes > least.maxPasses ? passes / least.maxPasses : 1;
      Object.assign(out, { maxFittedPasses: least.maxPasses, passesFactor, bucket: least.id, factor: Math.max(samplesSeenFactor, passesFactor) });
    }
    return out;
  }

  private budgetWarnings(budget: number, best: PoolSummary, extrapolation: Extrapolation | undefined, candidates: ReadonlyArray<PoolSummary & PoolPrediction>): AdviceWarning[] {
    const warnings: AdviceWarning[] = [];
    const at = `${formatCount(budget)} samples seen`;
    if (budget < this.lawStart) {
      warnings.push({
        code: "BELOW_LAW_RANGE",
        budget,
        message: `${at} is below the law's range, which starts at ${formatCount(this.lawStart)} (normalizer / a): there every pool predicts more than 1 + d and the ranking of pools is inverted, so this is not a recommendation.`,
      });
    }
    if (extrapolation !== undefined) {
      const parts: string[] = [];
      if (extrapolation.samplesSeenFactor > EXTRAPOLATION_LIMIT) {
        parts.push(
          extrapolation.side === "above"
            ? `${at} is ${factor(extrapolation.samplesSeenFactor)} the largest fitted run (${formatCount(extrapolation.fitted.high)})`
            : `${at} is ${factor(extrapolation.samplesSeenFactor)} below the smallest fitted run (${formatCount(extrapolation.fitted.low)})`,
        );
      }
      if (extrapolation.passesFactor !== undefined && extrapolation.passesFactor > EXTRAPOLATION_LIMIT) {
        parts.push(
          `${best.name} makes ${round(extrapolation.passes)} passes there, ${factor(extrapolation.passesFactor)} the most any fitted run made over ${extrapolation.bucket} (${round(extrapolation.maxFittedPasses as number)})`,
        );
      }
      if (parts.length > 0) {
        warnings.push({
          code: "EXTRAPOLATION",
          budget,
          pool: [...best.pool],
          message: `Extrapolation ×${round(extrapolation.factor)}: ${parts.join("; ")}. The law is being used past what the runs show (beyond ${EXTRAPOLATION_LIMIT}× is flagged); the intervals assume the law holds there.`,
        });
      }
    }
    if (this.coverage !== undefined) {
      const uncovered = best.pool.filter((id) => (this.coverageById.get(id)?.runs ?? 0) === 0);
      if (uncovered.length > 0) {
        warnings.push({
          code: "EXTRAPOLATION",
          budget,
          pool: [...best.pool],
          message: `${best.name} holds ${uncovered.join(", ")}, which no fitted run trained on: ${uncovered.length === 1 ? "its parameters come" : "their parameters come"} from shared or fixed values only.`,
        });
      }
    }
    const impossible = candidates.filter((c) => c.error > this.metricMax);
    if (impossible.length > 0) {
      const kind = this.model.metric?.kind === "1-accuracy" ? "a 1 − accuracy metric" : "an error rate";
      warnings.push({
        code: "OUT_OF_RANGE",
        budget,
        pool: [...(impossible[0] as PoolSummary).pool],
        message: `At ${at} the predicted error of ${impossible.map((c) => `${c.name} (${round(c.error)})`).join(", ")} is above 1, the most ${kind} can be: the law is outside its range here, so these predictions are not errors a run can reach.`,
      });
    }
    return warnings;
  }
}

function meanInterval(values: Float64Array, confidence: number): MeanInterval {
  const sorted = Float64Array.from(values).sort();
  return {
    low: quantileSorted(sorted, (1 - confidence) / 2),
    median: quantileSorted(sorted, 0.5),
    high: quantileSorted(sorted, (1 + confidence) / 2),
  };
}

/** The default crossover range of some budgets: their span, or a factor 10 either side of a single budget. */
function defaultRange(budgets: readonly number[]): { min: number; max: number } {
  const min = Math.min(...budgets);
  const max = Math.max(...budgets);
  return max > min ? { min, max } : { min: min / SINGLE_BUDGET_SPAN, max: Math.min(max * SINGLE_BUDGET_SPAN, Number.MAX_VALUE) };
}

function round(x: number): string {
  return x >= 100 ? String(Math.round(x)) : String(Number(x.toPrecision(3)));
}

function factor(x: number): string {
  return `${round(x)}×`;
}
