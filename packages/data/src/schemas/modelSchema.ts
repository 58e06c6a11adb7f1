import { interval, nonEmptyString, nonNegative, positive, sourceSchema } from "./common.js";
import type { JsonSchema } from "./JsonSchema.js";

/**
 * The JSON Schema (draft 2020-12) of `qqt.model/v1`, also shipped as `@qqt/data/schemas/qqt.model.v1.schema.json`.
 *
 * @remarks Structural rules only; {@link parseModel} checks more (unique bucket ids, draws of the right length,
 * interval order, references to model buckets) and says where.
 * @example
 * ```ts
 * modelSchema.$id; // "https://qqt.dev/schemas/qqt.model.v1.schema.json"
 * ```
 */
export const modelSchema: JsonSchema = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://qqt.dev/schemas/qqt.model.v1.schema.json",
  title: "qqt model (qqt.model/v1)",
  description:
    "A QQT scaling-law model (Goyal et al., CVPR 2024): law, task parameters and per-bucket parameters, best bucket first, with fit diagnostics when fitted.",
  type: "object",
  required: ["format", "law", "task", "buckets"],
  properties: {
    format: { const: "qqt.model/v1" },
    name: { type: "string" },
    description: { type: "string" },
    source: sourceSchema,
    metric: {
      type: "object",
      required: ["name"],
      properties: {
        name: nonEmptyString,
        description: { type: "string" },
        kind: { enum: ["error", "1-accuracy", "loss"], description: "error and 1-accuracy lie in [0, 1]; a loss in [0, inf)." },
      },
      additionalProperties: false,
    },
    law: {
      type: "object",
      required: ["formulation", "variant"],
      properties: {
        formulation: { enum: ["utility", "effective-data"] },
        variant: { enum: ["paper", "reference"] },
      },
      additionalProperties: false,
    },
    task: {
      type: "object",
      required: ["a", "d", "normalizer"],
      properties: {
        a: { ...positive, description: "Sample-count scale (> 0), shared by all buckets." },
        d: { ...nonNegative, description: "Irreducible error (>= 0)." },
        normalizer: { ...positive, description: "Divides the sample count; 1e5 in the official code." },
      },
      additionalProperties: false,
    },
    buckets: {
      type: "array",
      minItems: 1,
      items: {
        type: "object",
        required: ["id", "size", "b", "tau"],
        properties: {
          id: nonEmptyString,
          size: { type: "number", minimum: 1, maximum: 1e18, description: "Unique samples (1 to 1e18, @qqt/core's LAW_DOMAIN)." },
          b: { type: "number", minimum: -100, exclusiveMaximum: 0, description: "Utility exponent, in [-100, 0)." },
          tau: { type: "number", exclusiveMinimum: 0, maximum: 1e12, description: "Utility half-life in repetitions, in (0, 1e12]." },
          label: { type: "string" },
        },
        additionalProperties: false,
      },
    },
    fit: {
      type: "object",
      required: ["generator", "loss", "seed", "observations", "sse", "rmse", "iterations", "converged", "warnings"],
      properties: {
        generator: nonEmptyString,
        createdAt: { type: "string" },
        loss: { enum: ["sse", "huber-log"] },
        seed: { type: "number" },
        options: { type: "object" },
        observations: { type: "integer", minimum: 0 },
        freeParameters: { type: "integer", minimum: 0, description: "Free parameters of the fit (shared ones once, fixed ones not at all)." },
        sse: nonNegative,
        rmse: nonNegative,
        iterations: { type: "integer", minimum: 0 },
        converged: { type: "boolean" },
        warnings: {
          type: "array",
          items: {
            type: "object",
            required: ["code", "message"],
            properties: { code: nonEmptyString, message: { type: "string" } },
            additionalProperties: false,
          },
        },
        standardErrors: {
          type: "object",
          required: ["buckets"],
          properties: {
            a: nonNegative,
            d: nonNegative,
            buckets: {
              type: "array",
              items: {
                type: "object",
                required: ["id"],
                properties: { id: nonEmptyString, b: nonNegative, tau: nonNegative },
                additionalProperties: false,
              },
            },
          },
          additionalProperties: false,
        },
        coverage: {
          type: "object",
          description: "What the fitted runs cover: answers beyond it are extrapolations.",
          required: ["samplesSeen", "buckets", "pools"],
          properties: {
            samplesSeen: interval,
            buckets: {
              type: "array",
              items: {
                type: "object",
                required: ["id", "runs", "maxPasses"],
                properties: { id: nonEmptyString, runs: { type: "integer", minimum: 0 }, maxPasses: nonNegative },
                additionalProperties: false,
              },
            },
            pools: {
              type: "array",
              items: {
                type: "object",
                required: ["pool", "runs", "samplesSeen"],
                properties: {
                  pool: { type: "array", minItems: 1, items: nonEmptyString },
                  runs: { type: "integer", minimum: 1 },
                  samplesSeen: interval,
                },
                additionalProperties: false,
              },
            },
          },
          additionalProperties: false,
        },
        noise: {
          type: "object",
          description: "Run-to-run noise of a new run around the law, for prediction intervals.",
          required: ["sd", "degreesOfFreedom", "scale", "source"],
          properties: {
            sd: nonNegative,
            degreesOfFreedom: { type: "number", minimum: 1 },
            scale: { enum: ["error", "log"] },
            source: { enum: ["residuals", "replicates"] },
          },
          additionalProperties: false,
        },
        bootstrap: {
          type: "object",
          required: ["method", "samples", "seed", "confidence", "intervals", "draws"],
          properties: {
            method: { enum: ["runs", "residuals"] },
            samples: { type: "integer", minimum: 0 },
            seed: { type: "number" },
            confidence: { type: "number", exclusiveMinimum: 0, exclusiveMaximum: 1 },
            intervals: {
              type: "object",
              required: ["buckets"],
              properties: {
                a: interval,
                d: interval,
                buckets: {
                  type: "array",
                  items: {
                    type: "object",
                    required: ["id"],
                    properties: { id: nonEmptyString, b: interval, tau: interval },
                    additionalProperties: false,
                  },
                },
              },
              additionalProperties: false,
            },
            draws: {
              type: "array",
              items: {
                type: "object",
                required: ["a", "d", "b", "tau"],
                properties: {
                  a: { type: "number" },
                  d: { type: "number" },
                  b: { type: "array", items: { type: "number" } },
                  tau: { type: "array", items: { type: "number" } },
                },
                additionalProperties: false,
              },
            },
          },
          additionalProperties: false,
        },
      },
      additionalProperties: false,
    },
    candidates: {
      type: "array",
      minItems: 1,
      description: "Pools to compare when recommending (bucket ids each); default: the nested pools of the best-first buckets.",
      items: { type: "array", minItems: 1, uniqueItems: true, items: nonEmptyString },
    },
  },
  additionalProperties: false,
};
