// `pnpm bench`: our fit vs the faithful port of the official grid search, same process, same data.
// Records are in BENCHMARKS.md. The SSE of each method is printed once per dataset.
import { predictError, type Law } from "@qqt/core";
import { bench, describe } from "vitest";
import { fit } from "../src/fit.js";
import { referenceGridSearch } from "../src/referenceGridSearch.js";
import { laionStudy } from "../src/testing/laion.js";
import { paperDesign } from "../src/testing/synthetic.js";
import type { FitInput, FitOptions } from "../src/types.js";

const GRID_RUNS = { iterations: 2, warmupIterations: 0, time: 0, warmupTime: 0 };
const FIT_RUNS = { iterations: 200, time: 2000 };

function report(name: string, input: FitInput, options: FitOptions) {
  const ours = fit(input, options);
  const grid = referenceGridSearch(input, { ...(options.share ? { share: options.share } : {}), ...(options.law ? { law: options.law } : {}) });
  console.log(
    `[sse] ${name}: fit ${ours.sse.toExponential(4)} (converged ${ours.converged}, ${ours.iterations} LM iterations)` +
      ` | grid ${grid.sse.toExponential(4)} (${grid.gridPoints.toLocaleString("en")} points)` +
      ` | fit ≤ grid: ${ours.sse <= grid.sse}`,
  );
}

const paper = paperDesign({ noise: 0.005, seed: 3 });
const paperReference = paperDesign({ noise: 0.005, seed: 3, law: { variant: "reference" } });
const laion = ["ViT-B-32", "ViT-B-16", "ViT-L-14"].map((arch) => ({ arch, input: laionStudy(arch, ["3B", "13B"]).input }));
const LAION_OPTIONS: FitOptions = { share: ["b", "tau"] };

report("paper design (paper variant)", paper, {});
report("paper design (reference variant)", paperReference, { law: { variant: "reference" } });
for (const { arch, input } of laion) report(`LAION ${arch}`, input, LAION_OPTIONS);

// LAION: fit on the 3B and 13B runs, predict the 34B runs (absolute error of the ImageNet zero-shot error).
for (const law of [{ variant: "paper" }, { variant: "reference" }, { formulation: "effective-data" }] as Law[]) {
  const all: number[] = [];
  for (const { arch, input } of laion) {
    const result = fit(input, { ...LAION_OPTIONS, law });
    const cells = laionStudy(arch, ["34B"]).runs.map((run) => {
      const bucket = result.buckets.find((b) => b.id === run.dataset)!;
      const signed = predictError([bucket], result.task, run.samplesSeen, result.law) - (1 - run.top1);
      all.push(Math.abs(signed));
      return `${run.dataset} ${signed >= 0 ? "+" : ""}${signed.toFixed(4)}`;
    });
    console.log(`[laion 34B] ${JSON.stringify(law)} ${arch}: ${cells.join(", ")} (fit sse ${result.sse.toExponential(3)})`);
  }
  const mean = all.reduce((s, x) => s + x, 0) / all.length;
  console.log(`[laion 34B] ${JSON.stringify(law)} mean |error| ${mean.toFixed(4)}, max ${Math.max(...all).toFixed(4)}`);
}

describe("paper design: 5 buckets × 5 points, shared a and d, noise 0.005", () => {
  bench("fit", () => void fit(paper), FIT_RUNS);
  bench("referenceGridSearch (official grids: 100 a × 10 d × 100 b × 100 tau per bucket)", () => void referenceGridSearch(paper), GRID_RUNS);
});

describe("paper design, reference variant (the official law)", () => {
  const law = { variant: "reference" as const };
  bench("fit", () => void fit(paperReference, { law }), FIT_RUNS);
  bench("referenceGridSearch", () => void referenceGridSearch(paperReference, { law }), GRID_RUNS);
});

describe("LAION ViT-B/32: 3 pools × 2 budgets, b and tau shared", () => {
  const input = laion[0]!.input;
  bench("fit", () => void fit(input, LAION_OPTIONS), FIT_RUNS);
  bench("referenceGridSearch", () => void referenceGridSearch(input, LAION_OPTIONS), GRID_RUNS);
});

describe("LAION all three architectures", () => {
  bench("fit ×3", () => {
    for (const { input } of laion) fit(input, LAION_OPTIONS);
  }, FIT_RUNS);
  bench("referenceGridSearch ×3", () => {
    for (const { input } of laion) referenceGridSearch(input, LAION_OPTIONS);
  }, { ...GRID_RUNS, iterations: 1 });
});
