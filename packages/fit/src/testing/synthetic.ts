// Synthetic studies from known parameters, for tests, benchmarks and validation scripts.
import { predictError, type Bucket, type Law, type TaskParams } from "@qqt/core";
import { seededRandom } from "../random.js";
import type { FitInput, Observation } from "../types.js";

export const SIZE = 12_800_000;
const tauGrid = (i: number) => 1 + (9 * i) / 99;

/** Five T-MARS-like buckets (the paper's four plus a fifth), 12.8M samples each. */
export const TRUE_BUCKETS: Bucket[] = [
  { id: "top0-10", size: SIZE, b: -0.18, tau: tauGrid(37) },
  { id: "top10-20", size: SIZE, b: -0.15, tau: tauGrid(36) },
  { id: "top20-30", size: SIZE, b: -0.12, tau: tauGrid(22) },
  { id: "top30-40", size: SIZE, b: -0.1, tau: tauGrid(6) },
  { id: "top40-50", size: SIZE, b: -0.08, tau: 1.2 },
];
export const TRUE_TASK: TaskParams = { a: 0.022, d: 0.1 };

/** Standard normal by Box–Muller from a seeded uniform source. */
export function normal(random: () => number): number {
  const u = Math.max(random(), Number.MIN_VALUE);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

export interface DesignOptions {
  buckets?: Bucket[];
  task?: TaskParams;
  law?: Law;
  /** Standard deviation of additive Gaussian noise on the error (default 0). */
  noise?: number;
  seed?: number;
}

function observe(pool: Bucket[], n: number, options: DesignOptions, random: () => number): Observation {
  const clean = predictError(pool, options.task ?? TRUE_TASK, n, options.law);
  const noise = options.noise ?? 0;
  return { pool: pool.map((b) => b.id), samplesSeen: n, error: noise > 0 ? clean + noise * normal(random) : clean };
}

/** The paper's design: every bucket alone after 2, 4, 6, 8, 10 epochs of its size. */
export function paperDesign(options: DesignOptions = {}, epochs: number[] = [2, 4, 6, 8, 10]): FitInput {
  const buckets = options.buckets ?? TRUE_BUCKETS;
  const random = seededRandom(options.seed ?? 1);
  const observations: Observation[] = [];
  for (const bucket of buckets) for (const e of epochs) observations.push(observe([bucket], e * bucket.size, options, random));
  return { buckets: buckets.map(({ id, size }) => ({ id, size })), observations };
}

/** Nested top-k pools only (top 10%, top 20%, ...), each at the given budgets (samples seen). */
export function nestedDesign(
  options: DesignOptions = {},
  budgets: number[] = [25.6e6, 51.2e6, 76.8e6, 102.4e6, 128e6, 256e6],
): FitInput {
  const buckets = options.buckets ?? TRUE_BUCKETS;
  const random = seededRandom(options.seed ?? 1);
  const observations: Observation[] = [];
  for (let k = 1; k <= buckets.length; k++) {
    for (const n of budgets) observations.push(observe(buckets.slice(0, k), n, options, random));
  }
  return { buckets: buckets.map(({ id, size }) => ({ id, size })), observations };
}

/** SSE of the given parameters on a study (the "true parameters" baseline). */
export function sseAt(input: FitInput, buckets: Bucket[], task: TaskParams, law?: Law): number {
  const byId = new Map(buckets.map((b) => [b.id, b]));
  let sse = 0;
  for (const obs of input.observations) {
    const pool = obs.pool.map((id) => byId.get(id) as Bucket);
    const r = obs.error - predictError(pool, task, obs.samplesSeen, law);
    sse += (obs.weight ?? 1) * r * r;
  }
  return sse;
}

/**
 * A scaling study: `B` random buckets (b in [−0.2, −0.05], tau in [1, 10]) of 12.8M, each run alone at `R` budgets
 * from 1 to 10 epochs, noise 0.003 (the issue-15 sizes 4 × 5, 30 × 20, 100 × 100).
 */
export function scalingStudy(B: number, R: number, seed: number): FitInput {
  const random = seededRandom(seed);
  const buckets: Bucket[] = Array.from({ length: B }, (_, i) => ({ id: `q${i}`, size: SIZE, b: -0.05 - 0.15 * random(), tau: 1 + 9 * random() }));
  const epochs = Array.from({ length: R }, (_, i) => (R === 1 ? 2 : 1 + (9 * i) / (R - 1)));
  return paperDesign({ buckets, noise: 0.003, seed }, epochs);
}
