// A tidy CSV of training runs generated from KNOWN parameters (the e2e fixture e2e/data/known-params-runs.csv is this
// text; a unit test keeps the two identical). SYNTHETIC: made here, with seeded noise, to check import → fit → advice.
import { poolModel, seededRandom, standardNormal, type Bucket } from "@qqt/core";

/** The parameters the runs are generated from (utility law, paper variant: @qqt/fit's default). */
export const KNOWN_PARAMETERS = {
  law: { formulation: "utility", variant: "paper" },
  task: { a: 0.022, d: 0.1, normalizer: 1e5 },
  buckets: [
    { id: "top0-10", size: 12.8e6, b: -0.18, tau: 4 },
    { id: "top10-20", size: 12.8e6, b: -0.14, tau: 3 },
    { id: "top20-30", size: 12.8e6, b: -0.1, tau: 2 },
  ] as Bucket[],
} as const;

/** Noise of the generated errors (standard deviation) and its seed. */
const NOISE = 0.002;
const SEED = 20241126;

/**
 * The runs as a tidy CSV: every bucket alone after 2, 4, 6, 8 and 10 passes, and the nested pools top 20% and top 30%
 * after 1, 2 and 4 passes; error = the law's prediction + seeded normal noise (sd 0.002), 6 decimals.
 *
 * @example
 * ```ts
 * knownRunsCsv().split("\n")[1]; // "top0-10,12.8M,25600000,0.83…"
 * ```
 */
export function knownRunsCsv(): string {
  const random = seededRandom(SEED);
  const { task, law, buckets } = KNOWN_PARAMETERS;
  const rows = ["# SYNTHETIC runs generated from known parameters (apps/web/lib/testing/knownRuns.ts)", "pool,pool_size,samples_seen,error"];
  const add = (pool: Bucket[], samples: number) => {
    const error = poolModel(pool, task, law).errorAt(samples) + NOISE * standardNormal(random);
    const size = pool.length === 1 && samples === 2 * pool[0]!.size ? "12.8M" : "";
    rows.push(`${pool.map((b) => b.id).join("+")},${size},${samples},${error.toFixed(6)}`);
  };
  for (const bucket of buckets) for (const passes of [2, 4, 6, 8, 10]) add([bucket], passes * bucket.size);
  for (const k of [2, 3]) {
    const pool = buckets.slice(0, k);
    const unique = pool.reduce((s, b) => s + b.size, 0);
    for (const passes of [1, 2, 4]) add(pool, passes * unique);
  }
  return `${rows.join("\n")}\n`;
}
