import { adviceEngine, poolName, type Interval, type ModelFitWarning, type UncertaintyStatus } from "@qqt/core";
import type { Study } from "@qqt/data";
import type { HoldoutOptions, HoldoutResult } from "@qqt/fit";
import { AdvisorError, type Result } from "./AdvisorError";
import { parseBudget } from "./budget";
import { describeSettings, fitOptionsOf, type FitSettings } from "./fitSettings";
import { formatSamples, roundSignificant } from "./format";

// The holdout view: fit on the smaller budgets of the study shown, compare the predictions with the larger runs.
// @qqt/fit's `holdout` does the work (in the worker, lib/workerJobs.ts), with the advice engine's prediction interval
// per held-out run; this module chooses a default split for the form, reads the form, and turns the result into
// plain data for the page.

/**
 * Where to split a study's runs: those at or below `until` are fitted, the others predicted.
 *
 * @example
 * ```ts
 * const split: HoldoutSplit = { by: "passes", until: 6 }; // fit up to 6 passes over a run's pool, predict 8 and 10
 * ```
 */
export interface HoldoutSplit {
  /** `samplesSeen`: by the run's samples seen; `passes`: by its passes over its pool (epochs). */
  by: "samplesSeen" | "passes";
  /** The limit (> 0): samples seen, or passes. */
  until: number;
}

/**
 * One held-out run, as the page shows it.
 *
 * @example
 * ```ts
 * // { index: 4, pool: ["top0-10"], name: "top 10%", samplesSeen: 153.6e6, passes: 12, observed: 0.7186, predicted: 0.7172,
 * //   interval: { low: 0.7131, high: 0.7213 }, covered: true, extrapolationFactor: 1.2 }
 * ```
 */
export interface HoldoutRow {
  /** Index of the run in the study. */
  index: number;
  pool: string[];
  /** @qqt/core's name of the pool. */
  name: string;
  samplesSeen: number;
  passes: number;
  observed: number;
  predicted: number;
  /** `predicted − observed`. */
  difference: number;
  /** Prediction interval of this run's error from the early fit (with a bootstrap of an estimable fit). */
  interval?: Interval;
  /** Whether the interval holds the observed error. */
  covered?: boolean;
  /** How far the run is beyond the fitted ones (the advice engine's factor). */
  extrapolationFactor?: number;
}

/**
 * A holdout's result as plain data (structured-clone safe: it crosses from the worker).
 *
 * @example
 * ```ts
 * // { split: { by: "samplesSeen", until: 1.4e8 }, fitted: 27, heldOut: 5, rows: [...], summary: { meanAbsoluteError: 0.0012, …,
 * //   coverage: { covered: 5, count: 5, fraction: 1, confidence: 0.95 } }, uncertainty: { kind: "estimated", … }, warnings: [] }
 * ```
 */
export interface HoldoutView {
  split: HoldoutSplit;
  /** Runs fitted (at or below the split). */
  fitted: number;
  /** Runs predicted. */
  heldOut: number;
  /** The settings of the early fit, in words. */
  settings: string;
  rows: HoldoutRow[];
  summary: {
    meanAbsoluteError: number;
    maxAbsoluteError: number;
    rootMeanSquaredError: number;
    /** How many held-out runs their prediction interval holds (absent without intervals). */
    coverage?: { covered: number; count: number; fraction: number; confidence: number };
  };
  /** The advice engine's uncertainty status of the early fit: why there are no intervals, when there are none. */
  uncertainty: UncertaintyStatus;
  /** The early fit's warnings. */
  warnings: ModelFitWarning[];
}

/** Share of a study's distinct budgets (or pass counts) the default split fits on. */
const DEFAULT_FIT_SHARE = 0.6;

/**
 * The split the holdout form starts with: fit on about the smaller 60% of the study's distinct budgets (by samples
 * seen: the geometric middle between the last fitted and the first held-out budget; by passes: the arithmetic
 * middle), or undefined when the runs have fewer than two distinct values to split between.
 *
 * @example
 * ```ts
 * defaultHoldoutSplit(datacompSynthetic, "samplesSeen"); // { by: "samplesSeen", until: 1.4e8 }  (fit ≤ 128M, predict 153.6M …)
 * defaultHoldoutSplit(datacompSynthetic, "passes");      // { by: "passes", until: 7 }          (fit ≤ 6 passes, predict 8 and 10)
 * ```
 */
export function defaultHoldoutSplit(study: Pick<Study, "buckets" | "observations">, by: HoldoutSplit["by"]): HoldoutSplit | undefined {
  const values = [...new Set(study.observations.map((o) => (by === "samplesSeen" ? o.samplesSeen : passesOf(study, o.pool, o.samplesSeen))))]
    .filter((x) => Number.isFinite(x) && x > 0)
    .sort((x, y) => x - y);
  if (values.length < 2) return undefined;
  const last = Math.min(Math.max(Math.ceil(DEFAULT_FIT_SHARE * values.length) - 1, 0), values.length - 2);
  const lo = values[last]!;
  const hi = values[last + 1]!;
  const middle = by === "samplesSeen" ? Math.sqrt(lo * hi) : (lo + hi) / 2;
  const until = roundSignificant(middle, 3);
  // Rounding must not move the split onto a run.
  return { by, until: until > lo && until < hi ? until : middle };
}

/** Passes a run made over its pool: samples seen over the pool's unique samples. */
function passesOf(study: Pick<Study, "buckets">, pool: readonly string[], samplesSeen: number): number {
  const sizes = new Map(study.buckets.map((b) => [b.id, b.size]));
  return samplesSeen / pool.reduce((s, id) => s + (sizes.get(id) ?? NaN), 0);
}

/**
 * The split's limit as the form shows it: a budget (`140M`) or a number of passes (`7`).
 *
 * @example
 * ```ts
 * splitText({ by: "samplesSeen", until: 1.4e8 }); // "140M"
 * ```
 */
export function splitText(split: HoldoutSplit): string {
  return split.by === "samplesSeen" ? formatSamples(split.until, 4) : String(split.until);
}

/**
 * Reads the holdout form's limit: a budget in the one budget grammar, or a number of passes > 0.
 *
 * @example
 * ```ts
 * parseSplit("samplesSeen", "64M"); // ok, { by: "samplesSeen", until: 6.4e7 }
 * parseSplit("passes", "0");        // not ok: "Passes: enter a number of passes > 0, e.g. 6 (got "0")."
 * ```
 */
export function parseSplit(by: HoldoutSplit["by"], text: string): Result<HoldoutSplit> {
  if (by === "samplesSeen") {
    const r = parseBudget(text);
    return r.ok ? { ok: true, value: { by, until: r.value.samples } } : r;
  }
  const t = text.trim();
  const x = /^(\d+\.?\d*|\.\d+)$/.test(t) ? Number(t) : NaN;
  if (!(x > 0) || !Number.isFinite(x)) return { ok: false, error: new AdvisorError("INVALID_INPUT", `Passes: enter a number of passes > 0, e.g. 6 (got ${JSON.stringify(t)}).`) };
  return { ok: true, value: { by, until: x } };
}

/**
 * The @qqt/fit `holdout` options of a split with the model's fit settings and `refits` bootstrap refits (0: point
 * predictions only, no intervals).
 *
 * @example
 * ```ts
 * holdoutOptionsOf(DEFAULT_FIT_SETTINGS, { by: "passes", until: 6 }, 200);
 * // { law: { formulation: "utility", variant: "paper" }, seed: 0, loss: "sse", fitUntilPasses: 6,
 * //   bootstrap: { samples: 200, method: "residuals", confidence: 0.95 } }
 * ```
 */
export function holdoutOptionsOf(settings: FitSettings, split: HoldoutSplit, refits: number): HoldoutOptions {
  const { fit } = fitOptionsOf(settings);
  return {
    ...fit,
    ...(split.by === "samplesSeen" ? { fitUntil: split.until } : { fitUntilPasses: split.until }),
    ...(refits >= 2 ? { bootstrap: { samples: refits, method: settings.bootstrapMethod, confidence: settings.confidence } } : {}),
  };
}

/**
 * @qqt/fit's holdout result as the page's {@link HoldoutView}, with the pools named by @qqt/core.
 *
 * @example
 * ```ts
 * holdoutView(await holdout(study, options), study, settings).summary.coverage?.fraction; // 0.92
 * ```
 */
export function holdoutView(result: HoldoutResult, study: Pick<Study, "buckets">, settings: FitSettings): HoldoutView {
  const { coverage } = result.summary;
  return {
    split: { by: result.split.by, until: result.split.until },
    fitted: result.fitted.length,
    heldOut: result.predictions.length,
    settings: describeSettings(settings),
    rows: result.predictions.map((p) => ({
      index: p.index,
      pool: [...p.pool],
      name: poolName(p.pool, study.buckets),
      samplesSeen: p.samplesSeen,
      passes: p.passes,
      observed: p.observed,
      predicted: p.predicted,
      difference: p.predicted - p.observed,
      ...(p.interval !== undefined ? { interval: { low: p.interval.low, high: p.interval.high } } : {}),
      ...(p.covered !== undefined ? { covered: p.covered } : {}),
      ...(p.extrapolation !== undefined ? { extrapolationFactor: p.extrapolation.factor } : {}),
    })),
    summary: {
      meanAbsoluteError: result.summary.meanAbsoluteError,
      maxAbsoluteError: result.summary.maxAbsoluteError,
      rootMeanSquaredError: result.summary.rootMeanSquaredError,
      ...(coverage !== undefined ? { coverage: { ...coverage } } : {}),
    },
    uncertainty: structuredClone(adviceEngine(result.model).uncertainty),
    warnings: result.fit.warnings.map((w) => ({ code: w.code, message: w.message })),
  };
}
