import { compileCandidates } from "./compileCandidates.js";
import { checkSamplesSeen } from "./validate.js";
import { CoreError } from "./CoreError.js";
import { rankErrors } from "./isBetter.js";
import type { CandidatePool, Law, PoolRecommendation, TaskParams } from "./types.js";
import type { PoolModel } from "./poolModel.js";

/**
 * The best of any list of candidate pools at each budget.
 *
 * @remarks Each candidate's error is {@link predictError} of its buckets; the best is the lowest (ties go to the
 * earlier candidate). Candidates need not be nested: e.g. compare "top 10%" with "top 10% + 30–40%".
 * @example
 * ```ts
 * recommendPools([{ buckets: [top10] }, { buckets: [top10, top10to20] }], { a: 0.022, d: 0.1 }, [32e6, 64e6],
 *   { variant: "reference" }).map((r) => r.best); // [0, 1]
 * ```
 */
export function recommendPools(
  candidates: readonly CandidatePool[],
  task: TaskParams,
  budgets: readonly number[],
  law?: Law,
): PoolRecommendation[] {
  const models = compileCandidates(candidates, task, law);
  return recommendWith(models, budgets);
}

/** Ranks compiled candidates at each budget (internal; shared with {@link recommend}). */
export function recommendWith(models: readonly PoolModel[], budgets: readonly number[]): PoolRecommendation[] {
  if (!Array.isArray(budgets)) {
    throw new CoreError("INVALID_ARGUMENT", "budgets", budgets, "an array of samples-seen budgets");
  }
  return budgets.map((budget, j) => {
    checkSamplesSeen(budget, `budgets[${j}]`);
    const errors = models.map((model) => model.errorAt(budget));
    const { best, runnerUp } = rankErrors(errors);
    const margin = runnerUp === undefined ? undefined : (errors[runnerUp] as number) - (errors[best] as number);
    return { budget, best, errors, runnerUp, margin };
  });
}
