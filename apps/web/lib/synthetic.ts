import { poolModel, seededRandom, standardNormal } from "@qqt/core";
import type { BootstrapDraw, ModelFileV1 } from "./modelFile";
import type { Observation } from "./observations";

// Seeded synthetic data for demonstrations, tests and performance measurements (@qqt/core's one seeded RNG). Everything made here is marked
// `source.synthetic: true` and says so in its name: it is never presented as a measurement.

/** DataComp "small"-scale bucket: 10% of a 128M pool. */
export const DATACOMP_BUCKET_SIZE = 12.8e6;

/**
 * A synthetic model of `buckets` equal 10%-of-pool buckets whose utility and half-life fall with quality rank.
 *
 * @remarks Bucket `i` (0-based) of `p` gets `b = −0.2 + 0.14·i/(p−1)` and `tau = 5 − 3.5·i/(p−1)`, each with a small
 * seeded jitter; `a = 0.022`, `d = 0.1`, normalizer 1e5, the reference variant — the same scale as the paper's
 * T-MARS parameters. With `draws > 0` it carries that many bootstrap draws (see {@link syntheticDraws}).
 * @example
 * ```ts
 * syntheticModel({ buckets: 10, seed: 1 }).buckets.length; // 10
 * ```
 */
export function syntheticModel(options: { buckets: number; seed?: number; draws?: number; name?: string }): ModelFileV1 {
  const p = options.buckets;
  const random = seededRandom(options.seed ?? 1);
  const width = 100 / p;
  const fmt = (x: number) => String(Number(x.toFixed(2)));
  const buckets = Array.from({ length: p }, (_, i) => {
    const t = p === 1 ? 0 : i / (p - 1);
    return {
      id: `top${fmt(i * width)}-${fmt((i + 1) * width)}`,
      size: DATACOMP_BUCKET_SIZE,
      b: (-0.2 + 0.14 * t) * (1 + 0.03 * standardNormal(random)),
      tau: (5 - 3.5 * t) * (1 + 0.05 * standardNormal(random)),
      label: `top ${fmt(i * width)}–${fmt((i + 1) * width)}%`,
    };
  });
  const model: ModelFileV1 = {
    format: "qqt.model/v1",
    name: options.name ?? `Synthetic ${p}-bucket model`,
    source: { synthetic: true, note: "Generated for demonstration; not fitted to measurements." },
    law: { formulation: "utility", variant: "reference" },
    task: { a: 0.022, d: 0.1, normalizer: 1e5 },
    buckets,
  };
  if ((options.draws ?? 0) > 0) return withSyntheticDraws(model, { count: options.draws!, seed: (options.seed ?? 1) + 1 });
  return model;
}

/** Relative spread (log scale) of synthetic draws around the model: a, b, tau; and the absolute spread of d. */
const DRAW_SPREAD = { a: 0.08, b: 0.04, tau: 0.12, d: 0.004 };

/**
 * Seeded synthetic bootstrap draws around a model's parameters (log-normal in `a`, `b`, `tau`; normal in `d`,
 * floored at 0).
 *
 * @example
 * ```ts
 * syntheticDraws(tmars, { count: 3, seed: 7 })[0].b.length; // 4
 * ```
 */
export function syntheticDraws(model: ModelFileV1, options: { count: number; seed: number }): BootstrapDraw[] {
  const random = seededRandom(options.seed);
  return Array.from({ length: options.count }, () => ({
    a: model.task.a * Math.exp(DRAW_SPREAD.a * standardNormal(random)),
    d: Math.max(0, model.task.d + DRAW_SPREAD.d * standardNormal(random)),
    b: model.buckets.map((b) => b.b * Math.exp(DRAW_SPREAD.b * standardNormal(random))),
    tau: model.buckets.map((b) => b.tau * Math.exp(DRAW_SPREAD.tau * standardNormal(random))),
  }));
}

/** The design a synthetic bootstrap imitates: every bucket alone after these passes (as {@link syntheticObservations}). */
const SYNTHETIC_DESIGN_PASSES = [2, 4, 6, 8, 10] as const;
/** The run-to-run noise a synthetic bootstrap's record states (standard deviation of the error). */
export const SYNTHETIC_NOISE_SD = 0.002;

/**
 * The model with a synthetic bootstrap attached as `fit.bootstrap`, and a `fit` record that says it is synthetic.
 *
 * @remarks The draws are not a fit, so the record describes the design they stand for, which the advice engine needs
 * to give intervals: every bucket alone after 2, 4, 6, 8 and 10 passes (`5·p` runs for `2 + 2p` free parameters,
 * the samples-seen range and passes those runs cover) with a run-to-run noise of sd {@link SYNTHETIC_NOISE_SD}.
 * Its `SYNTHETIC` warning says so.
 * @example
 * ```ts
 * withSyntheticDraws(tmars, { count: 200, seed: 7 }).fit?.bootstrap?.draws.length; // 200
 * withSyntheticDraws(tmars, { count: 200, seed: 7 }).fit?.coverage?.samplesSeen; // { low: 25.6e6, high: 128e6 }
 * ```
 */
export function withSyntheticDraws(model: ModelFileV1, options: { count: number; seed: number }): ModelFileV1 {
  const draws = syntheticDraws(model, options);
  const p = model.buckets.length;
  const runsPerBucket = SYNTHETIC_DESIGN_PASSES.length;
  const first = SYNTHETIC_DESIGN_PASSES[0];
  const last = SYNTHETIC_DESIGN_PASSES[runsPerBucket - 1]!;
  const observations = runsPerBucket * p;
  const freeParameters = 2 + 2 * p;
  const degreesOfFreedom = observations - freeParameters;
  const sse = SYNTHETIC_NOISE_SD ** 2 * degreesOfFreedom;
  const sizes = model.buckets.map((b) => b.size);
  return {
    ...model,
    fit: {
      generator: "qqt web synthetic example",
      loss: "sse",
      seed: options.seed,
      observations,
      freeParameters,
      sse,
      rmse: Math.sqrt(sse / observations),
      iterations: 0,
      converged: true,
      warnings: [
        {
          code: "SYNTHETIC",
          message: `These bootstrap draws are generated around the stated parameters for illustration; they are not a fit. The record describes the design they imitate: every bucket alone after ${SYNTHETIC_DESIGN_PASSES.join(", ")} passes, with run-to-run noise of sd ${SYNTHETIC_NOISE_SD}.`,
        },
      ],
      coverage: {
        samplesSeen: { low: first * Math.min(...sizes), high: last * Math.max(...sizes) },
        buckets: model.buckets.map((b) => ({ id: b.id, runs: runsPerBucket, maxPasses: last })),
        pools: model.buckets.map((b) => ({ pool: [b.id], runs: runsPerBucket, samplesSeen: { low: first * b.size, high: last * b.size } })),
      },
      noise: { sd: SYNTHETIC_NOISE_SD, degreesOfFreedom, scale: "error", source: "residuals" },
      bootstrap: {
        method: "residuals",
        samples: options.count,
        seed: options.seed,
        confidence: 0.95,
        intervals: { buckets: model.buckets.map((b) => ({ id: b.id })) },
        draws,
      },
    },
  };
}

/**
 * Seeded synthetic observations of every single bucket at the paper's design: after 2, 4, 6, 8 and 10 passes of the
 * bucket, the model's prediction plus normal noise of standard deviation `noise`.
 *
 * @example
 * ```ts
 * syntheticObservations(tmars, { seed: 3, noise: 0 })[0];
 * // { pool: ["top0-10"], samplesSeen: 25600000, error: 0.836075… }  (exactly the model with noise 0)
 * ```
 */
export function syntheticObservations(
  model: ModelFileV1,
  options: { seed: number; noise: number; passes?: readonly number[] },
): Observation[] {
  const random = seededRandom(options.seed);
  const passes = options.passes ?? SYNTHETIC_DESIGN_PASSES;
  return model.buckets.flatMap((bucket) => {
    const m = poolModel([bucket], model.task, model.law);
    return passes.map((k) => {
      const samplesSeen = k * bucket.size;
      const error = m.errorAt(samplesSeen) + options.noise * standardNormal(random);
      return { pool: [bucket.id], samplesSeen, error: Math.max(0, error) };
    });
  });
}
