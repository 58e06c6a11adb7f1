import { poolModel } from "@qqt/core";
import type { Problem } from "./AdvisorError";
import type { ModelFileV1 } from "./modelFile";
import { logSpace } from "./scale";

/**
 * One training run's evaluation: the pool trained on (bucket ids), samples seen and the measured error — the
 * shared `Observation` contract of @qqt/data and @qqt/fit.
 *
 * @example
 * ```ts
 * const o: Observation = { pool: ["top0-10"], samplesSeen: 25.6e6, error: 0.836 };
 * ```
 */
export interface Observation {
  pool: string[];
  samplesSeen: number;
  error: number;
  weight?: number;
}

/** One observation next to the model's prediction. */
export interface ObservedPoint {
  samplesSeen: number;
  observed: number;
  predicted: number;
  /** `observed − predicted`. */
  residual: number;
  /** Index of the observation in the input, so a point can be traced back to its row. */
  index: number;
}

/**
 * The observations of one pool with the model's fitted curve through their range.
 *
 * @example
 * ```ts
 * // { key: "top0-10", label: "top 0–10%", points: [...], curve: [{ samplesSeen: 2.56e7, predicted: 0.836 }, ...] }
 * ```
 */
export interface ObservationSeries {
  /** Bucket ids of the pool joined by `+`, in model order. */
  key: string;
  label: string;
  points: ObservedPoint[];
  curve: Array<{ samplesSeen: number; predicted: number }>;
}

/**
 * Observations grouped by pool, with predictions, residuals and the rows that could not be used (never dropped
 * silently).
 *
 * @example
 * ```ts
 * // { series: [...], skipped: [{ path: "observations[3].pool[0]", message: "unknown bucket \"top90-100\"; ..." }], rmse: 0.004 }
 * ```
 */
export interface ObservationView {
  series: ObservationSeries[];
  skipped: Problem[];
  /** Root-mean-square residual over the used observations, or undefined when none were used. */
  rmse: number | undefined;
  /** Largest absolute residual, or undefined when none were used. */
  maxAbsResidual: number | undefined;
}

/** Points of each fitted curve drawn through the observed range. */
const CURVE_POINTS = 60;
/** The fitted curve extends this factor beyond the observed budgets on each side (log scale). */
const CURVE_MARGIN = 1.25;

/**
 * Prepares observations for the observations-and-fitted-curves chart: groups them by pool, predicts each with the
 * model (paper Eq. 3 / Theorem 1 through `@qqt/core`) and computes residuals.
 *
 * @remarks A pool is the set of its bucket ids, so `["b", "a"]` and `["a", "b"]` are one series, listed in model
 * order. Rows naming an unknown bucket, or with a non-finite or negative budget or error, are reported in
 * `skipped` with their index and reason. Series come out in the model's bucket order (single buckets first).
 * @example
 * ```ts
 * const view = prepareObservations(model, [{ pool: ["top0-10"], samplesSeen: 32e6, error: 0.82 }]);
 * view.series[0].points[0].residual; // 0.82 − 0.811987… = 0.008013…
 * ```
 */
export function prepareObservations(model: ModelFileV1, observations: readonly Observation[]): ObservationView {
  const order = new Map(model.buckets.map((b, i) => [b.id, i]));
  const skipped: Problem[] = [];
  const groups = new Map<string, { ids: string[]; rows: Array<{ o: Observation; index: number }> }>();
  observations.forEach((o, index) => {
    const path = `observations[${index}]`;
    const problem = checkObservation(o, order, path);
    if (problem) {
      skipped.push(problem);
      return;
    }
    const ids = [...new Set(o.pool)].sort((x, y) => order.get(x)! - order.get(y)!);
    const key = ids.join("+");
    const group = groups.get(key) ?? { ids, rows: [] };
    group.rows.push({ o, index });
    groups.set(key, group);
  });

  const byId = new Map(model.buckets.map((b) => [b.id, b]));
  const series: ObservationSeries[] = [];
  let sumSquares = 0;
  let count = 0;
  let maxAbs = 0;
  const sortedGroups = [...groups.entries()].sort(
    ([, x], [, y]) => x.ids.length - y.ids.length || order.get(x.ids[0]!)! - order.get(y.ids[0]!)!,
  );
  for (const [key, group] of sortedGroups) {
    const pool = poolModel(
      group.ids.map((id) => byId.get(id)!),
      model.task,
      model.law,
    );
    const points = group.rows
      .map(({ o, index }) => {
        const predicted = pool.errorAt(o.samplesSeen);
        const residual = o.error - predicted;
        sumSquares += residual * residual;
        count++;
        maxAbs = Math.max(maxAbs, Math.abs(residual));
        return { samplesSeen: o.samplesSeen, observed: o.error, predicted, residual, index };
      })
      .sort((p, q) => p.samplesSeen - q.samplesSeen);
    const lo = points[0]!.samplesSeen;
    const hi = points[points.length - 1]!.samplesSeen;
    const range = { min: lo / CURVE_MARGIN, max: Math.max(hi * CURVE_MARGIN, lo * CURVE_MARGIN * CURVE_MARGIN) };
    const budgets = logSpace(range, CURVE_POINTS);
    const errors = pool.curve(budgets);
    const curve = Array.from(budgets, (samplesSeen, i) => ({ samplesSeen, predicted: errors[i]! }));
    const label = group.ids.map((id) => byId.get(id)!.label ?? id).join(" + ");
    series.push({ key, label, points, curve });
  }
  return {
    series,
    skipped,
    rmse: count === 0 ? undefined : Math.sqrt(sumSquares / count),
    maxAbsResidual: count === 0 ? undefined : maxAbs,
  };
}

function checkObservation(o: Observation, order: Map<string, number>, path: string): Problem | undefined {
  if (o === null || typeof o !== "object") return { path, message: "got a non-object; expected { pool, samplesSeen, error }" };
  if (!Array.isArray(o.pool) || o.pool.length === 0) return { path: `${path}.pool`, message: "expected a non-empty array of bucket ids" };
  for (let i = 0; i < o.pool.length; i++) {
    const id = o.pool[i];
    if (typeof id !== "string" || !order.has(id)) {
      return {
        path: `${path}.pool[${i}]`,
        message: `unknown bucket ${JSON.stringify(id)}; expected one of the model's buckets (${[...order.keys()].join(", ")})`,
      };
    }
  }
  if (typeof o.samplesSeen !== "number" || !Number.isFinite(o.samplesSeen) || o.samplesSeen <= 0) {
    return { path: `${path}.samplesSeen`, message: `got ${String(o.samplesSeen)}; expected a finite number of samples seen > 0` };
  }
  if (typeof o.error !== "number" || !Number.isFinite(o.error) || o.error < 0) {
    return { path: `${path}.error`, message: `got ${String(o.error)}; expected a finite error >= 0` };
  }
  return undefined;
}
