import { compileCandidates } from "./compileCandidates.js";
import { CoreError } from "./CoreError.js";
import { isBetter } from "./isBetter.js";
import type { PoolModel } from "./poolModel.js";
import type { CandidatePool, Crossover, Law, TaskParams } from "./types.js";

/**
 * Where to search for crossovers in {@link findCrossovers}.
 *
 * @example
 * ```ts
 * const range: CrossoverRange = { min: 1e7, max: 1e10 }; // 10M to 10B samples seen
 * ```
 */
export interface CrossoverRange {
  /** Smallest budget (samples seen, > 0). */
  min: number;
  /** Largest budget (> min). */
  max: number;
  /** Scan density before refinement (default 64 points per decade); a best pool held for a shorter span can be missed. */
  pointsPerDecade?: number;
  /** Relative width at which a bisection stops (default 1e-12). */
  relativeTolerance?: number;
}

const DEFAULT_POINTS_PER_DECADE = 64;
const DEFAULT_RELATIVE_TOLERANCE = 1e-12;
const MAX_BISECTIONS = 200;
/** Changes of the best pool closer than this (relative) are one crossover through a multi-way tie. */
const MERGE_DISTANCE = 1e-9;

/**
 * Budgets at which the best candidate pool changes, found by scanning then bisecting to machine precision.
 *
 * @remarks The error of every pool is continuous in the budget, so where the best pool changes from `A` to `B`,
 * `y_A(n) = y_B(n)`. A geometric scan brackets each change and bisection in the budget narrows it to
 * `relativeTolerance`. For nested pools pass {@link nestedPools}: `from`/`to` are then `k − 1`.
 * With the paper's T-MARS parameters the crossovers are near 50M (top 10% → 20%) and 440M (20% → 30%).
 * @example
 * ```ts
 * findCrossovers(nestedPools(tmarsBuckets), { a: 0.022, d: 0.1 }, { min: 1e7, max: 1e10 }, { variant: "reference" })
 *   .map((c) => [c.from, c.to]); // [[0, 1], [1, 2], …]
 * ```
 */
export function findCrossovers(
  candidates: readonly CandidatePool[],
  task: TaskParams,
  range: CrossoverRange,
  law?: Law,
): Crossover[] {
  const models = compileCandidates(candidates, task, law);
  const { min, max } = checkRange(range);
  const perDecade = range.pointsPerDecade ?? DEFAULT_POINTS_PER_DECADE;
  if (!Number.isFinite(perDecade) || perDecade < 1) {
    throw new CoreError("INVALID_ARGUMENT", "range.pointsPerDecade", perDecade, "a finite number >= 1");
  }
  const tolerance = range.relativeTolerance ?? DEFAULT_RELATIVE_TOLERANCE;
  if (!Number.isFinite(tolerance) || tolerance <= 0 || tolerance >= 1) {
    throw new CoreError("INVALID_ARGUMENT", "range.relativeTolerance", tolerance, "a number between 0 and 1");
  }

  return crossoversOf(models, min, max, perDecade, tolerance);
}

/** Scans and bisects compiled candidates (internal; shared with the advice engine, which compiles once). */
export function crossoversOf(
  models: readonly PoolModel[],
  min: number,
  max: number,
  perDecade = DEFAULT_POINTS_PER_DECADE,
  tolerance = DEFAULT_RELATIVE_TOLERANCE,
): Crossover[] {
  const steps = Math.max(1, Math.ceil(Math.log10(max / min) * perDecade));
  const ratio = Math.log(max / min) / steps;
  const crossovers: Crossover[] = [];
  let lo = min;
  let bestLo = bestAt(models, lo);
  for (let s = 1; s <= steps; s++) {
    const hi = s === steps ? max : min * Math.exp(ratio * s);
    const bestHi = bestAt(models, hi);
    // Several changes may hide inside one step: refine one at a time, from the left.
    while (bestLo !== bestHi) {
      let left = lo;
      let right = hi;
      for (let it = 0; it < MAX_BISECTIONS && right - left > tolerance * right; it++) {
        const mid = left + (right - left) / 2;
        if (bestAt(models, mid) === bestLo) left = mid;
        else right = mid;
      }
      const to = bestAt(models, right);
      const budget = left + (right - left) / 2;
      const previous = crossovers[crossovers.length - 1];
      if (previous && previous.to === bestLo && budget - previous.budget <= MERGE_DISTANCE * budget) {
        // Several pools tie at one budget (e.g. all pools at a·n/N = 1): report one change, not a cascade.
        previous.to = to;
        if (previous.from === to) crossovers.pop();
      } else {
        crossovers.push({ budget, from: bestLo, to, error: (models[bestLo] as PoolModel).errorAt(budget) });
      }
      lo = right;
      bestLo = to;
    }
    lo = hi;
    bestLo = bestHi;
  }
  return crossovers;
}

function bestAt(models: readonly PoolModel[], n: number): number {
  let best = 0;
  let bestError = (models[0] as PoolModel).errorAt(n);
  for (let i = 1; i < models.length; i++) {
    const error = (models[i] as PoolModel).errorAt(n);
    if (isBetter(error, bestError)) {
      best = i;
      bestError = error;
    }
  }
  return best;
}

function checkRange(range: CrossoverRange): { min: number; max: number } {
  if (range === null || typeof range !== "object") {
    throw new CoreError("INVALID_ARGUMENT", "range", range, "an object { min, max }");
  }
  const { min, max } = range;
  if (!Number.isFinite(min) || min <= 0) {
    throw new CoreError("INVALID_SAMPLES", "range.min", min, "a finite budget > 0");
  }
  if (!Number.isFinite(max) || max <= min) {
    throw new CoreError("INVALID_SAMPLES", "range.max", max, `a finite budget > range.min (${min})`);
  }
  return { min, max };
}
