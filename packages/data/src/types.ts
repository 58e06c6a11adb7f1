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
