import type { Interval, ModelMetric } from "@qqt/core";
import type { CrossoverMarker, PoolCurves } from "./advisor";
import { formatProbability, formatSamples } from "./format";
import type { ModelFileV1 } from "./modelFile";
import type { ObservationView } from "./observations";
import { BAND_LEGEND_COLOR, BUDGET_COLOR, COVERAGE_COLOR, COVERAGE_OPACITY, ENVELOPE_COLOR, seriesStyle } from "./palette";
import { logTicks, niceAxis, type BudgetRange, type Tick } from "./scale";
import type { LegendEntry } from "./svgExport";

// Everything a chart needs besides its data — series names, styles, axis ticks and domains, legend entries — so
// the chart components only render.

/**
 * A line or scatter series of a chart.
 *
 * @example
 * ```ts
 * const s: SeriesSpec = { key: "p1", name: "top 10%", color: "#0072B2", dash: undefined };
 * ```
 */
export interface SeriesSpec {
  /** Data key in the chart rows. */
  key: string;
  name: string;
  color: string;
  dash: string | undefined;
}

/**
 * A linear axis: domain, ticks on it, and the decimals that show them.
 *
 * @example
 * ```ts
 * const y: LinearAxis = { min: 0.5, max: 1, ticks: [0.5, 0.6, 0.7, 0.8, 0.9, 1], decimals: 2 };
 * ```
 */
export type LinearAxis = ReturnType<typeof niceAxis>;

/** Stroke width of the best-pool envelope drawn beneath the pool curves. */
export const ENVELOPE_WIDTH = 8;
/** Stroke opacity of the envelope: visible beneath the pool curves without hiding them. */
export const ENVELOPE_OPACITY = 0.22;

/**
 * Which band the pool chart shades around each curve: the prediction band of one new run (fit uncertainty plus
 * run-to-run noise, what the recommendation's interval is), the narrower band of the mean curve, or none.
 *
 * @example
 * ```ts
 * const kind: BandKind = "prediction";
 * ```
 */
export type BandKind = "prediction" | "mean" | "none";

/**
 * What a band is, in words, for the legend, the caption and the band picker.
 *
 * @example
 * ```ts
 * bandLabel("prediction", 0.95); // "95% prediction band: where one new run lands"
 * bandLabel("mean", 0.95);       // "95% band of the mean curve (fit uncertainty only)"
 * ```
 */
export function bandLabel(kind: Exclude<BandKind, "none">, confidence: number): string {
  const level = `${Math.round(confidence * 100)}%`;
  return kind === "prediction" ? `${level} prediction band: where one new run lands` : `${level} band of the mean curve (fit uncertainty only)`;
}

/**
 * The samples-seen range the fitted runs cover, in words (legend and caption).
 *
 * @example
 * ```ts
 * coverageLabel({ low: 25.6e6, high: 409.6e6 }); // "samples seen by the fitted runs (25.6M–410M)"
 * ```
 */
export function coverageLabel(range: Interval): string {
  return `samples seen by the fitted runs (${formatSamples(range.low)}–${formatSamples(range.high)})`;
}

/**
 * The name of a model's error for axis labels: the metric's name and what its error is (`1 − accuracy`, a loss).
 *
 * @example
 * ```ts
 * metricLabel({ name: "imagenet1k", kind: "1-accuracy" }); // "imagenet1k error (1 − accuracy)"
 * metricLabel({ name: "avg18" });                           // "avg18 error"
 * metricLabel({ name: "val", kind: "loss" });               // "val loss"
 * metricLabel(undefined);                                   // "error"
 * ```
 */
export function metricLabel(metric: ModelMetric | undefined): string {
  if (metric === undefined) return "error";
  if (metric.kind === "loss") return `${metric.name} loss`;
  return `${metric.name} error${metric.kind === "1-accuracy" ? " (1 − accuracy)" : ""}`;
}

/**
 * A linear error axis that holds every finite value inside the metric's range `[0, metricMax]` (the engine's
 * `metricMax`: 1 for an error or `1 − accuracy`, `Infinity` for a loss): values outside it are clipped first, so a
 * curve or band the law sends above 1 never stretches the axis past what the metric can take.
 *
 * @example
 * ```ts
 * metricAxis([0.33, 0.62, 1.9142, 5.0], 1); // { min: 0.2, max: 1, ticks: [0.2, 0.4, 0.6, 0.8, 1], decimals: 2 }
 * metricAxis([0.33, 5.0], Infinity).max;   // 5
 * ```
 */
export function metricAxis(values: Iterable<number>, metricMax = Infinity, target = 6): LinearAxis {
  const clipped: number[] = [];
  for (const v of values) if (Number.isFinite(v)) clipped.push(Math.min(Math.max(v, 0), metricMax));
  const axis = niceAxis(clipped, target);
  // niceAxis ends on multiples of its step; within [0, 1] they never pass the ends, but stay safe for any range.
  if (axis.min >= 0 && axis.max <= metricMax) return axis;
  const ticks = axis.ticks.filter((t) => t >= 0 && t <= metricMax);
  return { ...axis, min: Math.max(axis.min, 0), max: Math.min(axis.max, metricMax), ticks };
}

/**
 * The pool-error chart: a series per candidate pool, the key of the band shown, axes and legend.
 *
 * @remarks `options.bands` picks the band (shown only when the curves hold it); `options.coverage` is the engine's
 * `coverage.samplesSeen`, shaded and named in the legend; `options.metric` names the y axis ({@link metricLabel}) and
 * `options.metricMax` (the engine's) clamps it to the metric's range ({@link metricAxis}).
 * @example
 * ```ts
 * // poolChartSpec(curves, markers, { min: 1e6, max: 1e11 }).series[2] → { key: "p3", name: "top 30%", … }
 * ```
 */
export function poolChartSpec(
  curves: PoolCurves,
  crossovers: readonly CrossoverMarker[],
  range: BudgetRange,
  lawStart = 0,
  options: { bands?: BandKind; coverage?: Interval | undefined; metric?: ModelMetric | undefined; metricMax?: number } = {},
): {
  series: Array<SeriesSpec & { bandKey: string | undefined }>;
  /** The band shaded (none when the curves hold no such band). */
  band: BandKind;
  xTicks: Tick[];
  y: LinearAxis;
  /** The y axis's label: `predicted <metric>`. */
  yLabel: string;
  legend: LegendEntry[];
  crossoverText: string;
} {
  const wanted = options.bands ?? "prediction";
  const band: BandKind = wanted === "prediction" && curves.bands.prediction ? "prediction" : wanted !== "none" && curves.bands.mean ? "mean" : "none";
  const series = curves.pools.map((pool, i) => ({
    key: `p${pool.k}`,
    name: pool.name,
    ...seriesStyle(i),
    bandKey: band === "prediction" ? `pred${pool.k}` : band === "mean" ? `band${pool.k}` : undefined,
  }));
  // The error axis is scaled to the law's range (budgets from normalizer / a): below it every pool, and the upper
  // bands of draws with a smaller a, shoot above 1 + d and would flatten everything else (they are clipped instead).
  const values: number[] = [];
  const shown = curves.rows.filter((row) => (row.samples as number) >= lawStart);
  for (const row of shown.length > 0 ? shown : curves.rows) {
    for (const s of series) {
      values.push(row[s.key] as number);
      if (s.bandKey) values.push(...(row[s.bandKey] as [number, number]));
    }
  }
  const legend: LegendEntry[] = [
    ...series.map((s) => withDash({ label: s.name, color: s.color }, s.dash)),
    { label: "best pool (envelope)", color: ENVELOPE_COLOR, width: ENVELOPE_WIDTH, opacity: ENVELOPE_OPACITY },
    ...(band !== "none" ? [{ label: bandLabel(band, curves.confidence), color: BAND_LEGEND_COLOR, width: ENVELOPE_WIDTH, opacity: BAND_OPACITY }] : []),
    ...(options.coverage !== undefined ? [{ label: coverageLabel(options.coverage), color: COVERAGE_COLOR, width: ENVELOPE_WIDTH, opacity: COVERAGE_OPACITY }] : []),
    { label: "your budget", color: BUDGET_COLOR, dash: "4 2" },
  ];
  return {
    series,
    band,
    xTicks: logTicks(range),
    y: metricAxis(values, options.metricMax),
    yLabel: `predicted ${metricLabel(options.metric)}`,
    legend,
    crossoverText: crossoverSentence(crossovers, curves.pools.length, curves.confidence),
  };
}

/**
 * The "difference to the best pool" chart: for every candidate its predicted error minus the best pool's at each
 * budget (`p_k − best`, 0 where it is the best), the view where the decision is made.
 *
 * @remarks The y axis runs from 0 to three times the largest runner-up margin over the budgets in the law's range (at
 * least 0.001, at most the largest difference): far from the decision a pool can be much worse, and those stretches
 * are clipped rather than flattening the near-ties. Rows are the curves' budgets; a pool's key is `d<k>`.
 * @example
 * ```ts
 * // the paper model over 10M–100B
 * const d = differenceChartSpec(advisor.curves({ min: 1e7, max: 1e11 }, 60), { min: 1e7, max: 1e11 }, advisor.lawStart);
 * d.rows[0].d1; // 0 (top 10% is best at 10M)
 * d.y;          // { min: 0, max: 0.08, ticks: [0, 0.02, 0.04, 0.06, 0.08], decimals: 2 }
 * d.yLabel;     // "difference to the best pool"
 * ```
 */
export function differenceChartSpec(
  curves: PoolCurves,
  range: BudgetRange,
  lawStart = 0,
): { rows: Array<Record<string, number>>; series: SeriesSpec[]; xTicks: Tick[]; y: LinearAxis; yLabel: string; legend: LegendEntry[] } {
  const series = curves.pools.map((pool, i) => ({ key: `d${pool.k}`, name: pool.name, ...seriesStyle(i) }));
  const rows = curves.rows.map((row) => {
    const out: Record<string, number> = { samples: row.samples as number };
    const best = row.best as number;
    for (const pool of curves.pools) out[`d${pool.k}`] = Math.max(0, (row[`p${pool.k}`] as number) - best);
    return out;
  });
  let runnerUp = 0;
  let largest = 0;
  const shown = rows.filter((r) => r.samples! >= lawStart);
  for (const row of shown.length > 0 ? shown : rows) {
    let first = Infinity;
    let second = Infinity;
    for (const s of series) {
      const d = row[s.key]!;
      if (!Number.isFinite(d)) continue;
      largest = Math.max(largest, d);
      if (d < first) {
        second = first;
        first = d;
      } else if (d < second) second = d;
    }
    if (Number.isFinite(second)) runnerUp = Math.max(runnerUp, second);
  }
  const cap = Math.max(1e-3, Math.min(largest, 3 * runnerUp));
  return {
    rows,
    series,
    xTicks: logTicks(range),
    y: niceAxis([0, cap], 5),
    yLabel: "difference to the best pool",
    legend: [...series.map((s) => withDash({ label: s.name, color: s.color }, s.dash)), { label: "your budget", color: BUDGET_COLOR, dash: "4 2" }],
  };
}

/** Fill opacity of a pool's band. */
export const BAND_OPACITY = 0.14;

/**
 * The crossovers in words, for the chart's caption and screen readers, with their spread over the bootstrap draws
 * when the engine gave one.
 *
 * @example
 * ```ts
 * crossoverSentence(markers, 4); // "The best pool changes at 49.3M: top 10% → top 20%; 440M: top 20% → top 30%."
 * // with intervals: "… at 48.7M: top 10% → top 20% (95% bootstrap interval 44.8M–52.3M, in 100% of draws); …"
 * ```
 */
export function crossoverSentence(crossovers: readonly CrossoverMarker[], pools: number, confidence = 0.95): string {
  if (pools < 2) return "With a single bucket there is nothing to choose between.";
  if (crossovers.length === 0) return "The same pool is best over the whole range shown.";
  const level = `${Math.round(confidence * 100)}%`;
  const spread = (c: CrossoverMarker) =>
    c.interval !== undefined && c.probability !== undefined
      ? ` (${level} bootstrap interval ${formatSamples(c.interval.low)}–${formatSamples(c.interval.high)}, in ${formatProbability(c.probability)} of draws)`
      : c.probability !== undefined
        ? ` (in ${formatProbability(c.probability)} of draws)`
        : "";
  return `The best pool changes at ${crossovers.map((c) => `${c.text}${spread(c)}`).join("; ")}.`;
}

/**
 * The utility chart: a series per bucket (`u1` … `uP`) named by label.
 *
 * @example
 * ```ts
 * utilityChartSpec(tmars).series[0]; // { key: "u1", name: "top 0–10%", color: "#0072B2", dash: undefined }
 * utilityChartSpec(tmars).y.ticks;   // [-0.2, -0.15, -0.1, -0.05, 0]
 * ```
 */
export function utilityChartSpec(model: ModelFileV1): { series: SeriesSpec[]; legend: LegendEntry[]; y: LinearAxis } {
  const series = model.buckets.map((b, i) => ({ key: `u${i + 1}`, name: b.label ?? b.id, ...seriesStyle(i) }));
  // Utility starts at b (< 0) and decays towards 0.
  const y = niceAxis([0, ...model.buckets.map((b) => b.b)]);
  return { series, legend: series.map((s) => withDash({ label: s.name, color: s.color }, s.dash)), y };
}

/**
 * The observation and residual charts: a series per observed pool, axes, legend, and a summary line.
 *
 * @example
 * ```ts
 * // observationChartSpec(view).summary → "20 runs of 4 pools; residual RMSE 0.0041, largest 0.0098."
 * ```
 */
export function observationChartSpec(view: ObservationView): {
  series: SeriesSpec[];
  xTicks: Tick[];
  xRange: BudgetRange;
  y: LinearAxis;
  residual: LinearAxis;
  legend: LegendEntry[];
  summary: string;
} {
  const series = view.series.map((s, i) => ({ key: s.key, name: s.label, ...seriesStyle(i) }));
  let lo = Infinity;
  let hi = -Infinity;
  const ys: number[] = [];
  let maxAbs = 0;
  for (const s of view.series) {
    for (const c of s.curve) {
      lo = Math.min(lo, c.samplesSeen);
      hi = Math.max(hi, c.samplesSeen);
      ys.push(c.predicted);
    }
    for (const p of s.points) {
      ys.push(p.observed);
      maxAbs = Math.max(maxAbs, Math.abs(p.residual));
    }
  }
  const xRange = lo < hi ? { min: lo, max: hi } : { min: 1e6, max: 1e9 };
  const r = maxAbs > 0 ? maxAbs * 1.15 : 0.01;
  const runs = view.series.reduce((n, s) => n + s.points.length, 0);
  const skipped = view.skipped.length > 0 ? ` ${view.skipped.length} row(s) could not be used.` : "";
  const summary =
    runs === 0
      ? `No training runs to show.${skipped}`
      : `${runs} run${runs === 1 ? "" : "s"} of ${series.length} pool${series.length === 1 ? "" : "s"}; residual RMSE ${view.rmse!.toFixed(4)}, largest ${view.maxAbsResidual!.toFixed(4)}.${skipped}`;
  return {
    series,
    xTicks: logTicks(xRange),
    xRange,
    y: niceAxis(ys),
    residual: niceAxis([-r, r], 4),
    legend: series.map((s) => withDash({ label: s.name, color: s.color }, s.dash)),
    summary,
  };
}

/**
 * Label of the chosen-budget line.
 *
 * @example
 * ```ts
 * budgetLabel(640e6); // "budget 640M"
 * ```
 */
export function budgetLabel(budget: number): string {
  return `budget ${formatSamples(budget)}`;
}

/** Room the budget label needs on the left of its line, in pixels. */
const BUDGET_LABEL_ROOM = 90;

/**
 * Which side of the budget line its label goes: left of the line (`"end"`) unless that would leave the plot.
 *
 * @example
 * ```ts
 * budgetLabelAnchor(400, { x: 70, width: 800 }); // "end"
 * budgetLabelAnchor(100, { x: 70, width: 800 }); // "start"
 * ```
 */
export function budgetLabelAnchor(x: number, plot: { x: number; width: number }): "start" | "end" {
  return x - plot.x < BUDGET_LABEL_ROOM ? "start" : "end";
}

function withDash(entry: LegendEntry, dash: string | undefined): LegendEntry {
  return dash === undefined ? entry : { ...entry, dash };
}
