import { nonEmptyString } from "./common.js";
import type { JsonSchema } from "./JsonSchema.js";

const count = { type: "integer", minimum: 0, description: "a whole number of rows >= 0" } as const;
const percent = { type: "number", minimum: 0, maximum: 100, description: "a percent in [0, 100]" } as const;

/**
 * The JSON Schema (draft 2020-12) of a pool manifest (`qqt.pool/v1`, written by `qqt pool bucket -o`), also shipped
 * as `@qqt/data/schemas/qqt.pool.v1.schema.json`.
 *
 * @remarks The one source of the format: {@link parsePoolManifest} validates a document against this object (and
 * then checks what a schema cannot say: unique bucket ids, `scoreMin <= scoreMax`, counts that add up).
 * @example
 * ```ts
 * poolManifestSchema.$id; // "https://qqt.dev/schemas/qqt.pool.v1.schema.json"
 * poolManifestSchema.required; // ["format", "source", "rows", "rule", "buckets"]
 * ```
 */
export const poolManifestSchema: JsonSchema = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://qqt.dev/schemas/qqt.pool.v1.schema.json",
  title: "qqt pool manifest (qqt.pool/v1)",
  description:
    "Best-first quality buckets of a scored pool, as written by `qqt pool bucket -o`: the source files and columns, the row counts (read, excluded by reason, duplicate ids), the rule used, and each bucket's row count and score range.",
  type: "object",
  required: ["format", "source", "rows", "rule", "buckets"],
  properties: {
    format: { const: "qqt.pool/v1", description: '"qqt.pool/v1"' },
    generator: { ...nonEmptyString, description: 'the program that wrote the manifest, e.g. "@qqt/pool 0.1.0"' },
    source: {
      type: "object",
      description: "{ files, id, score, order }",
      required: ["files", "id", "score", "order"],
      properties: {
        files: { type: "array", minItems: 1, items: { ...nonEmptyString, description: "a file path" }, description: "the shard files read, at least one" },
        id: { ...nonEmptyString, description: 'the id column, e.g. "uid"' },
        score: { ...nonEmptyString, description: 'the score column, e.g. "clip_l14_similarity_score"' },
        order: { enum: ["higher-is-better", "lower-is-better"], description: '"higher-is-better" or "lower-is-better"' },
      },
      additionalProperties: false,
    },
    rows: {
      type: "object",
      description: "{ read, valid, excluded, duplicates }",
      required: ["read", "valid", "excluded", "duplicates"],
      properties: {
        read: { ...count, description: "the rows read from the files (a whole number >= 0)" },
        valid: { ...count, description: "the rows bucketed: read minus excluded (a whole number >= 0)" },
        excluded: {
          type: "object",
          description: "{ missingId, missingScore, nanScore, infiniteScore, nonNumericScore }",
          required: ["missingId", "missingScore", "nanScore", "infiniteScore", "nonNumericScore"],
          properties: {
            missingId: { ...count, description: "rows whose id is missing or empty (a whole number >= 0)" },
            missingScore: { ...count, description: "rows whose score is missing (a whole number >= 0)" },
            nanScore: { ...count, description: "rows whose score is NaN (a whole number >= 0)" },
            infiniteScore: { ...count, description: "rows whose score is infinite (a whole number >= 0)" },
            nonNumericScore: { ...count, description: "rows whose score is text that is not a number (a whole number >= 0)" },
          },
          additionalProperties: false,
        },
        duplicates: {
          type: "object",
          description: "{ ids, rows, examples }",
          required: ["ids", "rows", "examples"],
          properties: {
            ids: { ...count, description: "ids that occur on more than one valid row (a whole number >= 0)" },
            rows: { ...count, description: "valid rows whose id occurs more than once (a whole number >= 0)" },
            examples: { type: "array", maxItems: 10, items: { type: "string", description: "an id" }, description: "up to 10 duplicated ids" },
          },
          additionalProperties: false,
        },
      },
      additionalProperties: false,
    },
    rule: {
      type: "object",
      description: '{ kind: "exact-rank", edges, ties }',
      required: ["kind", "edges", "ties"],
      properties: {
        kind: { const: "exact-rank", description: '"exact-rank"' },
        edges: { type: "array", minItems: 2, items: percent, description: "the bucket edges in percent, from 0 to 100, increasing" },
        ties: { const: "id-ascending", description: '"id-ascending" (equal scores are ordered by id)' },
      },
      additionalProperties: false,
    },
    buckets: {
      type: "array",
      minItems: 1,
      description: "the buckets, best first, at least one",
      items: {
        type: "object",
        description: "{ id, count, scoreMin, scoreMax, fromPercent, toPercent }",
        required: ["id", "count", "scoreMin", "scoreMax", "fromPercent", "toPercent"],
        properties: {
          id: { ...nonEmptyString, description: 'the bucket id, e.g. "top0-10"' },
          count: { type: "integer", minimum: 1, description: "the rows in the bucket (a whole number >= 1)" },
          scoreMin: { type: "number", description: "the lowest score in the bucket (a finite number)" },
          scoreMax: { type: "number", description: "the highest score in the bucket (a finite number)" },
          fromPercent: percent,
          toPercent: percent,
        },
        additionalProperties: false,
      },
    },
    edges: {
      type: "array",
      description: "the inner edges between buckets, with the tied scores that straddle them",
      items: {
        type: "object",
        description: "{ percent, rank, tiedAbove, tiedBelow }",
        required: ["percent", "rank", "tiedAbove", "tiedBelow"],
        properties: {
          percent,
          rank: { ...count, description: "the rows above the edge (a whole number >= 0)" },
          tiedAbove: { ...count, description: "rows above the edge whose score equals that of a row below it (a whole number >= 0)" },
          tiedBelow: { ...count, description: "rows below the edge whose score equals that of a row above it (a whole number >= 0)" },
        },
        additionalProperties: false,
      },
    },
  },
  additionalProperties: false,
};
