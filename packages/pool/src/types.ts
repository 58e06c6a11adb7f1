// The public option and result types shared by bucketPool and writeSubset.

/**
 * Where the scored rows are, and which columns to read.
 *
 * @example
 * ```ts
 * const source: PoolSource = { input: "metadata/*.parquet", id: "uid", score: "clip_l14_similarity_score" };
 * ```
 */
export interface PoolSource {
  /**
   * One file, a directory (searched recursively) or a glob (`shards/*.parquet`, `**` for any depth), or a list of
   * them: parquet (`.parquet`, `.pq`), CSV (`.csv`), TSV (`.tsv`, `.tab`), JSON lines (`.jsonl`, `.ndjson`); CSV, TSV
   * and JSON lines may be gzip- or zstd-compressed (`.csv.gz`).
   */
  input: string | readonly string[];
  /** The id column (default `"uid"`, DataComp's). */
  id?: string;
  /** The score column, e.g. DataComp's `clip_l14_similarity_score`. */
  score: string;
  /** Lower scores are better (default: higher is better). */
  lowerIsBetter?: boolean;
}

/**
 * How DuckDB runs: memory, threads, where it spills, progress and cancellation.
 *
 * @example
 * ```ts
 * const controller = new AbortController();
 * const engine: EngineOptions = { memoryLimit: "8GB", threads: 2, signal: controller.signal, onProgress: (p) => console.error(p.percent) };
 * ```
 */
export interface EngineOptions {
  /** DuckDB's memory limit, e.g. `"8GB"` (default: DuckDB's, 80% of the RAM); sorts larger than this spill to disk. */
  memoryLimit?: string;
  /** Threads DuckDB may use (default: one per core). */
  threads?: number;
  /** Where DuckDB spills (default: a fresh directory under the system's temp directory, removed at the end). */
  tempDirectory?: string;
  /** Called a few times a second while a statement runs. */
  onProgress?: (progress: PoolProgress) => void;
  /** Cancels the work: the running statement is interrupted, no output is left behind, and a `PoolError` `ABORTED` is thrown. */
  signal?: AbortSignal;
}

/**
 * How far a running statement has got (from DuckDB's progress).
 *
 * @example
 * ```ts
 * const p: PoolProgress = { statement: "assignment", percent: 42.5, rowsProcessed: 42_500_000, totalRows: 100_000_000, seconds: 12.1 };
 * ```
 */
export interface PoolProgress {
  /** Which statement: `"edges"` (counts), `"assignment"` (ranks), `"subset"` (selection and write), `"check"` (ties, duplicates). */
  statement: "edges" | "assignment" | "subset" | "check";
  /** Percent of the statement done, 0–100 (DuckDB's estimate). */
  percent: number;
  /** Rows processed so far by the statement's operators (rows scanned first). */
  rowsProcessed: number;
  /** Rows the statement's operators will process in all (DuckDB's estimate; more than the rows read). */
  totalRows: number;
  /** Seconds since the statement started. */
  seconds: number;
}

/**
 * A warning about the pool: nothing failed, but the user should know.
 *
 * @remarks Codes: `EXCLUDED_ROWS` (rows without a usable id or score were left out), `DUPLICATE_IDS` (some ids occur
 * on several rows; every row is kept), `TIED_EDGE` (equal scores straddle a bucket edge; ids decided).
 * @example
 * ```ts
 * const w: PoolWarning = { code: "DUPLICATE_IDS", message: "2 ids occur on more than one row (5 rows), e.g. \"a3\"; every row is kept" };
 * ```
 */
export interface PoolWarning {
  /** A stable code. */
  code: "EXCLUDED_ROWS" | "DUPLICATE_IDS" | "TIED_EDGE";
  /** One sentence. */
  message: string;
}
