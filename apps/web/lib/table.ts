import type { Advice, Advisor } from "./advisor";
import type { CrossoverRow } from "./crossoverTable";
import { formatPlain } from "./format";
import type { ModelFileV1 } from "./modelFile";

/**
 * Budgets of the standard recommendation table, in samples seen: DataComp's scales (12.8M, 128M, 1.28B, 12.8B) and
 * the budgets the paper discusses (32M, 64M, 640M).
 *
 * @example
 * ```ts
 * STANDARD_BUDGETS[0]; // 12800000
 * ```
 */
export const STANDARD_BUDGETS: readonly number[] = [12.8e6, 32e6, 64e6, 128e6, 640e6, 1.28e9, 12.8e9];

/** Multiples of the smallest bucket in the standard table: 1 pass of it … 1000 passes (12.8M … 12.8B for DataComp medium). */
const STANDARD_MULTIPLES: readonly number[] = [1, 2.5, 5, 10, 50, 100, 1000];

/**
 * The standard budgets of a model: 1, 2.5, 5, 10, 50, 100 and 1000 passes over its smallest bucket — for the paper's
 * 12.8M buckets exactly {@link STANDARD_BUDGETS}; for OpenCLIP's LAION-80M, 80M … 80B.
 *
 * @example
 * ```ts
 * standardBudgets(tmars); // [12.8e6, 32e6, 64e6, 128e6, 640e6, 1.28e9, 12.8e9]
 * ```
 */
export function standardBudgets(model: ModelFileV1): number[] {
  const smallest = Math.min(...model.buckets.map((b) => b.size));
  // Rounded to 3 significant digits so that 2.5 × 12.8M prints as 32M, not 31.999…M.
  return STANDARD_MULTIPLES.map((m) => Number((m * smallest).toPrecision(3)));
}

/**
 * The advice at each budget, for the standard table and the CSV export.
 *
 * @example
 * ```ts
 * budgetTable(compileAdvisor(tmars)).map((a) => a.best); // [1, 1, 2, 2, 3, 3, 3]  (12.8M … 12.8B)
 * ```
 */
export function budgetTable(advisor: Advisor, budgets: readonly number[] = standardBudgets(advisor.model)): Advice[] {
  return budgets.map((budget) => advisor.advise(budget));
}

/** Characters that make a spreadsheet treat a cell as a formula (CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV cell: quoted when it holds a comma, quote or line break (RFC 4180), and text that a spreadsheet would
 * run as a formula is prefixed with `'`.
 *
 * @example
 * ```ts
 * csvCell('top "A", 10%'); // "\"top \"\"A\"\", 10%\""
 * csvCell("=HYPERLINK(1)"); // "'=HYPERLINK(1)"
 * ```
 */
export function csvCell(value: string | number | undefined): string {
  if (value === undefined) return "";
  if (typeof value === "number") return formatPlain(value);
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * The recommendations as CSV (RFC 4180, CRLF line ends, a header row), one row per budget: the advice engine's
 * answers as the page shows them.
 *
 * @remarks Columns: `model`, `budget_samples`, `best_pool` (name), `best_k`, `buckets`, `unique_samples`,
 * `passes`, `predicted_error`, `interval_low`, `interval_high` (the prediction interval of one new run),
 * `mean_low`, `mean_high` (the band of the mean curve), `confidence`, `probability_best`, `runner_up`,
 * `runner_up_k`, `margin`, `extrapolation_factor` (how far the answer is from the fitted runs), `warnings` (the
 * engine's warning codes, `;`-separated), then `error_top1` … `error_topP` for every candidate pool, then `row`
 * (`budget`), `best_bucket_ids` and `runner_up_bucket_ids` (`;`-separated bucket ids). After the budget rows come the
 * `crossovers` (lib/crossoverTable's rows, from the engine), one row each with `row` = `crossover`: `budget_samples`
 * where the best pool changes, `best_pool`/`best_k`/`best_bucket_ids` the pool best above it, `predicted_error` both
 * pools' error there, `crossover_from`, `crossover_from_k`, `crossover_from_bucket_ids` the pool best below, and
 * `crossover_low`/`_median`/`_high`/`_probability` its spread over the bootstrap draws (empty without draws). Numbers are
 * written in full precision; absent values (no bootstrap, not estimable, single pool, no record of the runs) are
 * empty cells, never `NaN`.
 * @example
 * ```ts
 * recommendationsCsv(tmars, budgetTable(compileAdvisor(tmars), [640e6])).split("\r\n")[1];
 * // "T-MARS …,640000000,top 30%,3,3,38400000,16.666…,0.5992…,,,,,,,top 20%,2,0.0080…,,,0.7071…,…"
 * ```
 */
export function recommendationsCsv(model: ModelFileV1, rows: readonly Advice[], crossovers: readonly CrossoverRow[] = []): string {
  const p = rows[0]?.errors.length ?? model.buckets.length;
  const header = [
    "model",
    "budget_samples",
    "best_pool",
    "best_k",
    "buckets",
    "unique_samples",
    "passes",
    "predicted_error",
    "interval_low",
    "interval_high",
    "mean_low",
    "mean_high",
    "confidence",
    "probability_best",
    "runner_up",
    "runner_up_k",
    "margin",
    "extrapolation_factor",
    "warnings",
    ...Array.from({ length: p }, (_, k) => `error_top${k + 1}`),
    "row",
    "best_bucket_ids",
    "runner_up_bucket_ids",
    "crossover_from",
    "crossover_from_k",
    "crossover_from_bucket_ids",
    "crossover_low",
    "crossover_median",
    "crossover_high",
    "crossover_probability",
  ];
  const ids = (list: readonly string[] | undefined) => (list === undefined ? undefined : list.join(";"));
  const name = model.name ?? "model";
  const lines = rows.map((a) => {
    const u = a.uncertainty;
    return [
      name,
      a.budget,
      a.pool.name,
      a.best,
      a.pool.buckets,
      a.pool.uniqueSamples,
      a.passes,
      a.error,
      u?.interval?.low,
      u?.interval?.high,
      u?.meanInterval?.low,
      u?.meanInterval?.high,
      u?.confidence,
      u?.probabilityBest[a.best - 1],
      a.runnerUpPool?.name,
      a.runnerUp,
      a.margin,
      a.extrapolation?.factor,
      [...new Set(a.warnings.map((w) => w.code))].join(";") || undefined,
      ...a.errors,
      "budget",
      ids(a.pool.ids),
      ids(a.runnerUpPool?.ids),
      ...Array.from({ length: 7 }, () => undefined), // the crossover columns
    ]
      .map(csvCell)
      .join(",");
  });
  // The crossovers: the budget where the best pool changes, the pool best above it (as `best_*`), the one best below
  // it (`crossover_from*`) and the budget's spread over the draws.
  const crossing = crossovers.map((c) => {
    const empty = Array.from({ length: 11 + p }, () => undefined);
    return [
      name,
      c.budget,
      c.to,
      c.toK,
      ...empty.slice(0, 3),
      c.error,
      ...empty,
      "crossover",
      ids(c.toIds),
      undefined,
      c.from,
      c.fromK,
      ids(c.fromIds),
      c.interval?.low,
      c.interval?.median,
      c.interval?.high,
      c.probability,
    ]
      .map(csvCell)
      .join(",");
  });
  return [header.join(","), ...lines, ...crossing].join("\r\n") + "\r\n";
}

/**
 * The budgets written to the recommendations CSV: the standard ones and the chosen one, ascending, once each.
 *
 * @example
 * ```ts
 * exportBudgets(500e6); // [12.8e6, 32e6, 64e6, 128e6, 500e6, 640e6, 1.28e9, 12.8e9]
 * ```
 */
export function exportBudgets(current: number, standard: readonly number[] = STANDARD_BUDGETS): number[] {
  return [...new Set([...standard, current])].filter(Number.isFinite).sort((x, y) => x - y);
}
