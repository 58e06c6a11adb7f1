import type { ModelFileV1 } from "./modelFile";
import type { Observation } from "./observations";
import { syntheticObservations, withSyntheticDraws } from "./synthetic";

// The built-in examples, in ONE module so that @qqt/data's examples can replace them (see README, "Integration").

/**
 * A built-in example: a model, optionally with the observations it was fitted to.
 *
 * @example
 * ```ts
 * EXAMPLES[0].id; // "tmars-imagenet"
 * ```
 */
export interface Example {
  /** Stable id used in share links. */
  id: string;
  model: ModelFileV1;
  observations?: Observation[];
}

/** Tau of the official code's grid `linspace(1, 10, 100)` at index `i`. */
const tauGrid = (i: number) => 1 + (9 * i) / 99;
const BUCKET = 12.8e6;

/**
 * The paper's T-MARS ImageNet model (Goyal et al., CVPR 2024, Fig. 4 legend; spec §6): four 10% buckets of 12.8M.
 *
 * @example
 * ```ts
 * TMARS_IMAGENET.buckets.map((b) => b.b); // [-0.18, -0.15, -0.12, -0.1]
 * ```
 */
export const TMARS_IMAGENET: ModelFileV1 = {
  format: "qqt.model/v1",
  name: "T-MARS filtering, ImageNet zero-shot (paper Fig. 4)",
  description: "The quality buckets of DataComp's 128M pool ranked by T-MARS score, as fitted in the paper.",
  source: {
    citation:
      "Goyal, Maini, Lipton, Raghunathan, Kolter. Scaling Laws for Data Filtering — Data Curation cannot be Compute Agnostic. CVPR 2024, Fig. 4.",
    url: "https://arxiv.org/abs/2404.07177",
    note: "b, a and d from the figure legend; tau on the official code's grid linspace(1, 10, 100).",
  },
  metric: { name: "ImageNet zero-shot error (1 − top-1 accuracy)" },
  law: { formulation: "utility", variant: "reference" },
  task: { a: 0.022, d: 0.1, normalizer: 1e5 },
  buckets: [
    { id: "top0-10", size: BUCKET, b: -0.18, tau: tauGrid(37), label: "top 0–10%" },
    { id: "top10-20", size: BUCKET, b: -0.15, tau: tauGrid(36), label: "top 10–20%" },
    { id: "top20-30", size: BUCKET, b: -0.12, tau: tauGrid(22), label: "top 20–30%" },
    { id: "top30-40", size: BUCKET, b: -0.1, tau: tauGrid(6), label: "top 30–40%" },
  ],
};

/** Seeds of the synthetic example, fixed so that it is identical on every load. */
const ILLUSTRATION_SEEDS = { draws: 20240617, observations: 7 };
/** Bootstrap draws of the synthetic example. */
const ILLUSTRATION_DRAWS = 200;
/** Noise of the synthetic observations (standard deviation of the error). */
const ILLUSTRATION_NOISE = 0.004;

const illustrated = withSyntheticDraws(TMARS_IMAGENET, { count: ILLUSTRATION_DRAWS, seed: ILLUSTRATION_SEEDS.draws });

/**
 * The T-MARS model with synthetic bootstrap draws and synthetic observations, to show how uncertainty and fits are
 * displayed. Labelled synthetic everywhere.
 *
 * @example
 * ```ts
 * TMARS_ILLUSTRATION.source?.synthetic; // true
 * ```
 */
export const TMARS_ILLUSTRATION: ModelFileV1 = {
  ...illustrated,
  name: "T-MARS with illustrative uncertainty (synthetic)",
  description:
    "The paper's T-MARS parameters with 200 synthetic bootstrap draws and synthetic runs, to show intervals, bands and residuals.",
  source: {
    ...TMARS_IMAGENET.source,
    synthetic: true,
    note: "Parameters from the paper's Fig. 4; the bootstrap draws and observations are generated, not measured.",
  },
};

/**
 * Every built-in example, the first being the default view.
 *
 * @example
 * ```ts
 * EXAMPLES.map((e) => e.id); // ["tmars-imagenet", "tmars-illustration"]
 * ```
 */
export const EXAMPLES: readonly Example[] = [
  { id: "tmars-imagenet", model: TMARS_IMAGENET },
  {
    id: "tmars-illustration",
    model: TMARS_ILLUSTRATION,
    observations: syntheticObservations(TMARS_IMAGENET, { seed: ILLUSTRATION_SEEDS.observations, noise: ILLUSTRATION_NOISE }),
  },
];

/** The example shown on first load. */
export const DEFAULT_EXAMPLE_ID = "tmars-imagenet";
/** The budget shown on first load: 640M samples seen (five passes over DataComp's 128M pool). */
export const DEFAULT_BUDGET = 640e6;
