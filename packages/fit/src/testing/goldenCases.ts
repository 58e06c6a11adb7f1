// Golden fit cases: synthetic designs, the LAION and DataComp real data and random mixture designs. Used by the
// structured-solver oracle test and by the golden-SSE test (test-data/golden-sse.json, the optimum each case reached
// before the solver and global-stage rewrites of issue 15: a change may only keep or lower it).
import { readFileSync } from "node:fs";
import { predictError, type Bucket, type Law } from "@qqt/core";
import { seededRandom } from "../random.js";
import type { FitInput, FitOptions, Observation } from "../types.js";
import { laionStudy } from "./laion.js";
import { nestedDesign, paperDesign, scalingStudy, SIZE } from "./synthetic.js";

function datacomp(): FitInput {
  const lines = readFileSync(new URL("../../test-data/datacomp-baselines.csv", import.meta.url), "utf8").trim().split("\n").slice(1);
  const seen: Record<string, number> = { small: 12.8e6, medium: 128e6 };
  const rows = lines
    .map((line) => line.split(","))
    .filter((f) => f[0] === "filtering" && (f[1] === "small" || f[1] === "medium"))
    .map((f) => ({ scale: f[1]!, name: f[3]!.replace(/^Baseline: /, ""), error: 1 - Number(f[4]), size: Number(f[6]) }));
  const paired = rows.filter((r) => rows.filter((o) => o.name === r.name).length === 2);
  return {
    buckets: paired.map((r) => ({ id: `${r.scale}:${r.name}`, size: r.size, quality: { group: r.name } })),
    observations: paired.map((r): Observation => ({ pool: [`${r.scale}:${r.name}`], samplesSeen: seen[r.scale]!, error: r.error })),
  };
}

/** A random study: 2–6 buckets of unequal sizes, single-bucket and mixture runs at 1–10 epochs, noisy. */
function randomDesign(seed: number): { input: FitInput; law: Law } {
  const random = seededRandom(seed);
  const count = 2 + Math.floor(random() * 5);
  const buckets: Bucket[] = Array.from({ length: count }, (_, i) => ({
    id: `q${i}`,
    size: SIZE * (0.3 + 2 * random()),
    b: -(0.05 + 0.2 * random()),
    tau: 1 + 9 * random(),
  }));
  const law: Law = { variant: random() < 0.5 ? "paper" : "reference" };
  const task = { a: 0.01 + 0.03 * random(), d: 0.05 + 0.1 * random() };
  const observations: Observation[] = [];
  const observe = (pool: Bucket[], epochs: number) => {
    const size = pool.reduce((s, b) => s + b.size, 0);
    const n = epochs * size;
    observations.push({ pool: pool.map((b) => b.id), samplesSeen: n, error: predictError(pool, task, n, law) + 0.003 * (random() - 0.5) });
  };
  for (const b of buckets) for (const e of [1, 3, 6, 10]) observe([b], e * (0.8 + 0.4 * random()));
  const mixtures = Math.floor(random() * 3);
  for (let m = 0; m < mixtures; m++) {
    const first = Math.floor(random() * (count - 1));
    const pool = buckets.slice(first, first + 2);
    for (const e of [2, 5]) observe(pool, e);
  }
  return { input: { buckets: buckets.map(({ id, size }) => ({ id, size })), observations }, law };
}

export interface GoldenCase {
  name: string;
  input: FitInput;
  options: FitOptions;
}

export const goldenCases: GoldenCase[] = [
  ...[1, 2, 3, 4, 5].map((seed) => ({ name: `paper design, noise 0.005, seed ${seed}`, input: paperDesign({ noise: 0.005, seed }), options: {} })),
  ...[1, 2, 3].map((seed) => ({
    name: `paper design, reference variant, seed ${seed}`,
    input: paperDesign({ noise: 0.005, seed, law: { variant: "reference" } }),
    options: { law: { variant: "reference" } } as FitOptions,
  })),
  { name: "paper design, noise-free", input: paperDesign(), options: {} },
  { name: "nested design, noise 0.003", input: nestedDesign({ noise: 0.003, seed: 4 }), options: {} },
  { name: "nested design, shared tau", input: nestedDesign({ noise: 0.003, seed: 5 }), options: { share: ["tau"] } },
  { name: "paper design, huber-log loss", input: paperDesign({ noise: 0.005, seed: 6 }), options: { loss: "huber-log" } },
  { name: "paper design, d fixed", input: paperDesign({ noise: 0.005, seed: 7 }), options: { fixed: { d: 0.1 } } },
  { name: "paper design, a and d fixed", input: paperDesign({ noise: 0.005, seed: 8 }), options: { fixed: { a: 0.022, d: 0.1 } } },
  ...(["ViT-B-32", "ViT-B-16", "ViT-L-14"] as const).flatMap((arch) =>
    ([{ variant: "paper" }, { variant: "reference" }, { formulation: "effective-data" }] as Law[]).map((law) => ({
      name: `LAION ${arch} ${JSON.stringify(law)}`,
      input: laionStudy(arch, ["3B", "13B"]).input,
      options: { share: ["b", "tau"], law } as FitOptions,
    })),
  ),
  { name: "DataComp small + medium, quality groups", input: datacomp(), options: {} },
  ...Array.from({ length: 12 }, (_, k) => {
    const { input, law } = randomDesign(100 + k);
    return { name: `random design ${100 + k}`, input, options: { law } };
  }),
];


/** Larger cases for the golden-SSE test only (too slow for the oracle polish): the issue-15 scaling studies. */
export const scalingCases: GoldenCase[] = [
  { name: "scaling 4 × 5", input: scalingStudy(4, 5, 11), options: {} },
  { name: "scaling 30 × 20", input: scalingStudy(30, 20, 12), options: {} },
  { name: "scaling 40 × 40", input: scalingStudy(40, 40, 12), options: {} },
  { name: "scaling 100 × 100", input: scalingStudy(100, 100, 13), options: {} },
];
