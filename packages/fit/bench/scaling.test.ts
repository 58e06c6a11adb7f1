// `pnpm bench` (packages/fit): the solver's scaling figures of issue 15 and the effective-data cost of issue 17, each
// a ratio against a baseline measured in this process (medians of 5 unless a line says otherwise, each fit figure
// after untimed warm-up fits). Records are in BENCHMARKS.md. Prints only; the optimum's correctness is asserted by the unit and oracle tests.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { bootstrap } from "../src/bootstrap.js";
import { fit } from "../src/fit.js";
import { referenceGridSearch } from "../src/referenceGridSearch.js";
import { paperDesign, scalingStudy, SIZE, TRUE_TASK } from "../src/testing/synthetic.js";
import type { FitOptions } from "../src/types.js";

function median(xs: number[]): number {
  const s = [...xs].sort((x, y) => x - y);
  return s[Math.floor(s.length / 2)]!;
}
/** Untimed runs before a timed figure, so it measures optimized code (the first fits of a process run cold). */
function warm(run: () => unknown, repetitions = 10): void {
  for (let i = 0; i < repetitions; i++) run();
}
function time(run: () => unknown, repetitions = 5): number {
  const ms: number[] = [];
  for (let i = 0; i < repetitions; i++) {
    const t = performance.now();
    run();
    ms.push(performance.now() - t);
  }
  return median(ms);
}
it("prints the issue 15 and 17 figures", async () => {
  // 1. Paper design: the fit vs the official grid search (a ∈ 100 values, d ∈ 10, per bucket b × tau 100 × 100), the
  //    figure of the 367×; and the same with a and d given to both (only the per-bucket search left).
  const paper = paperDesign({ noise: 0.005, seed: 3 });
  warm(() => fit(paper));
  const fullFitMs = time(() => fit(paper), 15);
  const fullGridMs = time(() => referenceGridSearch(paper), 3);
  console.log(`[issue15] paper design: fit ${fullFitMs.toFixed(2)} ms, official grid ${fullGridMs.toFixed(0)} ms, speed-up ${(fullGridMs / fullFitMs).toFixed(0)}× (target ≥ 3,000×); SSE fit ${fit(paper).sse.toExponential(4)} grid ${referenceGridSearch(paper).sse.toExponential(4)}`);
  const given: FitOptions = { fixed: { a: TRUE_TASK.a, d: TRUE_TASK.d } };
  warm(() => fit(paper, given));
  const fitMs = time(() => fit(paper, given), 9);
  const gridMs = time(() => referenceGridSearch(paper, { fixed: given.fixed! }), 5);
  console.log(`[issue15] paper design, a and d given to both: fit ${fitMs.toFixed(2)} ms, grid ${gridMs.toFixed(0)} ms, speed-up ${(gridMs / fitMs).toFixed(0)}×; SSE fit ${fit(paper, given).sse.toExponential(4)} grid ${referenceGridSearch(paper, { fixed: given.fixed! }).sse.toExponential(4)}`);

  // 2. 30 buckets × 20 runs vs 4 × 5.
  const small = scalingStudy(4, 5, 11);
  const medium = scalingStudy(30, 20, 12);
  warm(() => fit(small));
  const smallMs = time(() => fit(small));
  warm(() => fit(medium), 3);
  const mediumMs = time(() => fit(medium));
  console.log(`[issue15] 4×5 ${smallMs.toFixed(1)} ms, 30×20 ${mediumMs.toFixed(1)} ms, ratio ${(mediumMs / smallMs).toFixed(1)}× (target ≤ 10×)`);

  // 3. 100 buckets × 100 runs (one repetition first; five when it is fast enough).
  const large = scalingStudy(100, 100, 13);
  const first = time(() => fit(large), 1);
  const largeMs = first < 5000 ? time(() => fit(large)) : first;
  console.log(`[issue15] 100×100 ${(largeMs / 1000).toFixed(2)} s (${first < 5000 ? "median of 5" : "1 run"}; target < 1 s)`);

  // 4. 1,000 residual-bootstrap refits of the paper design vs scipy least_squares doing the same.
  const point = fit(paper);
  const boots: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    await bootstrap(paper, { samples: 1000, seed: 1 });
    boots.push(performance.now() - t);
  }
  const ours = median(boots);
  const index = new Map(paper.buckets.map((b, i) => [b.id, i]));
  const config = {
    size: paper.observations.map(() => SIZE),
    samplesSeen: paper.observations.map((o) => o.samplesSeen),
    bucket: paper.observations.map((o) => index.get(o.pool[0]!)!),
    error: paper.observations.map((o) => o.error),
    buckets: paper.buckets.length,
    normalizer: point.task.normalizer,
    theta0: [Math.log(point.task.a), point.task.d, ...point.buckets.map((b) => Math.log(-b.b)), ...point.buckets.map((b) => Math.log(b.tau))],
    refits: 1000,
  };
  const script = fileURLToPath(new URL("./scipy_bootstrap.py", import.meta.url));
  const scipy: number[] = [];
  let scipySse = NaN;
  for (let i = 0; i < 3; i++) {
    const out = JSON.parse(execFileSync("python3", [script], { input: JSON.stringify(config) }).toString()) as { seconds: number; sse: number };
    scipy.push(out.seconds * 1000);
    scipySse = out.sse;
  }
  const scipyMs = median(scipy);
  console.log(`[issue15] 1,000 bootstrap refits: qqt ${(ours / 1000).toFixed(2)} s, scipy least_squares ${(scipyMs / 1000).toFixed(2)} s, qqt ${(scipyMs / ours).toFixed(1)}× faster (median of 3; target ≥ 50×); point SSE qqt ${point.sse.toExponential(6)} scipy ${scipySse.toExponential(6)}`);

  // 5. Issue 17: the effective-data formulation vs the utility law on a 10-run study (2 buckets × 5 budgets).
  const ten = scalingStudy(2, 5, 17);
  warm(() => fit(ten));
  const utilityMs = time(() => fit(ten));
  warm(() => fit(ten, { law: { formulation: "effective-data" } }));
  const effectiveMs = time(() => fit(ten, { law: { formulation: "effective-data" } }));
  console.log(`[issue17] 10 runs: utility ${utilityMs.toFixed(1)} ms, effective-data ${effectiveMs.toFixed(1)} ms, ratio ${(effectiveMs / utilityMs).toFixed(1)}× (target ≤ 5×)`);
  expect(Number.isFinite(effectiveMs)).toBe(true);
}, 3_600_000);
