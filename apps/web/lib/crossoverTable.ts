import type { CrossoverMarker, PoolInfo } from "./advisor";
import { formatError, formatProbability, formatSamples } from "./format";

/**
 * One crossover of the best pool as the crossover table, the chart exports and the recommendations CSV show it: the
 * advice engine's crossover (lib/advisor's {@link CrossoverMarker}) with its pools named and its spread over the
 * bootstrap draws in words.
 *
 * @example
 * ```ts
 * const row: CrossoverRow = { budget: 4.93e7, budgetText: "49.3M", from: "top 10%", to: "top 20%", fromK: 1, toK: 2,
 *   fromIds: ["top0-10"], toIds: ["top0-10", "top10-20"], error: 0.7711,
 *   errorText: "0.7711", interval: { low: 4.48e7, median: 4.9e7, high: 5.23e7 }, intervalText: "44.8M–52.3M",
 *   probability: 1, probabilityText: "100%", label: "49.3M: top 10% → top 20% (95% interval 44.8M–52.3M)" };
 * ```
 */
export interface CrossoverRow {
  /** Samples seen where the best pool changes (the point estimate's crossover). */
  budget: number;
  budgetText: string;
  /** Name of the best pool below the budget. */
  from: string;
  /** Name of the best pool above it. */
  to: string;
  /** The pools' positions among the candidates (1-based, as lib/advisor's `k`). */
  fromK: number;
  toK: number;
  /** Bucket ids of the two pools. */
  fromIds: readonly string[];
  toIds: readonly string[];
  /** Predicted error of both pools there. */
  error: number;
  errorText: string;
  /** The crossover's spread over the bootstrap draws (absent without estimable draws, or before it is computed). */
  interval: { low: number; median: number; high: number } | undefined;
  /** `low–high` in samples, or `""` without an interval. */
  intervalText: string;
  /** Share of the draws that cross in the range shown. */
  probability: number | undefined;
  probabilityText: string;
  /** The crossover in one line, for chart labels and exports. */
  label: string;
}

/**
 * The crossover table's rows, in budget order.
 *
 * @remarks The markers come from the engine (`Advisor.crossovers`, with `intervals` from the bands worker); this only
 * names and words them. `confidence` is the level of the intervals (the engine's, e.g. 0.95).
 * @example
 * ```ts
 * crossoverRows(compileAdvisor(tmars).crossovers({ min: 1e7, max: 1e11 }), advisor.pools).map((r) => r.label);
 * // ["49.3M: top 10% → top 20%", "440M: top 20% → top 30%"]
 * ```
 */
export function crossoverRows(markers: readonly CrossoverMarker[], pools: readonly PoolInfo[], confidence = 0.95): CrossoverRow[] {
  const name = (k: number) => pools.find((p) => p.k === k)?.name ?? `pool ${k}`;
  const ids = (k: number) => pools.find((p) => p.k === k)?.ids ?? [];
  const level = `${Math.round(confidence * 100)}%`;
  return [...markers]
    .sort((x, y) => x.budget - y.budget)
    .map((c) => {
      const from = name(c.from);
      const to = name(c.to);
      const interval = c.interval !== undefined ? { low: c.interval.low, median: c.interval.median, high: c.interval.high } : undefined;
      // A narrow interval gets a fourth digit rather than reading "407M–407M".
      const digits = interval !== undefined && formatSamples(interval.low) === formatSamples(interval.high) ? 4 : 3;
      const intervalText = interval !== undefined ? `${formatSamples(interval.low, digits)}–${formatSamples(interval.high, digits)}` : "";
      const budgetText = formatSamples(c.budget);
      return {
        budget: c.budget,
        budgetText,
        from,
        to,
        fromK: c.from,
        toK: c.to,
        fromIds: ids(c.from),
        toIds: ids(c.to),
        error: c.error,
        errorText: formatError(c.error),
        interval,
        intervalText,
        probability: c.probability,
        probabilityText: c.probability !== undefined ? formatProbability(c.probability) : "",
        label: `${budgetText}: ${from} → ${to}${interval !== undefined ? ` (${level} interval ${intervalText})` : ""}`,
      };
    });
}
