/**
 * What went wrong in a {@link PoolError}.
 *
 * @remarks Stable string literals: programs may switch on them.
 * - `INVALID_OPTION`: an option is out of range or malformed (bucket count, edges, percent, memory limit, threads, a
 *   bucket id that is not `top<from>-<to>`).
 * - `FILE_NOT_FOUND`: an input path (or the output's directory) does not exist.
 * - `NO_SHARDS`: a directory or glob holds no file in a readable format.
 * - `UNSUPPORTED_FORMAT`: a file's extension is not one of the readable formats.
 * - `EMPTY_INPUT`: a file is empty, or no row is left to bucket once invalid rows are excluded.
 * - `MISSING_COLUMN`: the id or score column is not in a file.
 * - `TOO_FEW_ROWS`: fewer valid rows than it takes to give every bucket at least one.
 * - `INVALID_UID`: a selected id is not 32 hexadecimal digits (the `datacomp-npy` format needs them).
 * - `READ_FAILED`: DuckDB could not read an input (corrupt parquet, malformed CSV or JSON).
 * - `WRITE_FAILED`: the output could not be written (nothing is left behind).
 * - `ABORTED`: the work was cancelled through the `signal` (nothing is left behind).
 * @example
 * ```ts
 * const code: PoolErrorCode = "MISSING_COLUMN";
 * ```
 */
export type PoolErrorCode =
  | "INVALID_OPTION"
  | "FILE_NOT_FOUND"
  | "NO_SHARDS"
  | "UNSUPPORTED_FORMAT"
  | "EMPTY_INPUT"
  | "MISSING_COLUMN"
  | "TOO_FEW_ROWS"
  | "INVALID_UID"
  | "READ_FAILED"
  | "WRITE_FAILED"
  | "ABORTED";

/**
 * Where a {@link PoolError} happened, when it concerns a file, a row or a field.
 *
 * @example
 * ```ts
 * const where: PoolErrorLocation = { file: "shards/000.parquet", row: 17, field: "uid", value: "zz" };
 * ```
 */
export interface PoolErrorLocation {
  /** The file concerned. */
  file?: string;
  /** 1-based line of the row in a CSV/TSV or JSONL file (the header is line 1 of a CSV). */
  line?: number;
  /** 0-based index of the row in a parquet file. */
  row?: number;
  /** The column or option concerned. */
  field?: string;
  /** The offending value, at most 200 characters of it. */
  value?: string;
}

/** At most this many characters of an input value are quoted in a message. */
const QUOTE_LIMIT = 200;

/**
 * Quotes at most 200 characters of an input value for a message (JSON string syntax, `…` when cut).
 *
 * @example
 * ```ts
 * quoteValue("zz"); // "\"zz\""
 * ```
 */
export function quoteValue(value: string): string {
  return value.length > QUOTE_LIMIT ? `${JSON.stringify(value.slice(0, QUOTE_LIMIT))}…` : JSON.stringify(value);
}

/**
 * The one error class of `@qqt/pool`: what failed, the expected format, and where (file, line or row, field, value).
 *
 * @remarks The message leads with what failed and shows the expected format. An error thrown by a writer leaves
 * no output file behind.
 * @example
 * ```ts
 * try {
 *   await bucketPool({ input: "scores.parquet", score: "clip_score", buckets: 10 });
 * } catch (e) {
 *   if (e instanceof PoolError && e.code === "MISSING_COLUMN") console.error(e.message, e.file, e.field);
 * }
 * ```
 */
export class PoolError extends Error {
  /** Always `"PoolError"`. */
  override readonly name = "PoolError";
  /** What failed. */
  readonly code: PoolErrorCode;
  /** The file concerned, when there is one. */
  readonly file: string | undefined;
  /** 1-based line in a text file, when known. */
  readonly line: number | undefined;
  /** 0-based row index in a parquet file, when known. */
  readonly row: number | undefined;
  /** The column or option concerned. */
  readonly field: string | undefined;
  /** The offending value (at most 200 characters). */
  readonly value: string | undefined;

  /**
   * @param code - What failed.
   * @param message - What failed and the expected format, in one or a few sentences.
   * @param where - The file, line or row, field and value concerned.
   */
  constructor(code: PoolErrorCode, message: string, where: PoolErrorLocation = {}) {
    super(message);
    this.code = code;
    this.file = where.file;
    this.line = where.line;
    this.row = where.row;
    this.field = where.field;
    this.value = where.value === undefined ? undefined : where.value.slice(0, QUOTE_LIMIT);
  }
}
