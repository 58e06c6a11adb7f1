import type { Bucket, Law, TaskParams } from "@qqt/core";
import type { ModelFileV1 } from "./types.js";

/**
 * The `@qqt/core` arguments of a model file: buckets, task parameters and law, ready for `predictError`,
 * `recommend`, `findCrossovers`, ….
 *
 * @example
 * ```ts
 * import { predictError } from "@qqt/core";
 * const { buckets, task, law } = modelToCore(model); // model: the tmars-paper example
 * predictError(buckets.slice(0, 1), task, 32e6, law); // 0.811987…
 * ```
 */
export function modelToCore(model: ModelFileV1): {
  /** The model's buckets with their parameters (`id`, `size`, `b`, `tau`, `label`), best first. */
  buckets: Bucket[];
  /** The task parameters `a`, `d` and `normalizer`. */
  task: TaskParams;
  /** The law's formulation and variant. */
  law: Law;
} {
  return {
    buckets: model.buckets.map((b) => ({ id: b.id, size: b.size, b: b.b, tau: b.tau, ...(b.label !== undefined ? { label: b.label } : {}) })),
    task: { a: model.task.a, d: model.task.d, normalizer: model.task.normalizer },
    law: { formulation: model.law.formulation, variant: model.law.variant },
  };
}
