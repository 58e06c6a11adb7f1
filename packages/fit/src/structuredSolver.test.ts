import { readFileSync } from "node:fs";
import type { Bucket, Law } from "@qqt/core";
import { describe, expect, it } from "vitest";
import { prepare, solve } from "./fit.js";
import { polish } from "./polish.js";
import { seededRandom } from "./random.js";
import { laionStudy } from "./testing/laion.js";
import { oraclePolish } from "./testing/oraclePolish.js";
import { nestedDesign, paperDesign, SIZE } from "./testing/synthetic.js";
import { predictError } from "@qqt/core";
import type { FitInput, FitOptions, Observation } from "./types.js";

// The structured solver against the previous polish (ml-levenberg-marquardt, dense JᵀWJ) as the oracle: from the same
// starts, the best polish of each must reach the same optimum (Σ r² within 1e-9 relative, parameters close) on the
// golden synthetic designs, the LAION and DataComp real data and random mixture designs.

function datacomp(): FitInput {
  const lines = readFileSync(new URL("../test-data/datacomp-baselines.csv", import.meta.url), "utf8").trim().split("\n").slice(1);
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

interface Case {
  name: string;
  input: FitInput;
  options: FitOptions;
}

const cases: Case[] = [
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

describe("structured solver vs the previous polish (oracle)", () => {
  it.each(cases)("$name: same optimum", ({ input, options }) => {
    const context = prepare(input, options);
    const ours = solve(context, undefined, context.settings.starts).best;
    const oracle = solve(context, undefined, context.settings.starts, true, oraclePolish).best;
    const scale = Math.max(ours.sumSquares, oracle.sumSquares);
    // Exact fits: both at the rounding level of Σ w·y².
    const floor = 1e-24 * input.observations.reduce((s, o) => s + o.error ** 2, 0);
    expect(ours.converged).toBe(true);
    if (scale <= floor) return;
    // Never worse than the oracle; the same optimum wherever the oracle converged (it sometimes runs out of its 1000
    // iterations in a narrow valley, a little above the minimum the new solver reaches).
    expect(ours.sumSquares).toBeLessThanOrEqual(oracle.sumSquares * (1 + 1e-9));
    if (oracle.converged) expect(Math.abs(ours.sumSquares - oracle.sumSquares) / scale).toBeLessThanOrEqual(1e-9);
    // Our optimum is one for the oracle too: polishing it further gains less than 1e-9 relative.
    const further = oraclePolish(context.objective, context.layout, ours.theta, context.settings);
    expect((ours.sumSquares - further.sumSquares) / scale).toBeLessThanOrEqual(1e-9);
    // Parameters close where the oracle converged (θ on log scales, d natural).
    if (oracle.converged) {
      for (let s = 0; s < ours.theta.length; s++) expect(Math.abs((ours.theta[s] as number) - (oracle.theta[s] as number))).toBeLessThan(2e-2);
    }
  });

  it("walks out of a poor start (mid-box θ) to the optimum the fit finds", () => {
    for (const input of [paperDesign({ noise: 0.005, seed: 1 }), nestedDesign({ noise: 0.003, seed: 4 })]) {
      const context = prepare(input, {});
      const best = solve(context, undefined, context.settings.starts).best;
      const ours = polish(context.objective, context.layout, midBox(context), context.settings);
      expect(ours.converged).toBe(true);
      expect(Math.abs(ours.sumSquares - best.sumSquares) / best.sumSquares).toBeLessThan(1e-9);
    }
  });

  it("reports iterations and a copy of θ, and does not change between calls (no state kept)", () => {
    const context = prepare(paperDesign({ noise: 0.005, seed: 2 }), {});
    const start = midBox(context);
    const first = polish(context.objective, context.layout, start, context.settings);
    const second = polish(context.objective, context.layout, start, context.settings);
    expect(second.sumSquares).toBe(first.sumSquares);
    expect(second.iterations).toBe(first.iterations);
    expect(second.theta).not.toBe(first.theta);
    expect(Array.from(second.theta)).toEqual(Array.from(first.theta));
  });

  it("stops at maxIterations with converged false", () => {
    const context = prepare(paperDesign({ noise: 0.005, seed: 2 }), { maxIterations: 3 });
    const result = polish(context.objective, context.layout, midBox(context), context.settings);
    expect(result.iterations).toBe(3);
    expect(result.converged).toBe(false);
  });
});

function midBox(context: ReturnType<typeof prepare>): Float64Array {
  // The middle of the θ box: a poor start both solvers must walk far from.
  const theta = new Float64Array(context.layout.size);
  for (let s = 0; s < theta.length; s++) theta[s] = ((context.layout.lower[s] as number) + (context.layout.upper[s] as number)) / 2;
  return theta;
}
