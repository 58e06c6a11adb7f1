import { nonEmptyString, positive, sourceSchema } from "./common.js";
import type { JsonSchema } from "./JsonSchema.js";

/**
 * The JSON Schema (draft 2020-12) of `qqt.study/v1`, also shipped as `@qqt/data/schemas/qqt.study.v1.schema.json`.
 *
 * @remarks The embedded `model` refers to {@link modelSchema} by `$id` (register both with your validator).
 * {@link parseStudy} checks more than the schema can (known and distinct pool ids, duplicates, error ≤ 1 unless the
 * metric is a loss) and says where.
 * @example
 * ```ts
 * studySchema.required; // ["format", "buckets", "observations"]
 * ```
 */
export const studySchema: JsonSchema = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://qqt.dev/schemas/qqt.study.v1.schema.json",
  title: "qqt study (qqt.study/v1)",
  description:
    "Training runs for the QQT scaling law: buckets of a pool by quality (best first) with their unique-sample counts, and observations (pool, samples seen, error).",
  type: "object",
  required: ["format", "buckets", "observations"],
  properties: {
    format: { const: "qqt.study/v1" },
    name: { type: "string" },
    description: { type: "string" },
    source: sourceSchema,
    metric: {
      type: "object",
      required: ["name"],
      properties: {
        name: nonEmptyString,
        description: { type: "string" },
        kind: { enum: ["error", "1-accuracy", "loss"] },
        tasks: { type: "array", items: nonEmptyString },
      },
      additionalProperties: false,
    },
    buckets: {
      type: "array",
      minItems: 1,
      items: {
        type: "object",
        required: ["id", "size"],
        properties: {
          id: nonEmptyString,
          size: { type: "number", minimum: 1, maximum: 1e18, description: "Unique samples in the bucket (1 to 1e18, @qqt/core's LAW_DOMAIN)." },
          label: { type: "string" },
          quality: {
            type: "object",
            minProperties: 1,
            properties: {
              score: nonEmptyString,
              fromPercentile: { type: "number", minimum: 0, maximum: 100 },
              toPercentile: { type: "number", minimum: 0, maximum: 100 },
              group: {
                ...nonEmptyString,
                description: "Quality group: buckets with the same group (e.g. the same top-k% of pools of different sizes) share b and tau in a fit.",
              },
            },
            additionalProperties: false,
          },
        },
        additionalProperties: false,
      },
    },
    observations: {
      type: "array",
      items: {
        type: "object",
        required: ["pool", "samplesSeen", "error"],
        properties: {
          pool: { type: "array", minItems: 1, uniqueItems: true, items: nonEmptyString },
          samplesSeen: { ...positive, description: "Samples seen, repetitions included." },
          error: { type: "number", minimum: 0, description: "Error (<= 1 unless metric.kind is loss)." },
          weight: positive,
          metric: nonEmptyString,
          tags: { type: "object", additionalProperties: { type: "string" } },
          origin: {
            type: "object",
            required: ["file", "line"],
            properties: { file: nonEmptyString, line: { type: "integer", minimum: 1 } },
            additionalProperties: false,
          },
        },
        additionalProperties: false,
      },
    },
    model: { $ref: "https://qqt.dev/schemas/qqt.model.v1.schema.json" },
    candidates: {
      type: "array",
      minItems: 1,
      description: "Pools to compare when recommending (bucket ids each); default: the nested pools of the best-first buckets.",
      items: { type: "array", minItems: 1, uniqueItems: true, items: nonEmptyString },
    },
  },
  additionalProperties: false,
};
