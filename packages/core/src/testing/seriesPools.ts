// Pools that exercise the repetition series' near field, far field and tail: one bucket, four T-MARS-like buckets,
// unequal sizes mixing slow and fast decay, a half-life of 2,000 repetitions, a very fast decay, and ten buckets of
// unequal sizes. Shared by the one-budget evaluation tests.
import type { Bucket } from "../types.js";

const S = 12.8e6;

/** Named test pools for the series evaluations (see the file header). */
export const SERIES_POOLS: ReadonlyArray<{ name: string; pool: Bucket[] }> = [
  { name: "one bucket, tau 4.36", pool: [{ id: "a", size: S, b: -0.18, tau: 4.363636 }] },
  {
    name: "T-MARS-like 4 buckets",
    pool: [
      { id: "a", size: S, b: -0.18, tau: 4.36 },
      { id: "b", size: S, b: -0.16, tau: 3.9 },
      { id: "c", size: S, b: -0.13, tau: 3.2 },
      { id: "d", size: S, b: -0.11, tau: 2.8 },
    ],
  },
  {
    name: "unequal sizes, slow and fast decay",
    pool: [
      { id: "big", size: 1e9, b: -0.05, tau: 300 },
      { id: "small", size: 2e6, b: -0.4, tau: 0.3 },
      { id: "mid", size: 5e7, b: -1.5, tau: 20 },
    ],
  },
  { name: "half-life of 2,000 repetitions", pool: [{ id: "a", size: 1, b: -0.2, tau: 2000 }] },
  { name: "very fast decay (tau 0.05)", pool: [{ id: "a", size: 1, b: -3, tau: 0.05 }] },
  {
    name: "10 buckets",
    pool: Array.from({ length: 10 }, (_, i) => ({ id: `t${i}`, size: S * (1 + i), b: -0.2 + 0.015 * i, tau: 5 - 0.35 * i })),
  },
];
