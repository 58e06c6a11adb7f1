import type { Bucket, Model, ModelSource, ResolvedLaw } from "@qqt/core";
import type { DataError, DataIssue } from "./DataError.js";

// The model's parts are @qqt/core's types (the file is the Model value); re-exported under the file format's names.
export type {
  Interval,
  ModelMetric,
  ModelTask,
  ModelFit,
  ModelFitWarning,
  ModelStandardErrors,
  ModelBucketStandardErrors,
  ModelCoverage,
  ModelBucketCoverage,
  ModelPoolCoverage,
  ModelNoise,
  ModelBootstrap,
  ModelBootstrapIntervals,
  ModelBucketIntervals,
  ModelBootstrapDraw,
} from "@qqt/core";

/**
 * Where a study or model comes from, and whether it is real: `@qqt/core`'s `ModelSource`.
 *
 * @example
 * ```ts
 * const source: SourceInfo = { citation: "Cherti et al., CVPR 2023", url: "https://github.com/LAION-AI/scaling-laws-openclip" };
 * ```
 */
export type SourceInfo = ModelSource;

/**
 * The metric the observations' `error` was computed from.
 *
 * @remarks `kind`: `error` (already an error rate in [0, 1]), `1-accuracy` (error = 1 − an accuracy-like score,
 * in [0, 1]), `loss` (any value ≥ 0). When absent, errors are checked to lie in [0, 1].
 * @example
 * ```ts
 * const metric: StudyMetric = { name: "imagenet1k", kind: "1-accuracy", description: "ImageNet zero-shot top-1 error" };
 * ```
 */
export interface StudyMetric {
  /** Identifier of the metric, e.g. `"imagenet1k"`, `"avg18"` or a tidy-CSV `metric` value. */
  name: string;
  /** Human-readable description, e.g. `"ImageNet zero-shot top-1 error"`. */
  description?: string;
  /** How `error` relates to the evaluation; when absent, errors are checked to lie in [0, 1]. */
  kind?: MetricKind;
  /** The tasks averaged, e.g. the 18 of `avg18`. */
  tasks?: string[];
}

/**
 * How an observation's `error` relates to the evaluation: see {@link StudyMetric}.
 *
 * @example
 * ```ts
 * const kind: MetricKind = "1-accuracy";
 * ```
 */
export type MetricKind = "error" | "1-accuracy" | "loss";

/**
 * The quality of a bucket: its range by a score (e.g. top 10–20% by T-MARS score), and its quality group.
 *
 * @remarks `group` ties buckets of one quality: the same top-k % of pools of different sizes (a 1/10 pilot pool and
 * the full pool), or the same filter run at two scales. A fit gives all buckets of a group one `b` and one `tau`
 * (`a`, `d` are shared by every bucket as always), so runs at one scale predict the other. The tidy CSV's `quality`
 * column sets it.
 * @example
 * ```ts
 * const quality: BucketQuality = { score: "T-MARS", fromPercentile: 10, toPercentile: 20, group: "top10-20" };
 * ```
 */
export interface BucketQuality {
  /** Name of the quality score the pool was ranked by, e.g. `"T-MARS"` or `"CLIP score"`. */
  score?: string;
  /** Buckets with the same group share `b` and `tau` in a fit. */
  group?: string;
  /** Start of the bucket's range, in percent of the pool ranked best first (0 = the best sample), in [0, 100]. */
  fromPercentile?: number;
  /** End of the bucket's range, in percent of the pool ranked best first, in [0, 100]. */
  toPercentile?: number;
}

/**
 * A bucket of a study: a slice of the pool by quality, with its number of unique samples.
 *
 * @example
 * ```ts
 * const bucket: StudyBucket = { id: "top0-10", size: 12_800_000, label: "top 0–10%" };
 * ```
 */
export interface StudyBucket {
  /** Identifier that observations' `pool` refers to, unique within the study, e.g. `"top0-10"`. */
  id: string;
  /** Unique samples (> 0). */
  size: number;
  /** Display name, e.g. `"top 0–10%"`. */
  label?: string;
  /** The quality range the bucket covers, when known. */
  quality?: BucketQuality;
}

/**
 * Where an observation was read from, so later errors (fit residual outliers, …) can point back to the row.
 *
 * @example
 * ```ts
 * const origin: ObservationOrigin = { file: "runs.csv", line: 7 };
 * ```
 */
export interface ObservationOrigin {
  /** The file as named to the reader (its path, or `<input>` when none was given). */
  file: string;
  /** 1-based line. */
  line: number;
}

/**
 * One training run's result: a model trained on `pool` for `samplesSeen` samples reached `error`.
 *
 * @remarks Structurally a `@qqt/fit` `Observation` (`pool`, `samplesSeen`, `error`, `weight?`) with extra optional
 * fields, so `fit(study)` works without conversion.
 * @example
 * ```ts
 * const obs: StudyObservation = { pool: ["top0-10"], samplesSeen: 25.6e6, error: 0.836, tags: { seed: "1" } };
 * ```
 */
export interface StudyObservation {
  /** Bucket ids trained on together (sampled uniformly). */
  pool: string[];
  /** Samples seen (> 0), repetitions included. */
  samplesSeen: number;
  /** The error (≥ 0; ≤ 1 unless the metric is a loss). */
  error: number;
  /** Relative weight in a fit (> 0); 1 when absent. */
  weight?: number;
  /** The metric this error came from, when the study mixes several or to record it per row. */
  metric?: string;
  /** Free-form labels, e.g. `{ model: "ViT-B-32", seed: "3" }`. */
  tags?: Record<string, string>;
  /** The file and line it was read from. */
  origin?: ObservationOrigin;
}

/**
 * A study: buckets (best-first), observations of training runs, the metric, and optionally a fitted model.
 *
 * @remarks The unit every qqt tool consumes; serialized as `qqt.study/v1` by {@link writeStudy}. A study is
 * structurally a `@qqt/fit` `FitInput`.
 * @example
 * ```ts
 * const study: Study = {
 *   format: "qqt.study/v1",
 *   buckets: [{ id: "top0-10", size: 12800000 }],
 *   observations: [{ pool: ["top0-10"], samplesSeen: 25600000, error: 0.83 }],
 * };
 * ```
 */
export interface Study {
  /** Format and version tag: always `"qqt.study/v1"`. */
  format: "qqt.study/v1";
  /** Short name to show, e.g. `"OpenCLIP ViT-B-32 on LAION"`. */
  name?: string;
  /** What the runs are, in a sentence or two. */
  description?: string;
  /** Where the runs come from; `synthetic: true` marks generated data. */
  source?: SourceInfo;
  /** The metric every observation's `error` comes from (unless an observation names its own `metric`). */
  metric?: StudyMetric;
  /** The buckets, best quality first, with unique ids. */
  buckets: StudyBucket[];
  /** The training runs; each `pool` lists ids of `buckets`. */
  observations: StudyObservation[];
  /** A model of these buckets saved with the study, e.g. the result of a fit. */
  model?: ModelFileV1;
  /**
   * The pools to compare when recommending, each a list of bucket ids. Absent: the nested pools of the best-first
   * buckets (top-1, top-2, …), which is right when buckets are disjoint quality slices of one pool. Give them when
   * that is not so, e.g. for LAION-80M ⊂ LAION-400M ⊂ LAION-2B, where each dataset is a candidate on its own and no
   * union of them was ever a training set.
   */
  candidates?: string[][];
}

/**
 * A QQT model file, `qqt.model/v1`: exactly `@qqt/core`'s `Model` value, serialised as JSON.
 *
 * @remarks One type, no converter: what `parseModel` returns is what the advice engine, the fitter, the CLI
 * and the web take. The name is kept for the file format; new code may use `Model` from `@qqt/core`.
 * @example
 * ```ts
 * const model: ModelFileV1 = {
 *   format: "qqt.model/v1",
 *   law: { formulation: "utility", variant: "reference" },
 *   task: { a: 0.022, d: 0.1, normalizer: 100000 },
 *   buckets: [{ id: "top0-10", size: 12800000, b: -0.18, tau: 4.363636363636363 }],
 * };
 * ```
 */
export type ModelFileV1 = Model;

/**
 * A model bucket with its fitted QQT parameters: `@qqt/core`'s `Bucket`.
 *
 * @example
 * ```ts
 * const bucket: ModelBucket = { id: "top0-10", size: 12.8e6, b: -0.18, tau: 4.363636363636363 };
 * ```
 */
export type ModelBucket = Bucket;

/**
 * Which form of the QQT law a model's parameters belong to: `@qqt/core`'s `ResolvedLaw` (both fields given).
 *
 * @example
 * ```ts
 * const law: ModelLaw = { formulation: "utility", variant: "reference" };
 * ```
 */
export type ModelLaw = ResolvedLaw;

/**
 * Why input rows were not turned into observations. Every skipped row is counted under one reason.
 *
 * @remarks
 * - `BLANK_LINE`, `COMMENT_LINE`: empty lines and lines starting with `#`;
 * - `METRIC_NOT_SELECTED`: a tidy-CSV row of another metric than the one chosen;
 * - `TASK_NOT_IN_METRIC`: a DataComp/OpenCLIP task line the metric does not use (e.g. `mnist` for `avg18`);
 * - `TASK_WITHOUT_SCORE`: a DataComp task line whose `main_metric` is null and that the metric does not need;
 * - `NOT_A_BUCKET`: an OpenCLIP row of an upstream dataset that is not a bucket (e.g. OpenAI's CLIP-WIT);
 * - `ARCHITECTURE_NOT_SELECTED`: an OpenCLIP row of an architecture not asked for;
 * - `NOT_AN_EVAL_FILE`: a file in a DataComp directory that is not evaluation output (README, checkpoints, …); a file,
 *   not a row, so it is listed in {@link ReadSummary.skippedFiles}, never in `skipped`.
 * @example
 * ```ts
 * const reason: SkipReason = "TASK_NOT_IN_METRIC";
 * ```
 */
export type SkipReason =
  | "BLANK_LINE"
  | "COMMENT_LINE"
  | "METRIC_NOT_SELECTED"
  | "TASK_NOT_IN_METRIC"
  | "TASK_WITHOUT_SCORE"
  | "NOT_A_BUCKET"
  | "ARCHITECTURE_NOT_SELECTED"
  | "NOT_AN_EVAL_FILE";

/**
 * A count of skipped rows (or files) for one reason and one detail, e.g. 32 lines of task `mnist`.
 *
 * @example
 * ```ts
 * const skip: SkipCount = { reason: "TASK_NOT_IN_METRIC", detail: "mnist", count: 32, file: "top0-10/eval_results_epoch_2_step_-1.jsonl", line: 19 };
 * ```
 */
export interface SkipCount {
  /** Why the rows were skipped. */
  reason: SkipReason;
  /** What was skipped: the task key, the metric name, the file name, … */
  detail: string;
  /** How many rows (files, in {@link ReadSummary.skippedFiles}) were skipped for this reason and detail (≥ 1). */
  count: number;
  /** File of the first occurrence. */
  file?: string;
  /** 1-based line of the first occurrence in `file`. */
  line?: number;
}

/**
 * The input formats `@qqt/data` reads.
 *
 * @example
 * ```ts
 * const format: InputFormat = "datacomp";
 * ```
 */
export type InputFormat = "qqt.study/v1" | "qqt.model/v1" | "tidy-csv" | "datacomp" | "openclip-csv";

/**
 * What a reader did: rows read, used and skipped (with reasons), buckets and observations per bucket.
 *
 * @remarks Invariants: `rowsRead = rowsUsed + rowsSkipped` and `rowsSkipped` is the sum of `skipped[].count`. A
 * skipped file (a README in a DataComp directory) is not a row: it is listed in `skippedFiles` and counted in neither.
 * No row or file is dropped silently.
 * @example
 * ```ts
 * // { format: "tidy-csv", files: ["runs.csv"], rowsRead: 21, rowsUsed: 20, rowsSkipped: 1,
 * //   skipped: [{ reason: "BLANK_LINE", detail: "blank line", count: 1, file: "runs.csv", line: 22 }],
 * //   observations: 20, buckets: [{ id: "top0-10", size: 12800000, observations: 5 }, …], warnings: [] }
 * ```
 */
export interface ReadSummary {
  /** The format that was read. */
  format: InputFormat;
  /** Files read (for DataComp: evaluation files). */
  files: string[];
  /** Data rows or JSONL lines read (headers excluded). */
  rowsRead: number;
  /** Rows or lines that went into an observation. */
  rowsUsed: number;
  /** Rows or lines not used: `rowsRead − rowsUsed`, each counted under a reason in `skipped`. */
  rowsSkipped: number;
  /** Skipped rows counted by reason and detail, in order of first occurrence; their counts add up to `rowsSkipped`. */
  skipped: SkipCount[];
  /**
   * Files of a DataComp directory that were not read because they are not evaluation output (`NOT_AN_EVAL_FILE`),
   * counted by extension (`detail`, e.g. `.md`) with the first such file; absent when no file was skipped.
   */
  skippedFiles?: SkipCount[];
  /** Number of observations in the result. */
  observations: number;
  /** Each bucket of the result, in study order, with its size and how many observations train on it. */
  buckets: ReadSummaryBucket[];
  /** Things that did not stop the read but a user should know (ignored columns, …). */
  warnings: DataIssue[];
}

/**
 * One bucket in a {@link ReadSummary}: its size and how many observations train on it.
 *
 * @example
 * ```ts
 * const row: ReadSummaryBucket = { id: "top0-10", size: 12800000, observations: 5 };
 * ```
 */
export interface ReadSummaryBucket {
  /** The bucket's id. */
  id: string;
  /** Its unique samples. */
  size: number;
  /** Observations whose pool includes the bucket (a pool of several buckets counts for each of them). */
  observations: number;
}

/**
 * The result of a successful read: the data and its {@link ReadSummary}.
 *
 * @example
 * ```ts
 * const { data, summary } = parseStudy(text); // ParseResult<Study>
 * ```
 */
export interface ParseResult<T> {
  /** What was read: a study, a model, several studies, … depending on the reader. */
  data: T;
  /** What the reader did: rows read, used and skipped, per-bucket counts and warnings. */
  summary: ReadSummary;
}

/**
 * The result of a `safeParse…` function: the data and summary, or the {@link DataError}, never a throw.
 *
 * @example
 * ```ts
 * const r = safeParseStudy("{}");
 * if (!r.success) r.error.code; // "UNKNOWN_FORMAT"
 * ```
 */
export type SafeParseResult<T> =
  | {
      /** `true`: the input was read. */
      success: true;
      /** What was read, as the throwing reader returns it. */
      data: T;
      /** What the reader did (see {@link ReadSummary}). */
      summary: ReadSummary;
    }
  | {
      /** `false`: the input could not be read. */
      success: false;
      /** Every problem found, with file, line and field. */
      error: DataError;
    };

/**
 * Text input: a string, or bytes (UTF-8 with or without BOM, or UTF-16 with a BOM).
 *
 * @example
 * ```ts
 * const input: TextInput = new TextEncoder().encode("bucket,pool_size\n");
 * ```
 */
export type TextInput = string | Uint8Array;

/**
 * A file given in memory, e.g. from a browser file picker (`webkitRelativePath`) or a test.
 *
 * @example
 * ```ts
 * const file: InputFile = { path: "top0-10/eval_results_epoch_2_step_-1.jsonl", text: '{"key":"imagenet1k",…}\n' };
 * ```
 */
export interface InputFile {
  /** Relative path with `/` separators. */
  path: string;
  /** The content. */
  text: TextInput;
}

/**
 * A pool manifest (`qqt.pool/v1`): the best-first quality buckets of a scored pool, as written by
 * `qqt pool bucket -o manifest.json` (`@qqt/pool`'s `bucketPool`). Its JSON Schema is {@link poolManifestSchema}.
 *
 * @remarks Every size comes from the rows present: `rows.valid` rows (read minus excluded) were ranked best first
 * (ties by id ascending) and cut at `rule.edges` percent of `rows.valid`, so bucket counts are exact and add up to
 * `rows.valid`. Its buckets give the sizes of the buckets trained on (`qqt fit --bucket-sizes manifest.json`).
 * @example
 * ```ts
 * const manifest: PoolManifestV1 = {
 *   format: "qqt.pool/v1",
 *   source: { files: ["scores.parquet"], id: "uid", score: "clip_l14_similarity_score", order: "higher-is-better" },
 *   rows: {
 *     read: 20, valid: 20,
 *     excluded: { missingId: 0, missingScore: 0, nanScore: 0, infiniteScore: 0, nonNumericScore: 0 },
 *     duplicates: { ids: 0, rows: 0, examples: [] },
 *   },
 *   rule: { kind: "exact-rank", edges: [0, 50, 100], ties: "id-ascending" },
 *   buckets: [
 *     { id: "top0-50", count: 10, scoreMin: 0.31, scoreMax: 0.42, fromPercent: 0, toPercent: 50 },
 *     { id: "top50-100", count: 10, scoreMin: 0.12, scoreMax: 0.3, fromPercent: 50, toPercent: 100 },
 *   ],
 * };
 * ```
 */
export interface PoolManifestV1 {
  /** Format and version tag: always `"qqt.pool/v1"`. */
  format: "qqt.pool/v1";
  /** The program that wrote the manifest, e.g. `"@qqt/pool 0.1.0"`. */
  generator?: string;
  /** What was read: the files and the two columns, and which way the score points. */
  source: PoolManifestSource;
  /** How many rows were read, excluded (by reason), kept, and how many ids repeat. */
  rows: PoolManifestRows;
  /** The rule that cut the ranked rows into buckets. */
  rule: PoolManifestRule;
  /** The buckets, best first. */
  buckets: PoolManifestBucket[];
  /** The inner edges between consecutive buckets, with the tied scores that straddle each. */
  edges?: PoolManifestEdge[];
}

/**
 * The `source` of a {@link PoolManifestV1}.
 *
 * @example
 * ```ts
 * const source: PoolManifestSource = { files: ["shards/000.parquet"], id: "uid", score: "clip_b32_similarity_score", order: "higher-is-better" };
 * ```
 */
export interface PoolManifestSource {
  /** The shard files read (as given, or found in the directory or by the glob), in sorted order. */
  files: string[];
  /** The id column. */
  id: string;
  /** The score column. */
  score: string;
  /** Whether a higher score is better (the default) or a lower one. */
  order: "higher-is-better" | "lower-is-better";
}

/**
 * The `rows` of a {@link PoolManifestV1}: every row read is either valid or excluded for one reason.
 *
 * @example
 * ```ts
 * const rows: PoolManifestRows = {
 *   read: 1000, valid: 996,
 *   excluded: { missingId: 1, missingScore: 2, nanScore: 1, infiniteScore: 0, nonNumericScore: 0 },
 *   duplicates: { ids: 1, rows: 2, examples: ["6a1f…"] },
 * };
 * ```
 */
export interface PoolManifestRows {
  /** Rows read from the files. */
  read: number;
  /** Rows ranked into buckets (read minus excluded). */
  valid: number;
  /** Rows left out, by reason (each row counted once, under its first reason in this order). */
  excluded: PoolExclusions;
  /** Ids that occur on more than one valid row: reported, never merged (every row is kept and counted). */
  duplicates: PoolDuplicates;
}

/**
 * Rows left out of a pool, by reason (checked in this order; a row counts under its first reason).
 *
 * @example
 * ```ts
 * const excluded: PoolExclusions = { missingId: 0, missingScore: 3, nanScore: 1, infiniteScore: 0, nonNumericScore: 2 };
 * ```
 */
export interface PoolExclusions {
  /** The id is missing (null) or empty. */
  missingId: number;
  /** The score is missing (null or an empty field). */
  missingScore: number;
  /** The score is NaN. */
  nanScore: number;
  /** The score is infinite. */
  infiniteScore: number;
  /** The score is text that is not a number (CSV, JSON). */
  nonNumericScore: number;
}

/**
 * Duplicate ids among the valid rows of a pool.
 *
 * @example
 * ```ts
 * const duplicates: PoolDuplicates = { ids: 2, rows: 5, examples: ["a3", "b7"] };
 * ```
 */
export interface PoolDuplicates {
  /** Distinct ids that occur more than once. */
  ids: number;
  /** Valid rows that carry one of those ids. */
  rows: number;
  /** Up to 10 of those ids, sorted. */
  examples: string[];
}

/**
 * The rule of a {@link PoolManifestV1}: exact ranks, cut at percent edges.
 *
 * @example
 * ```ts
 * const rule: PoolManifestRule = { kind: "exact-rank", edges: [0, 10, 20, 30, 40, 100], ties: "id-ascending" };
 * ```
 */
export interface PoolManifestRule {
  /** `"exact-rank"`: rows ranked best first; bucket `topA-B` holds ranks `round(A% · N) + 1 … round(B% · N)`. */
  kind: "exact-rank";
  /** The edges in percent, increasing from 0 to 100. */
  edges: number[];
  /** How equal scores are ordered: by id, ascending. */
  ties: "id-ascending";
}

/**
 * One bucket of a {@link PoolManifestV1}.
 *
 * @example
 * ```ts
 * const bucket: PoolManifestBucket = { id: "top0-10", count: 1280000, scoreMin: 0.301, scoreMax: 0.52, fromPercent: 0, toPercent: 10 };
 * ```
 */
export interface PoolManifestBucket {
  /** The bucket id, `top<from>-<to>` (e.g. `"top0-10"`). */
  id: string;
  /** Rows in the bucket (>= 1). */
  count: number;
  /** The lowest score in the bucket. */
  scoreMin: number;
  /** The highest score in the bucket. */
  scoreMax: number;
  /** Where the bucket starts, in percent of the valid rows from the best. */
  fromPercent: number;
  /** Where it ends, in percent of the valid rows from the best. */
  toPercent: number;
}

/**
 * An inner edge of a {@link PoolManifestV1}: where one bucket ends and the next starts, and how many rows of equal
 * score the edge splits (ordered by id, the tie-break).
 *
 * @example
 * ```ts
 * const edge: PoolManifestEdge = { percent: 10, rank: 1280000, tiedAbove: 3, tiedBelow: 5 };
 * ```
 */
export interface PoolManifestEdge {
  /** The edge in percent. */
  percent: number;
  /** Rows above the edge (`round(percent% · N)`). */
  rank: number;
  /** Rows above the edge whose score equals the score of the first row below it (0 when no tie straddles it). */
  tiedAbove: number;
  /** Rows below the edge whose score equals the score of the last row above it. */
  tiedBelow: number;
}
