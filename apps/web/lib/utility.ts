import { utilityAtRepetition } from "@qqt/core";
import type { ModelFileV1 } from "./modelFile";

/** Repetition step of the utility chart. */
const UTILITY_STEP = 0.25;
/** The utility chart covers at least this many repetitions. */
const MIN_REPETITIONS = 10;
/** … and this many half-lives of the slowest-decaying bucket. */
const HALF_LIVES_SHOWN = 3;

/**
 * Data utility per repetition of each bucket, `b·δ^e` with `δ = (1/2)^(1/tau)` (paper Eq. 2), for the
 * "utility decays with repetition" chart.
 *
 * @remarks One row per repetition `e` (0-based, in steps of `step` so the decay is drawn smoothly) with keys
 * `repetition` and `u1` … `uP`. The span covers three half-lives of the slowest-decaying bucket, at least 10
 * repetitions: by then every bucket has lost at least 7/8 of its utility.
 * @example
 * ```ts
 * // utilityCurves(tmars).rows[0] → { repetition: 0, u1: -0.18, u2: -0.15, u3: -0.12, u4: -0.1 }
 * ```
 */
export function utilityCurves(
  model: ModelFileV1,
  options: { step?: number } = {},
): { rows: Array<Record<string, number>>; maxRepetition: number } {
  const step = options.step ?? UTILITY_STEP;
  const slowest = Math.max(...model.buckets.map((b) => b.tau));
  const maxRepetition = Math.max(MIN_REPETITIONS, Math.ceil(HALF_LIVES_SHOWN * slowest));
  const count = Math.round(maxRepetition / step);
  const rows: Array<Record<string, number>> = [];
  for (let j = 0; j <= count; j++) {
    const repetition = Number((j * step).toFixed(6));
    const row: Record<string, number> = { repetition };
    model.buckets.forEach((b, i) => {
      row[`u${i + 1}`] = utilityAtRepetition(b, repetition);
    });
    rows.push(row);
  }
  return { rows, maxRepetition };
}
