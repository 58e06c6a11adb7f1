// `pnpm bench` (packages/fit): calibration of the advice engine's 95% prediction intervals on held-out larger runs,
// over 48 seeded synthetic studies with known parameters and noise. Prints the table recorded in BENCHMARKS.md and
// checks the target of 85–99% coverage. A smaller version runs in `pnpm test` (src/predictionCoverage.test.ts).
import { expect, it } from "vitest";
import { predictionCoverage } from "../src/testing/predictionCoverage.js";

it("95% prediction intervals of held-out runs cover 85–99% of them over 48 synthetic studies", async () => {
  const started = performance.now();
  const r = await predictionCoverage({ studies: 48, samples: 200 });
  const seconds = (performance.now() - started) / 1000;
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  console.log(`\nPrediction-interval coverage: ${r.studies} studies (T-MARS parameters, 4 buckets, reference variant), fit on runs of ≤ 6 epochs (20 runs, 10 free parameters), predict 8, 10, 12 epochs; 200-refit residual bootstrap.`);
  console.log(`  all held-out runs: ${r.covered} of ${r.heldOut} inside the 95% prediction interval = ${pct(r.fraction)} (the mean-curve band alone: ${pct(r.meanBandFraction)})`);
  for (const n of r.byNoise) console.log(`  noise sd ${n.noise}: ${n.covered}/${n.heldOut} = ${pct(n.fraction)}`);
  for (const e of r.byEpochs) console.log(`  held out at ${e.epochs} epochs: ${e.covered}/${e.heldOut} = ${pct(e.fraction)}`);
  console.log(`  median interval width ${pct(r.medianRelativeWidth)} of the predicted error; ${r.notEstimable} studies not estimable; ${seconds.toFixed(1)} s`);
  expect(r.notEstimable).toBe(0);
  expect(r.fraction).toBeGreaterThanOrEqual(0.85);
  expect(r.fraction).toBeLessThanOrEqual(0.99);
}, 1_800_000);
