import { stableJson } from "./internal/stableJson.js";
import { parseStudy } from "./parseStudy.js";
import type { Study } from "./types.js";

/**
 * Serializes a study as stable, pretty `qqt.study/v1` JSON (fields in canonical order, short objects on one line,
 * a final newline). Round-trip exact: `parseStudy(writeStudy(s)).data` deep-equals `s` with fields in canonical order.
 *
 * @remarks The study is checked first, so a writer never produces a file the reader would refuse.
 * Fields that are `undefined` are omitted.
 * @throws {@link DataError} when the study is invalid (same issues as {@link parseStudy}, without lines).
 * @example
 * ```ts
 * writeStudy({ format: "qqt.study/v1", buckets: [{ id: "top0-10", size: 12800000 }],
 *   observations: [{ pool: ["top0-10"], samplesSeen: 25600000, error: 0.83 }] });
 * // {
 * //   "format": "qqt.study/v1",
 * //   "buckets": [{ "id": "top0-10", "size": 12800000 }],
 * //   "observations": [{ "pool": ["top0-10"], "samplesSeen": 25600000, "error": 0.83 }]
 * // }
 * ```
 */
export function writeStudy(study: Study): string {
  return stableJson(parseStudy(dropUndefined(study), { file: "<study>" }).data);
}

/** A deep copy without `undefined` members (so optional fields set to undefined are omitted, not reported). @internal */
export function dropUndefined<T>(value: T, depth = 0): T {
  if (value === null || typeof value !== "object" || depth > 64) return value;
  if (Array.isArray(value)) return value.map((v) => dropUndefined(v, depth + 1)) as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (v !== undefined) out[k] = dropUndefined(v, depth + 1);
  }
  return out as T;
}
