import { floorPasses } from "./epochsCompleted.js";
import { logAddExp, logFirstPass } from "./logSpace.js";
import { poolModel, poolModelForOneBudget } from "./poolModel.js";
import { resolveLaw } from "./resolveLaw.js";
import { repetitionSum } from "./utilitySeries.js";
import { checkPool, checkSamplesSeen, checkTask } from "./validate.js";
import type { Bucket, Law, TaskParams } from "./types.js";
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- for the TSDoc links
import type { CoreError } from "./CoreError.js";
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- for the TSDoc links
import type { LAW_DOMAIN } from "./constants.js";

/**
 * Predicted error of a model trained for `samplesSeen` samples on a pool of one or more buckets.
 *
 * @remarks Paper Eq. 3 for one bucket and Theorem 1 (Eq. 4) for a mixture:
 * `y = (a·min(n,S)/N)^{b_eff(0)} · Π_{e=1..K} (min((e+1)S, n) / (eS))^{b_eff(e)} + d` with `S = Σ S_i`,
 * `K = floor(n/S)`, `b_eff(e) = Σ_i (S_i/S)·b_i·(1/2)^{e·S_i/(S·tau_i)}`. Variant `reference` puts `d` inside the
 * product (official `func_effective_utility`); formulation `effective-data` follows `func_effective_data`.
 * Unequal bucket sizes use the size-weighted extension of Theorem 1 (`docs/unequal-bucket-sizes.md`).
 * At `n = 0` the `paper` variant diverges and throws a `NOT_FINITE` {@link CoreError}; `reference` returns `d`, as
 * the official code does. Where the exact value exceeds the largest double (parameters far outside any fit) it
 * throws `NOT_FINITE` too: it never returns NaN or Infinity. Arguments outside {@link LAW_DOMAIN} are refused.
 * One call costs O(buckets) whatever the number of passes for the utility formulation: passes below 64 are
 * summed term by term, the rest of the series in closed form (Euler–Maclaurin with exponential integrals, error
 * below 1e-15 relative; `docs/fast-evaluation.md`). The effective-data formulation compiles the pool up to 512
 * passes and sums the rest by Euler–Maclaurin quadrature. For many budgets use {@link predictCurve} or {@link poolModel}.
 * @example
 * ```ts
 * const top10 = { id: "top0-10", size: 12.8e6, b: -0.18, tau: 4.363636363636363 };
 * predictError([top10], { a: 0.022, d: 0.1 }, 32e6, { variant: "reference" }); // 0.811987…
 * ```
 */
export function predictError(pool: readonly Bucket[], task: TaskParams, samplesSeen: number, law?: Law): number {
  checkSamplesSeen(samplesSeen);
  checkPool(pool);
  const normalizer = checkTask(task);
  const resolved = resolveLaw(law);
  // n = 0: a divergence or d, as the compiled pool says. The effective-data law: a pool compiled for one budget
  // (512 passes exact, Euler–Maclaurin beyond).
  if (samplesSeen === 0) return poolModel(pool, task, law).errorAt(samplesSeen);
  if (resolved.formulation === "effective-data") return poolModelForOneBudget(pool, task, law).errorAt(samplesSeen);
  let size = 0;
  for (const bucket of pool) size += bucket.size;
  let b0 = 0;
  for (const bucket of pool) b0 += (bucket.size / size) * bucket.b;
  const head = logFirstPass(b0, task.a, Math.min(samplesSeen, size), normalizer);
  let rest = 0;
  if (samplesSeen >= size) {
    const passes = floorPasses(samplesSeen, size);
    rest = repetitionSum(pool, size, passes, samplesSeen - passes * size);
  }
  const y = resolved.variant === "reference" ? Math.exp(logAddExp(head, Math.log(task.d)) + rest) : Math.exp(head + rest) + task.d;
  // Not a finite double: the compiled pool throws the NOT_FINITE error that says why.
  return y < Infinity ? y : poolModel(pool, task, law).errorAt(samplesSeen);
}
