// How often the 95% prediction intervals of held-out larger runs hold them, over seeded synthetic studies with known
// parameters and noise: the calibration check of the advice engine's prediction intervals (shared by the test and
// scripts/prediction-coverage.mjs).
import { deriveSeed } from "@qqt/core";
import { holdout } from "../holdout.js";
import { paperDesign, TRUE_BUCKETS } from "./synthetic.js";

export interface CoverageStudyOptions {
  /** Number of studies (seeds 0 … studies − 1). */
  studies: number;
  /** Bootstrap refits per study. */
  samples: number;
  /** Noise sd of study k: `noises[k % noises.length]` (default 0.002, 0.003, 0.005). */
  noises?: number[];
  /** Epochs of every bucket (default 1, 2, 3, 4, 6, 8, 10, 12). */
  epochs?: number[];
  /** Runs with at most this many passes are fitted (default 6): 20 runs for 10 free parameters, 12 held out. */
  fitUntilPasses?: number;
  /** Base seed. */
  seed?: number;
}

export interface CoverageResult {
  studies: number;
  heldOut: number;
  covered: number;
  fraction: number;
  /** Fraction by noise level. */
  byNoise: Array<{ noise: number; heldOut: number; covered: number; fraction: number }>;
  /** Fraction by held-out epochs. */
  byEpochs: Array<{ epochs: number; heldOut: number; covered: number; fraction: number }>;
  /** Median width of the intervals, relative to the predicted error. */
  medianRelativeWidth: number;
  /** Studies whose fit was not estimable (no intervals). */
  notEstimable: number;
  /** Fraction of held-out runs inside the band of the mean curve alone (what a confidence band is not meant for). */
  meanBandFraction: number;
}

export async function predictionCoverage(options: CoverageStudyOptions): Promise<CoverageResult> {
  const noises = options.noises ?? [0.002, 0.003, 0.005];
  const epochs = options.epochs ?? [1, 2, 3, 4, 6, 8, 10, 12];
  const fitUntilPasses = options.fitUntilPasses ?? 6;
  const buckets = TRUE_BUCKETS.slice(0, 4);
  let heldOut = 0;
  let covered = 0;
  let notEstimable = 0;
  let inMeanBand = 0;
  const widths: number[] = [];
  const noiseTally = new Map<number, { heldOut: number; covered: number }>();
  const epochTally = new Map<number, { heldOut: number; covered: number }>();
  for (let k = 0; k < options.studies; k++) {
    const noise = noises[k % noises.length] as number;
    const seed = deriveSeed(options.seed ?? 0, k);
    const input = paperDesign({ buckets, noise, seed, law: { variant: "reference" } }, epochs);
    const result = await holdout(input, { fitUntilPasses, law: { variant: "reference" }, seed, bootstrap: { samples: options.samples } });
    if (result.summary.coverage === undefined) {
      notEstimable++;
      continue;
    }
    for (const p of result.predictions) {
      const inside = p.covered === true;
      heldOut++;
      if (p.observed >= p.meanInterval!.low && p.observed <= p.meanInterval!.high) inMeanBand++;
      if (inside) covered++;
      widths.push((p.interval!.high - p.interval!.low) / p.predicted);
      const n = noiseTally.get(noise) ?? { heldOut: 0, covered: 0 };
      n.heldOut++;
      if (inside) n.covered++;
      noiseTally.set(noise, n);
      const e = Math.round(p.passes);
      const t = epochTally.get(e) ?? { heldOut: 0, covered: 0 };
      t.heldOut++;
      if (inside) t.covered++;
      epochTally.set(e, t);
    }
  }
  widths.sort((u, v) => u - v);
  const tally = <K extends string>(key: K, m: Map<number, { heldOut: number; covered: number }>) =>
    [...m.entries()].sort((u, v) => u[0] - v[0]).map(([value, t]) => ({ [key]: value, heldOut: t.heldOut, covered: t.covered, fraction: t.covered / t.heldOut }) as { [P in K]: number } & { heldOut: number; covered: number; fraction: number });
  return {
    studies: options.studies,
    heldOut,
    covered,
    fraction: heldOut > 0 ? covered / heldOut : NaN,
    byNoise: tally("noise", noiseTally),
    byEpochs: tally("epochs", epochTally),
    medianRelativeWidth: widths.length > 0 ? (widths[Math.floor(widths.length / 2)] as number) : NaN,
    notEstimable,
    meanBandFraction: heldOut > 0 ? inMeanBand / heldOut : NaN,
  };
}
