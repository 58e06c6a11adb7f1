// Recommendations of a model over budgets: best pool, runner-up, margin, probability of being best (with bootstrap
// draws) and crossovers. Shared by `recommend` and `demo`.
import { DEFAULT_NORMALIZER, findCrossovers, recommendPools, type Bucket, type TaskParams } from "@qqt/core";
import { modelToCore, type ModelFileV1 } from "@qqt/data";
import type { Palette } from "./io.js";
import type { CandidateJson, CrossoverJson, PoolJson, RecommendEntryJson } from "./json.js";
import { formatCount } from "@qqt/core";
import { formatDelta, formatError, formatProbability } from "./output/numbers.js";
import { renderTable, type TableColumn } from "./output/renderTable.js";
import { poolLabel, poolName, poolSize } from "./pools.js";
import { bestProbabilities, crossoverSpreads, drawsOf, errorIntervals } from "./uncertainty.js";

/** Range searched for crossovers around a single budget: a decade either side. */
const SINGLE_BUDGET_DECADES = 10;

/**
 * Where the law's range starts: `normalizer / a` samples seen. There `a·n/N = 1`, so every pool predicts `1 + d`
 * whatever its `b`; below it the power law inverts the ranking (the worst bucket "wins") — never a real crossover.
 */
export function lawStart(task: TaskParams): number {
  return (task.normalizer ?? DEFAULT_NORMALIZER) / task.a;
}

/** What to recommend over. */
export interface RecommendQuery {
  budgets: readonly number[];
  /** Candidate pools (bucket ids); default the nested pools top-1 … top-p. */
  candidates?: ReadonlyArray<readonly string[]>;
  /** Crossover search range; default the budgets' range (a decade either side of a single budget). */
  range?: { min: number; max: number };
  /** Interval level for draws (default the model's bootstrap confidence, else 0.95). */
  confidence?: number;
}

/** The nested pools of a model, as id lists. */
export function nestedIds(buckets: readonly Bucket[]): string[][] {
  return buckets.map((_, k) => buckets.slice(0, k + 1).map((b) => b.id));
}

function poolJson(ids: readonly string[], buckets: readonly Bucket[]): PoolJson {
  return { pool: [...ids], name: poolName(ids, buckets), size: poolSize(ids, buckets) };
}

/** The default crossover range of a list of budgets. */
export function defaultRange(budgets: readonly number[]): { min: number; max: number } {
  const min = Math.min(...budgets);
  const max = Math.max(...budgets);
  return max > min ? { min, max } : { min: min / SINGLE_BUDGET_DECADES, max: Math.min(max * SINGLE_BUDGET_DECADES, Number.MAX_VALUE) };
}

/** Computes the recommendation entries (the `qqt recommend --json` shape). */
export function computeRecommendations(model: ModelFileV1, query: RecommendQuery): RecommendEntryJson[] {
  const { buckets, task, law } = modelToCore(model);
  const candidates = query.candidates ?? model.candidates ?? nestedIds(buckets);
  const byId = new Map(buckets.map((b) => [b.id, b]));
  const corePools = candidates.map((ids) => ({ buckets: ids.map((id) => byId.get(id)!) }));
  const budgets = [...query.budgets];
  // Crossovers are searched from the law's start on: below it every "crossover" is an artefact of the power law.
  const requested = query.range ?? defaultRange(budgets);
  const start = lawStart(task);
  const range = { min: Math.max(requested.min, start), max: requested.max };
  const searchable = range.max > range.min;
  if (!searchable) range.min = requested.min;
  const confidence = query.confidence ?? model.fit?.bootstrap?.confidence ?? 0.95;
  const ranked = recommendPools(corePools, task, budgets, law);
  const crossings = searchable ? findCrossovers(corePools, task, range, law) : [];
  const hasDraws = drawsOf(model).length > 0;
  const probabilities = hasDraws ? bestProbabilities(model, candidates, budgets) : undefined;
  const intervals = hasDraws ? errorIntervals(model, candidates, budgets, confidence) : undefined;
  const spreads = hasDraws && crossings.length > 0 ? crossoverSpreads(model, candidates, range, confidence) : [];
  const crossovers: CrossoverJson[] = crossings.map((c) => {
    const spread = spreads.find((s) => s.from === c.from && s.to === c.to);
    return {
      budget: c.budget,
      from: poolJson(candidates[c.from]!, buckets),
      to: poolJson(candidates[c.to]!, buckets),
      error: c.error,
      ...(spread !== undefined ? { interval: { low: spread.low, median: spread.median, high: spread.high, probability: spread.probability } } : {}),
    };
  });
  return ranked.map((r, k) => {
    const candidate = (i: number): CandidateJson => ({
      ...poolJson(candidates[i]!, buckets),
      error: r.errors[i]!,
      ...(probabilities !== undefined ? { probability: probabilities[k]![i]! } : {}),
      ...(intervals !== undefined ? { interval: intervals[i]![k]! } : {}),
    });
    const best = candidate(r.best);
    const size = best.size;
    const entry: RecommendEntryJson = {
      budget: r.budget,
      best: { ...best, label: poolLabel(best.pool, buckets, r.budget), passes: r.budget / size },
      ...(r.runnerUp !== undefined ? { runnerUp: candidate(r.runnerUp) } : {}),
      ...(r.margin !== undefined ? { margin: r.margin } : {}),
      candidates: candidates.map((_, i) => candidate(i)),
      crossovers,
      range: { ...range },
      ...(r.budget < start ? { belowLawRange: true as const } : {}),
      lawStart: start,
    };
    if (r.budget >= range.min && r.budget <= range.max) {
      const before = crossings.filter((c) => c.budget <= r.budget);
      const after = crossings.filter((c) => c.budget > r.budget);
      if (before.length > 0) entry.bestFrom = before[before.length - 1]!.budget;
      if (after.length > 0) entry.bestUntil = after[0]!.budget;
    }
    return entry;
  });
}

/** The human-readable recommendation: table, labels of the best pools, crossovers. */
export function renderRecommendations(entries: readonly RecommendEntryJson[], p: Palette, options: { truth?: readonly RecommendEntryJson[] } = {}): string {
  if (entries.length === 0) return "";
  const hasProbability = entries.some((e) => e.best.probability !== undefined);
  const hasInterval = entries.some((e) => e.best.interval !== undefined);
  const columns: TableColumn[] = [{ header: "budget", align: "right" }, { header: "best pool" }, { header: "error", align: "right" }];
  if (hasInterval) columns.push({ header: "interval" });
  if (hasProbability) columns.push({ header: "P(best)", align: "right" });
  columns.push({ header: "runner-up" }, { header: "margin", align: "right" });
  if (options.truth !== undefined) columns.push({ header: "true best" });
  const rows = entries.map((e, k) => {
    const cells = [formatCount(e.budget), p.bold(e.best.name), formatError(e.best.error)];
    if (hasInterval) cells.push(e.best.interval !== undefined ? `${formatError(e.best.interval.low)}–${formatError(e.best.interval.high)}` : "");
    if (hasProbability) cells.push(e.best.probability !== undefined ? formatProbability(e.best.probability) : "");
    cells.push(e.runnerUp?.name ?? "—", e.margin !== undefined ? formatDelta(e.margin) : "—");
    if (options.truth !== undefined) {
      const t = options.truth[k]?.best.name ?? "";
      cells.push(t === e.best.name ? p.green(t) : p.red(t));
    }
    return cells;
  });
  const lines = [renderTable(columns, rows, { headerStyle: p.bold })];
  lines.push("Best pool per budget:");
  for (const e of entries) lines.push(`  ${formatCount(e.budget).padStart(7)}  ${e.best.label}${e.belowLawRange === true ? p.dim(" (below the law's range)") : ""}`);
  const below = entries.filter((e) => e.belowLawRange === true);
  if (below.length > 0) {
    const list = below.map((e) => formatCount(e.budget)).join(", ");
    lines.push(
      p.yellow(
        `Note: ${list} ${below.length === 1 ? "is" : "are"} below the law's range, which starts at ${formatCount(below[0]!.lawStart)} samples seen (normalizer / a): there every pool predicts more than 1 + d and the ranking of pools is inverted, so ${below.length === 1 ? "this answer is" : "these answers are"} not a recommendation.`,
      ),
    );
  }
  const { crossovers, range } = entries[0]!;
  lines.push("");
  if (crossovers.length === 0) {
    lines.push(`The best pool does not change between ${formatCount(range.min)} and ${formatCount(range.max)} samples seen.`);
  } else {
    lines.push(`Crossovers (the best pool changes) between ${formatCount(range.min)} and ${formatCount(range.max)} samples seen:`);
    for (const c of crossovers) {
      const spread =
        c.interval !== undefined
          ? p.dim(` — bootstrap ${formatCount(c.interval.low)}–${formatCount(c.interval.high)}, in ${formatProbability(c.interval.probability)} of draws`)
          : "";
      lines.push(`  at ${formatCount(c.budget).padStart(7)}: ${c.from.name} → ${c.to.name} (error ${formatError(c.error)})${spread}`);
    }
  }
  return lines.join("\n") + "\n";
}
