// Test documents: the paper's T-MARS ImageNet model (Goyal et al., CVPR 2024, Fig. 4) and studies whose
// observations are the law's own predictions for nested pools, so every document is realistic and valid.
import { predictError, type Bucket } from "@qqt/core";
import type { ModelFileV1, StudyDocument } from "../validate";

const BUCKET_SIZE = 12.8e6;
const PAPER_BUCKETS: Bucket[] = [
  { id: "top0-10", size: BUCKET_SIZE, b: -0.18, tau: 1 + (9 * 37) / 99, label: "top 0–10%" },
  { id: "top10-20", size: BUCKET_SIZE, b: -0.15, tau: 1 + (9 * 36) / 99, label: "top 10–20%" },
  { id: "top20-30", size: BUCKET_SIZE, b: -0.12, tau: 1 + (9 * 22) / 99, label: "top 20–30%" },
  { id: "top30-40", size: BUCKET_SIZE, b: -0.1, tau: 1 + (9 * 6) / 99, label: "top 30–40%" },
];
const TASK = { a: 0.022, d: 0.1, normalizer: 1e5 };
const BUDGETS = [32e6, 64e6, 128e6, 256e6, 640e6];

/**
 * A valid study: the four T-MARS buckets and, for each nested pool (top 10%, 20%, …) and budget, the error the law
 * predicts, rounded to 4 decimals. `runs` limits the number of observations; `name` is set when given.
 */
export function makeStudy(options: { runs?: number; name?: string; tag?: string } = {}): StudyDocument {
  const observations: StudyDocument["observations"] = [];
  for (let k = 1; k <= PAPER_BUCKETS.length; k++) {
    const pool = PAPER_BUCKETS.slice(0, k);
    for (const n of BUDGETS) {
      const error = Math.round(predictError(pool, TASK, n) * 1e4) / 1e4;
      observations.push({ pool: pool.map((b) => b.id), samplesSeen: n, error, tags: { model: "ViT-B/32", run: options.tag ?? "a" } });
    }
  }
  const study: StudyDocument = {
    format: "qqt.study/v1",
    metric: { name: "ImageNet zero-shot error", kind: "error" },
    buckets: PAPER_BUCKETS.map((b, i) => ({
      id: b.id,
      size: b.size,
      label: b.label!,
      quality: { score: "T-MARS", fromPercentile: 10 * i, toPercentile: 10 * (i + 1) },
    })),
    observations: observations.slice(0, options.runs ?? observations.length),
  };
  if (options.name !== undefined) study.name = options.name;
  return study;
}

/** The paper's model as a fitted `qqt.model/v1` (fit block with seed, options and diagnostics). */
export function makeModel(options: { seed?: number; rmse?: number } = {}): ModelFileV1 {
  return {
    format: "qqt.model/v1",
    name: "T-MARS, ImageNet",
    law: { formulation: "utility", variant: "reference" },
    task: { ...TASK },
    buckets: PAPER_BUCKETS.map((b) => ({ id: b.id, size: b.size, b: b.b, tau: b.tau, label: b.label! })),
    fit: {
      generator: "@qqt/fit 0.1.0",
      createdAt: "2026-11-26T10:00:00.000Z",
      loss: "huber-log",
      seed: options.seed ?? 20240617,
      options: { shared: ["a", "d"], fixed: { normalizer: 1e5 } },
      observations: 20,
      sse: 0.00021,
      rmse: options.rmse ?? 0.0032,
      iterations: 41,
      converged: true,
      warnings: [{ code: "WIDE_INTERVAL", message: "tau of top30-40 is poorly determined" }],
      bootstrap: {
        method: "runs",
        samples: 2,
        seed: 7,
        confidence: 0.95,
        intervals: { buckets: PAPER_BUCKETS.map((b) => ({ id: b.id, b: { low: b.b * 1.1, high: b.b * 0.9 } })) },
        draws: [
          { a: 0.021, d: 0.1, b: PAPER_BUCKETS.map((b) => b.b * 1.05), tau: PAPER_BUCKETS.map((b) => b.tau) },
          { a: 0.023, d: 0.1, b: PAPER_BUCKETS.map((b) => b.b * 0.95), tau: PAPER_BUCKETS.map((b) => b.tau) },
        ],
      },
    },
  };
}
