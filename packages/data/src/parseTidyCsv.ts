import { decodeText } from "./decodeText.js";
import { safely } from "./internal/safely.js";
import { TidyCsvReader } from "./tidy/TidyCsvReader.js";
import type { TidyCsvOptions } from "./tidy/TidyCsvReader.js";
import type { ParseResult, SafeParseResult, Study, TextInput } from "./types.js";

/**
 * Reads a tidy CSV/TSV of training runs (one row per run) into a study.
 *
 * @remarks Header-driven (case, spaces and hyphens in names do not matter):
 * - `bucket` (one bucket id) or `pool` (bucket ids joined by `+`);
 * - `pool_size`: the bucket's unique samples; may be given once per bucket (or via `bucketSizes`);
 * - `samples_seen` (counts such as `25.6M`, see {@link parseCount}), or `epochs` (× pool size);
 * - `error` in [0, 1], or `accuracy` (error = 1 − accuracy; percent only when unambiguous), or `loss`;
 * - optional `metric`, `model`, `seed`, `weight`; other columns are reported in `summary.warnings` and ignored
 *   unless listed in `tagColumns`.
 * RFC 4180 quoting, BOM, CRLF, tab/semicolon delimiters, `#` comment lines and blank lines (counted as skipped).
 * Other names for a column (`samples`, `acc`, `bucket_size`, …) are never read silently: the error suggests renaming
 * or `columns`. Each observation gets `origin: { file, line }`.
 * @throws {@link DataError} with every problem of the file (up to 100), each with line, column and field.
 * @example
 * ```ts
 * const csv = "bucket,pool_size,samples_seen,error\ntop0-10,12.8M,25.6M,0.836\ntop0-10,,51.2M,0.76\n";
 * const { data, summary } = parseTidyCsv(csv, { file: "runs.csv" });
 * data.observations[1]; // { pool: ["top0-10"], samplesSeen: 51200000, error: 0.76, origin: { file: "runs.csv", line: 3 } }
 * summary.buckets; // [{ id: "top0-10", size: 12800000, observations: 2 }]
 * ```
 */
export function parseTidyCsv(input: TextInput, options: TidyCsvOptions = {}): ParseResult<Study> {
  const reader = new TidyCsvReader(options);
  reader.push(decodeText(input, options.file ?? "<input>"));
  return reader.end();
}

/**
 * {@link parseTidyCsv} without throwing.
 *
 * @example
 * ```ts
 * const r = safeParseTidyCsv("bucket,samples,error\na,1M,0.5\n", { file: "runs.csv" });
 * if (!r.success) r.error.issues[0].suggestion; // "found `samples`; rename it to `samples_seen` or pass columns: { samplesSeen: \"samples\" }"
 * ```
 */
export function safeParseTidyCsv(input: TextInput, options: TidyCsvOptions = {}): SafeParseResult<Study> {
  return safely(() => parseTidyCsv(input, options));
}
