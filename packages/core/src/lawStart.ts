import { CoreError } from "./CoreError.js";
import { checkTask } from "./validate.js";
import type { TaskParams } from "./types.js";

/**
 * Where the law's range starts: `normalizer / a` samples seen.
 *
 * @remarks There `a·n/normalizer = 1`, so every pool predicts `1 + d` (paper variant) whatever its `b`; below it
 * the first factor `(a·n/normalizer)^b` exceeds 1 and the power law ranks pools backwards (the worst bucket
 * "wins"). Budgets below it are flagged by the {@link adviceEngine} and crossovers are searched from it on.
 * @example
 * ```ts
 * lawStart({ a: 0.022, d: 0.1 }); // 4545454.545… (1e5 / 0.022)
 * ```
 */
export function lawStart(task: TaskParams): number {
  const start = checkTask(task) / task.a;
  if (start === Infinity) {
    throw new CoreError("NOT_FINITE", "task.a", task.a, "the law's start, normalizer / a samples seen, exceeds the largest double");
  }
  return start;
}
