import { stableJson } from "./internal/stableJson.js";
import { parseModel } from "./parseModel.js";
import type { ModelFileV1 } from "./types.js";
import { dropUndefined } from "./writeStudy.js";

/**
 * Serializes a model as stable, pretty `qqt.model/v1` JSON; round-trip exact with {@link parseModel}.
 *
 * @throws {@link DataError} when the model is invalid.
 * @example
 * ```ts
 * writeModel({ format: "qqt.model/v1", law: { formulation: "utility", variant: "reference" },
 *   task: { a: 0.022, d: 0.1, normalizer: 100000 },
 *   buckets: [{ id: "top0-10", size: 12800000, b: -0.18, tau: 4.363636363636363 }] });
 * // {
 * //   "format": "qqt.model/v1",
 * //   "law": { "formulation": "utility", "variant": "reference" },
 * //   "task": { "a": 0.022, "d": 0.1, "normalizer": 100000 },
 * //   "buckets": [{ "id": "top0-10", "size": 12800000, "b": -0.18, "tau": 4.363636363636363 }]
 * // }
 * ```
 */
export function writeModel(model: ModelFileV1): string {
  return stableJson(parseModel(dropUndefined(model), { file: "<model>" }).data);
}
