import { nonEmptyString, positive, sourceSchema } from "./common.js";
import type { JsonSchema } from "./JsonSchema.js";

/**
 * The JSON Schema (draft 2020-12) of a DataComp manifest (`qqt.datacomp-manifest/v1`), also shipped as
 * `@qqt/data/schemas/qqt.datacomp-manifest.v1.schema.json`.
 *
 * @example
 * ```ts
 * manifestSchema.$id; // "https://qqt.dev/schemas/qqt.datacomp-manifest.v1.schema.json"
 * new Ajv2020().compile(manifestSchema)({ format: "qqt.datacomp-manifest/v1", metric: "avg18" }); // true
 * ```
 */
export const manifestSchema: JsonSchema = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://qqt.dev/schemas/qqt.datacomp-manifest.v1.schema.json",
  title: "qqt DataComp manifest (qqt.datacomp-manifest/v1)",
  description: "Maps a DataComp evaluation directory to buckets (with sizes), pools and samples seen.",
  type: "object",
  required: ["format"],
  properties: {
    format: { const: "qqt.datacomp-manifest/v1" },
    name: { type: "string" },
    description: { type: "string" },
    source: sourceSchema,
    metric: { oneOf: [nonEmptyString, { type: "array", minItems: 1, items: nonEmptyString }] },
    buckets: {
      type: "array",
      minItems: 1,
      items: {
        type: "object",
        required: ["id", "size"],
        properties: {
          id: nonEmptyString,
          size: positive,
          label: { type: "string" },
          quality: {
            type: "object",
            required: ["score"],
            properties: {
              score: nonEmptyString,
              fromPercentile: { type: "number", minimum: 0, maximum: 100 },
              toPercentile: { type: "number", minimum: 0, maximum: 100 },
            },
            additionalProperties: false,
          },
        },
        additionalProperties: false,
      },
    },
    pools: { type: "object", additionalProperties: { type: "array", minItems: 1, items: nonEmptyString } },
    files: {
      type: "array",
      items: {
        type: "object",
        required: ["file", "pool"],
        properties: {
          file: nonEmptyString,
          pool: { type: "array", minItems: 1, items: nonEmptyString },
          samplesSeen: positive,
          epochs: positive,
          tags: { type: "object", additionalProperties: { type: "string" } },
        },
        anyOf: [{ required: ["samplesSeen"] }, { required: ["epochs"] }],
        additionalProperties: false,
      },
    },
  },
  additionalProperties: false,
};
