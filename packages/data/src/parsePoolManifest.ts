import type { IssueDraft } from "./DataError.js";
import { parseJsonDocument, raiseLocated } from "./internal/jsonDocument.js";
import { validateSchema } from "./internal/validateSchema.js";
import { poolManifestSchema } from "./schemas/poolManifestSchema.js";
import type { PoolManifestV1, TextInput } from "./types.js";

/**
 * The `format` of a pool manifest, `"qqt.pool/v1"`.
 *
 * @example
 * ```ts
 * POOL_MANIFEST_FORMAT; // "qqt.pool/v1"
 * ```
 */
export const POOL_MANIFEST_FORMAT = "qqt.pool/v1" as const;

/**
 * Options of {@link parsePoolManifest}.
 *
 * @example
 * ```ts
 * const options: ParsePoolManifestOptions = { file: "manifest.json" };
 * ```
 */
export interface ParsePoolManifestOptions {
  /** Names the input in errors (default `<input>`). */
  file?: string;
}

/**
 * Reads a `qqt.pool/v1` manifest (text, bytes, or an already parsed object) and checks it against
 * {@link poolManifestSchema}, then what a schema cannot say: bucket ids are unique, `scoreMin <= scoreMax`, bucket
 * counts add up to `rows.valid`, and `rows.valid` plus the exclusions is `rows.read`.
 *
 * @remarks Its buckets' `count`s are the bucket sizes of a study of runs trained on them (`{ id, size: count }`).
 * @throws {@link DataError} with every issue found, with lines and columns.
 * @example
 * ```ts
 * const manifest = parsePoolManifest(text, { file: "manifest.json" });
 * manifest.buckets.map((b) => [b.id, b.count]); // [["top0-10", 1280000], ["top10-20", 1280000], …]
 * ```
 */
export function parsePoolManifest(input: TextInput | object, options: ParsePoolManifestOptions = {}): PoolManifestV1 {
  const file = options.file ?? "<input>";
  let value: unknown;
  let text: string | undefined;
  if (typeof input === "string" || input instanceof Uint8Array) ({ value, text } = parseJsonDocument(input, file));
  else value = input;
  const drafts: IssueDraft[] = [];
  const format = value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>).format : undefined;
  if (format !== POOL_MANIFEST_FORMAT && value !== null && typeof value === "object" && !Array.isArray(value)) {
    const version = typeof format === "string" && format.startsWith("qqt.pool/");
    drafts.push({
      code: version ? "UNSUPPORTED_VERSION" : "UNKNOWN_FORMAT",
      field: "format",
      message: format === undefined ? 'the document has no "format" field' : `format is ${JSON.stringify(format)}`,
      expected: `"format": "${POOL_MANIFEST_FORMAT}" (a manifest written by qqt pool bucket -o)`,
      ...(version ? { suggestion: "upgrade @qqt/data" } : {}),
    });
    raiseLocated(text, drafts, file);
  }
  if (validateSchema(poolManifestSchema, value, "", drafts)) checkSemantics(value as PoolManifestV1, drafts);
  if (drafts.length > 0) raiseLocated(text, drafts, file);
  return value as PoolManifestV1;
}

function checkSemantics(m: PoolManifestV1, out: IssueDraft[]): void {
  const seen = new Map<string, number>();
  m.buckets.forEach((b, i) => {
    const first = seen.get(b.id);
    if (first !== undefined) {
      out.push({ code: "DUPLICATE_BUCKET", field: `buckets[${i}].id`, message: `bucket ${JSON.stringify(b.id)} is listed twice (also buckets[${first}])`, expected: "unique bucket ids" });
    } else seen.set(b.id, i);
    if (b.scoreMin > b.scoreMax) {
      out.push({ code: "OUT_OF_RANGE", field: `buckets[${i}].scoreMin`, message: `buckets[${i}].scoreMin (${b.scoreMin}) is above scoreMax (${b.scoreMax})`, expected: "scoreMin <= scoreMax" });
    }
    if (b.fromPercent >= b.toPercent) {
      out.push({ code: "OUT_OF_RANGE", field: `buckets[${i}].fromPercent`, message: `buckets[${i}] runs from ${b.fromPercent}% to ${b.toPercent}%`, expected: "fromPercent < toPercent" });
    }
  });
  const total = m.buckets.reduce((n, b) => n + b.count, 0);
  if (total !== m.rows.valid) {
    out.push({ code: "INCONSISTENT_VALUE", field: "rows.valid", message: `the bucket counts add up to ${total}, but rows.valid is ${m.rows.valid}`, expected: "bucket counts that add up to rows.valid" });
  }
  const excluded = Object.values(m.rows.excluded).reduce((n, c) => n + c, 0);
  if (m.rows.valid + excluded !== m.rows.read) {
    out.push({ code: "INCONSISTENT_VALUE", field: "rows.read", message: `rows.read is ${m.rows.read}, but valid (${m.rows.valid}) plus excluded (${excluded}) is ${m.rows.valid + excluded}`, expected: "rows.read = rows.valid + the exclusions" });
  }
  const edges = m.rule.edges;
  const increasing = edges.every((e, i) => i === 0 || e > edges[i - 1]!);
  if (edges[0] !== 0 || edges[edges.length - 1] !== 100 || !increasing) {
    out.push({ code: "INVALID_VALUE", field: "rule.edges", message: `rule.edges is [${edges.join(", ")}]`, expected: "edges increasing from 0 to 100" });
  }
}
