import { CoreError } from "./CoreError.js";
import { poolModel, type PoolModel } from "./poolModel.js";
import { checkPool } from "./validate.js";
import type { CandidatePool, Law, TaskParams } from "./types.js";

/** Checks candidate pools and compiles each into a {@link PoolModel} (internal to the recommenders). */
export function compileCandidates(
  candidates: readonly CandidatePool[],
  task: TaskParams,
  law: Law | undefined,
): PoolModel[] {
  if (!Array.isArray(candidates) || candidates.length === 0) {
    throw new CoreError("EMPTY_POOL", "candidates", candidates, "at least one candidate pool");
  }
  return candidates.map((candidate, i) => {
    if (candidate === null || typeof candidate !== "object") {
      throw new CoreError("INVALID_ARGUMENT", `candidates[${i}]`, candidate, "an object { id?, buckets }");
    }
    checkPool(candidate.buckets, `candidates[${i}].buckets`);
    return poolModel(candidate.buckets, task, law);
  });
}
