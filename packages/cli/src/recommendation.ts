// `recommend` and `demo`: the advice engine's report as the documented JSON shape and as a table. No advice is
// computed here: @qqt/core's adviceEngine ranks the pools, computes intervals, probabilities, crossovers and warnings.
import {
  adviceEngine,
  EXTRAPOLATION_LIMIT,
  formatProbability,
  formatCount,
  type AdviceWarning,
  type BudgetAdvice,
  type CrossoverAdvice,
  type Model,
  type PoolAdvice,
  type PoolSummary,
  type UncertaintyStatus,
} from "@qqt/core";
import type { Palette } from "./io.js";
import type { CandidateJson, CrossoverJson, PoolJson, RecommendEntryJson, UncertaintyJson, WarningJson } from "./json.js";
import { formatDelta, formatError, formatPasses } from "./output/numbers.js";
import { renderTable, type TableColumn } from "./output/renderTable.js";

/** What to recommend over. */
export interface RecommendQuery {
  budgets: readonly number[];
  /** Candidate pools (bucket ids); default the model's candidates, else the nested pools top-1 … top-p. */
  candidates?: ReadonlyArray<readonly string[]>;
  /** Crossover search range; default the budgets' span (a factor 10 either side of a single budget). */
  range?: { min: number; max: number };
  /** Interval level (default the model's bootstrap confidence, else 0.95). */
  confidence?: number;
}

/** A pool as JSON. */
export function poolJson(pool: PoolSummary): PoolJson {
  return { pool: [...pool.pool], name: pool.name, size: pool.size };
}

/** "top 30%: 3 buckets, 38.4M unique samples, ~17 passes". */
export function poolLabel(pool: PoolSummary, budget?: number): string {
  const parts = [`${pool.pool.length} ${pool.pool.length === 1 ? "bucket" : "buckets"}`, `${formatCount(pool.size)} unique samples`];
  if (budget !== undefined) parts.push(formatPasses(budget / pool.size));
  return `${pool.name}: ${parts.join(", ")}`;
}

/** The engine's uncertainty status as JSON. */
export function uncertaintyJson(u: UncertaintyStatus): UncertaintyJson {
  return {
    kind: u.kind,
    draws: u.draws,
    confidence: u.confidence,
    ...(u.reasons.length > 0 ? { reasons: [...u.reasons] } : {}),
    ...(u.noise !== undefined ? { noise: { ...u.noise } } : {}),
  };
}

/** A warning as JSON. */
export function warningJson(w: AdviceWarning): WarningJson {
  return { code: w.code, message: w.message, ...(w.budget !== undefined ? { budget: w.budget } : {}), ...(w.pool !== undefined ? { pool: [...w.pool] } : {}) };
}

function candidateJson(c: PoolAdvice): CandidateJson {
  return {
    ...poolJson(c),
    error: c.error,
    ...(c.probability !== undefined ? { probability: c.probability } : {}),
    ...(c.interval !== undefined ? { interval: { low: c.interval.low, high: c.interval.high } } : {}),
    ...(c.meanInterval !== undefined ? { meanInterval: { ...c.meanInterval } } : {}),
  };
}

function crossoverJson(c: CrossoverAdvice): CrossoverJson {
  return {
    budget: c.budget,
    from: poolJson(c.from),
    to: poolJson(c.to),
    error: c.error,
    ...(c.interval !== undefined && c.probability !== undefined ? { interval: { ...c.interval, probability: c.probability } } : {}),
  };
}

function entryJson(a: BudgetAdvice, shared: { crossovers: CrossoverJson[]; range: { min: number; max: number }; lawStart: number; uncertainty: UncertaintyJson; modelWarnings: WarningJson[] }): RecommendEntryJson {
  return {
    budget: a.budget,
    best: { ...candidateJson(a.best), label: poolLabel(a.best, a.budget), passes: a.best.passes },
    ...(a.runnerUp !== undefined ? { runnerUp: candidateJson(a.runnerUp) } : {}),
    ...(a.margin !== undefined ? { margin: a.margin } : {}),
    candidates: a.candidates.map(candidateJson),
    crossovers: shared.crossovers,
    range: { ...shared.range },
    ...(a.bestFrom !== undefined ? { bestFrom: a.bestFrom } : {}),
    ...(a.bestUntil !== undefined ? { bestUntil: a.bestUntil } : {}),
    ...(a.belowLawRange ? { belowLawRange: true as const } : {}),
    lawStart: shared.lawStart,
    ...(a.extrapolation !== undefined ? { extrapolationFactor: a.extrapolation.factor, extrapolation: { ...a.extrapolation, fitted: { ...a.extrapolation.fitted } } } : {}),
    uncertainty: shared.uncertainty,
    intervalKind: "prediction",
    warnings: [...shared.modelWarnings, ...a.warnings.map(warningJson)],
  };
}

/** The recommendation entries of a model (the `qqt recommend --json` shape), from the advice engine. */
export function computeRecommendations(model: Model, query: RecommendQuery): RecommendEntryJson[] {
  const engine = adviceEngine(model, {
    ...(query.candidates !== undefined ? { candidates: query.candidates } : {}),
    ...(query.confidence !== undefined ? { confidence: query.confidence } : {}),
  });
  const report = engine.recommend(query.budgets, query.range !== undefined ? { range: query.range } : {});
  const shared = {
    crossovers: report.crossovers.map(crossoverJson),
    range: report.range,
    lawStart: report.lawStart,
    uncertainty: uncertaintyJson(report.uncertainty),
    modelWarnings: engine.warnings.map(warningJson),
  };
  return report.budgets.map((a) => entryJson(a, shared));
}

/** The interval column's header and the sentence that says what it is. */
function intervalNote(u: UncertaintyJson): string | undefined {
  if (u.kind !== "estimated") return undefined;
  const level = `${Math.round(u.confidence * 100)}%`;
  const noise = u.noise !== undefined ? ` (sd ${formatError(u.noise.sd)}${u.noise.scale === "log" ? " on log error" : ""}, estimated from the ${u.noise.source === "residuals" ? "fit's residuals" : "repeated runs"})` : "";
  return `interval: ${level} prediction interval of one new run's error — the fit's uncertainty (${u.draws} bootstrap draws) plus run-to-run noise${noise}. The band of the mean curve alone is meanInterval in --json.`;
}

/** "×62" for an answer beyond the runs, "" inside them. */
function beyond(e: RecommendEntryJson): string {
  if (e.extrapolationFactor === undefined || e.extrapolationFactor <= 1) return "";
  const f = e.extrapolationFactor;
  return `×${f >= 100 ? Math.round(f) : Number(f.toPrecision(2))}`;
}

/** The human-readable recommendation: table, labels of the best pools, crossovers, and every warning. */
export function renderRecommendations(entries: readonly RecommendEntryJson[], p: Palette, options: { truth?: readonly RecommendEntryJson[] } = {}): string {
  if (entries.length === 0) return "";
  const u = entries[0]!.uncertainty;
  const hasInterval = entries.some((e) => e.best.interval !== undefined);
  const showProbability = u.kind !== "none";
  const hasBeyond = entries.some((e) => beyond(e) !== "");
  const columns: TableColumn[] = [{ header: "budget", align: "right" }, { header: "best pool" }, { header: "error", align: "right" }];
  if (hasInterval) columns.push({ header: "interval" });
  if (showProbability) columns.push({ header: "P(best)", align: "right" });
  columns.push({ header: "runner-up" }, { header: "margin", align: "right" });
  if (hasBeyond) columns.push({ header: "beyond runs", align: "right" });
  if (options.truth !== undefined) columns.push({ header: "true best" });
  const rows = entries.map((e, k) => {
    const cells = [formatCount(e.budget), p.bold(e.best.name), formatError(e.best.error)];
    if (hasInterval) cells.push(e.best.interval !== undefined ? `${formatError(e.best.interval.low)}–${formatError(e.best.interval.high)}` : "");
    if (showProbability) cells.push(e.best.probability !== undefined ? formatProbability(e.best.probability, u.draws) : p.yellow("not estimable"));
    cells.push(e.runnerUp?.name ?? "—", e.margin !== undefined ? formatDelta(e.margin) : "—");
    if (hasBeyond) cells.push(beyond(e) !== "" && e.extrapolationFactor! > EXTRAPOLATION_LIMIT ? p.yellow(beyond(e)) : beyond(e));
    if (options.truth !== undefined) {
      const t = options.truth[k]?.best.name ?? "";
      cells.push(t === e.best.name ? p.green(t) : p.red(t));
    }
    return cells;
  });
  const lines = [renderTable(columns, rows, { headerStyle: p.bold })];
  const note = intervalNote(u);
  if (note !== undefined) lines.push(p.dim(note));
  if (showProbability && u.kind === "estimated") {
    lines.push(p.dim(`P(best): the share of the ${u.draws} bootstrap draws in which the pool is best — the fit's uncertainty only, not that of the law itself (≥98% when all agree: ${u.draws} draws bound it no closer).`));
  }
  if (hasBeyond) lines.push(p.dim("beyond runs: how far the answer is from the fitted runs (samples seen, or passes over a bucket of the pool), as a factor."));
  lines.push("");
  lines.push("Best pool per budget:");
  for (const e of entries) lines.push(`  ${formatCount(e.budget).padStart(7)}  ${e.best.label}${e.belowLawRange === true ? p.dim(" (below the law's range)") : ""}`);
  const { crossovers, range } = entries[0]!;
  lines.push("");
  if (crossovers.length === 0) {
    lines.push(`The best pool does not change between ${formatCount(range.min)} and ${formatCount(range.max)} samples seen.`);
  } else {
    lines.push(`Crossovers (the best pool changes) between ${formatCount(range.min)} and ${formatCount(range.max)} samples seen:`);
    for (const c of crossovers) {
      const spread =
        c.interval !== undefined
          ? p.dim(` — ${Math.round(u.confidence * 100)}% bootstrap interval ${formatCount(c.interval.low)}–${formatCount(c.interval.high)}, in ${Math.round(c.interval.probability * u.draws)} of ${u.draws} draws`)
          : u.kind === "not-estimable"
            ? p.dim(" — interval not estimable")
            : "";
      lines.push(`  at ${formatCount(c.budget).padStart(7)}: ${c.from.name} → ${c.to.name} (error ${formatError(c.error)})${spread}`);
    }
  }
  const warnings = uniqueWarnings(entries);
  if (warnings.length > 0) {
    lines.push("", p.yellow(`Warnings (${warnings.length}):`));
    for (const w of warnings) lines.push(`  - ${w.message} ${p.dim(`[${w.code}]`)}`);
  }
  return lines.join("\n") + "\n";
}

/** Every entry's warnings, each once (model-level ones repeat in every entry). */
export function uniqueWarnings(entries: ReadonlyArray<{ warnings: readonly WarningJson[] }>): WarningJson[] {
  const seen = new Set<string>();
  const out: WarningJson[] = [];
  for (const e of entries) {
    for (const w of e.warnings) {
      const key = `${w.code}|${w.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(w);
    }
  }
  return out;
}
