// A fitted-looking model for the engine's tests: the T-MARS parameters with a fit record, a coverage record and
// bootstrap draws scattered around the point estimate by a seeded normal.
import type { Model, ModelBootstrapDraw, ModelFit } from "../Model.js";
import { seededRandom, standardNormal } from "../seededRandom.js";
import { TMARS_BUCKETS } from "./tmars.js";

export interface FittedModelOptions {
  draws?: number;
  /** Relative spread of each parameter over the draws. */
  spread?: number;
  seed?: number;
  observations?: number;
  freeParameters?: number;
  fit?: Partial<ModelFit>;
}

export function fittedModel(options: FittedModelOptions = {}): Model {
  const random = seededRandom(options.seed ?? 7);
  const spread = options.spread ?? 0.01;
  const jitter = (x: number) => x * (1 + spread * standardNormal(random));
  const draws: ModelBootstrapDraw[] = Array.from({ length: options.draws ?? 200 }, () => ({
    a: jitter(0.022),
    d: jitter(0.1),
    b: TMARS_BUCKETS.map((b) => jitter(b.b)),
    tau: TMARS_BUCKETS.map((b) => jitter(b.tau)),
  }));
  const observations = options.observations ?? 20;
  return {
    format: "qqt.model/v1",
    name: "T-MARS (test fit)",
    metric: { name: "imagenet1k", kind: "1-accuracy" },
    law: { formulation: "utility", variant: "reference" },
    task: { a: 0.022, d: 0.1, normalizer: 1e5 },
    buckets: TMARS_BUCKETS.map((b) => ({ ...b })),
    fit: {
      generator: "test",
      loss: "sse",
      seed: 0,
      observations,
      freeParameters: options.freeParameters ?? 10,
      sse: 4e-6 * observations,
      rmse: 0.002,
      iterations: 10,
      converged: true,
      warnings: [],
      coverage: {
        samplesSeen: { low: 25.6e6, high: 128e6 },
        buckets: TMARS_BUCKETS.map((b) => ({ id: b.id, runs: 5, maxPasses: 10 })),
        pools: TMARS_BUCKETS.map((b) => ({ pool: [b.id], runs: 5, samplesSeen: { low: 25.6e6, high: 128e6 } })),
      },
      noise: { sd: 0.002, degreesOfFreedom: observations - (options.freeParameters ?? 10), scale: "error", source: "residuals" },
      bootstrap: {
        method: "residuals",
        samples: draws.length,
        seed: 0,
        confidence: 0.95,
        intervals: { buckets: TMARS_BUCKETS.map((b) => ({ id: b.id })) },
        draws,
      },
      ...options.fit,
    },
  };
}
