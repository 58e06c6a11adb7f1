import {
  DEFAULT_HUBER_DELTA,
  DEFAULT_MAX_ITERATIONS,
  DEFAULT_STARTS,
  DEFAULT_TOLERANCE,
  FIT_DEFAULT_NORMALIZER,
} from "./constants.js";
import { FitError, show } from "./FitError.js";
import type { FitOptions, LossName } from "./types.js";

// Internal: validated scalar options of fit.

export interface Settings {
  seed: number;
  loss: LossName;
  huberDelta: number;
  normalizer: number;
  starts: number;
  maxIterations: number;
  tolerance: number;
  globalStage: "auto" | "reference-grid" | "none";
  strict: boolean;
}

function positiveInteger(value: unknown, fallback: number, path: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
    throw new FitError("INVALID_OPTION", path, `expected an integer >= 1, got ${show(value)}.`);
  }
  return value;
}

/** Checks a seed: an integer in [0, 2^32). */
export function checkSeed(value: unknown, path = "options.seed"): number {
  if (value === undefined) return 0;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value >= 2 ** 32) {
    throw new FitError("INVALID_OPTION", path, `expected an integer in [0, 2^32), got ${show(value)}.`);
  }
  return value;
}

export function resolveSettings(options: FitOptions | undefined): Settings {
  if (options !== undefined && (options === null || typeof options !== "object")) {
    throw new FitError("INVALID_OPTION", "options", `expected an object, got ${show(options)}.`);
  }
  const o = options ?? {};
  const loss = o.loss === undefined ? "sse" : o.loss;
  if (loss !== "sse" && loss !== "huber-log") {
    throw new FitError("INVALID_OPTION", "options.loss", `expected "sse" or "huber-log", got ${show(o.loss)}.`);
  }
  const huberDelta = o.huberDelta === undefined ? DEFAULT_HUBER_DELTA : o.huberDelta;
  if (typeof huberDelta !== "number" || !Number.isFinite(huberDelta) || huberDelta <= 0) {
    throw new FitError("INVALID_OPTION", "options.huberDelta", `expected a finite number > 0 (log-error units), got ${show(o.huberDelta)}.`);
  }
  const normalizer = o.normalizer === undefined ? FIT_DEFAULT_NORMALIZER : o.normalizer;
  if (typeof normalizer !== "number" || !Number.isFinite(normalizer) || normalizer <= 0) {
    throw new FitError("INVALID_OPTION", "options.normalizer", `expected a finite number > 0 (default 1e5), got ${show(o.normalizer)}.`);
  }
  const tolerance = o.tolerance === undefined ? DEFAULT_TOLERANCE : o.tolerance;
  if (typeof tolerance !== "number" || !(tolerance > 0 && tolerance < 1)) {
    throw new FitError("INVALID_OPTION", "options.tolerance", `expected a relative tolerance in (0, 1), got ${show(o.tolerance)}.`);
  }
  const globalStage = o.globalStage === undefined ? "auto" : o.globalStage;
  if (globalStage !== "auto" && globalStage !== "reference-grid" && globalStage !== "none") {
    throw new FitError("INVALID_OPTION", "options.globalStage", `expected "auto", "reference-grid" or "none", got ${show(o.globalStage)}.`);
  }
  if (globalStage === "none" && o.initial === undefined) {
    throw new FitError("INVALID_OPTION", "options.initial", 'globalStage "none" needs starting values in options.initial.');
  }
  if (o.strict !== undefined && typeof o.strict !== "boolean") {
    throw new FitError("INVALID_OPTION", "options.strict", `expected a boolean, got ${show(o.strict)}.`);
  }
  return {
    seed: checkSeed(o.seed),
    loss,
    huberDelta,
    normalizer,
    starts: positiveInteger(o.starts, DEFAULT_STARTS, "options.starts"),
    maxIterations: positiveInteger(o.maxIterations, DEFAULT_MAX_ITERATIONS, "options.maxIterations"),
    tolerance,
    globalStage,
    strict: o.strict === undefined ? false : o.strict,
  };
}
