import type { DataError, DataIssue } from "./DataError.js";

/**
 * Where a study or model comes from, and whether it is real.
 *
 * @example
 * ```ts
 * const source: SourceInfo = { citation: "Cherti et al., CVPR 2023", url: "https://github.com/LAION-AI/scaling-laws-openclip" };
 * ```
 */
export interface SourceInfo {
  citation?: string;
  url?: string;
  licence?: string;
  /** `true` for generated data: every view of it must say so. */
  synthetic?: boolean;
  note?: string;
}

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
  name: string;
  description?: string;
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
 * A quality range of a bucket, e.g. top 10–20% by T-MARS score.
 *
 * @example
 * ```ts
 * const quality: BucketQuality = { score: "T-MARS", fromPercentile: 10, toPercentile: 20 };
 * ```
 */
export interface BucketQuality {
  score: string;
  fromPercentile?: number;
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
  id: string;
  /** Unique samples (> 0). */
  size: number;
  label?: string;
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
  format: "qqt.study/v1";
  name?: string;
  description?: string;
  source?: SourceInfo;
  metric?: StudyMetric;
  buckets: StudyBucket[];
  observations: StudyObservation[];
  model?: ModelFileV1;
}

/**
 * A closed interval, as in bootstrap confidence intervals.
 *
 * @example
 * ```ts
 * const ci: Interval = { low: 0.018, high: 0.026 };
 * ```
 */
export interface Interval {
  low: number;
  high: number;
}

/**
 * Diagnostics of a fitted model, as written by `@qqt/fit`.
 *
 * @example
 * ```ts
 * const fit: ModelFit = { generator: "@qqt/fit 0.1.0", loss: "sse", seed: 1, observations: 20, sse: 1e-4,
 *   rmse: 0.0022, iterations: 41, converged: true, warnings: [] };
 * ```
 */
export interface ModelFit {
  generator: string;
  createdAt?: string;
  loss: "sse" | "huber-log";
  seed: number;
  options?: Record<string, unknown>;
  observations: number;
  sse: number;
  rmse: number;
  iterations: number;
  converged: boolean;
  warnings: Array<{ code: string; message: string }>;
  standardErrors?: { a?: number; d?: number; buckets: Array<{ id: string; b?: number; tau?: number }> };
  bootstrap?: ModelBootstrap;
}

/**
 * Bootstrap uncertainty of a fitted model: intervals and every successful refit.
 *
 * @example
 * ```ts
 * const boot: ModelBootstrap = { method: "runs", samples: 200, seed: 7, confidence: 0.95,
 *   intervals: { buckets: [] }, draws: [{ a: 0.02, d: 0.1, b: [-0.18], tau: [4.4] }] };
 * ```
 */
export interface ModelBootstrap {
  method: "runs" | "residuals";
  samples: number;
  seed: number;
  confidence: number;
  intervals: {
    a?: Interval;
    d?: Interval;
    buckets: Array<{ id: string; b?: Interval; tau?: Interval }>;
  };
  /** `b`/`tau` aligned with the model's `buckets` order. */
  draws: Array<{ a: number; d: number; b: number[]; tau: number[] }>;
}

/**
 * A model bucket: a {@link StudyBucket} with its fitted QQT parameters (a `@qqt/core` `Bucket`).
 *
 * @example
 * ```ts
 * const bucket: ModelBucket = { id: "top0-10", size: 12.8e6, b: -0.18, tau: 4.363636363636363 };
 * ```
 */
export interface ModelBucket {
  id: string;
  size: number;
  /** Utility exponent (< 0). */
  b: number;
  /** Half-life in repetitions (> 0). */
  tau: number;
  label?: string;
}

/**
 * A QQT model file, `qqt.model/v1`: law, task parameters and bucket parameters, with fit diagnostics when fitted.
 *
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
export interface ModelFileV1 {
  format: "qqt.model/v1";
  name?: string;
  description?: string;
  source?: SourceInfo;
  metric?: { name: string; description?: string };
  law: { formulation: "utility" | "effective-data"; variant: "paper" | "reference" };
  task: { a: number; d: number; normalizer: number };
  /** Best-first. */
  buckets: ModelBucket[];
  fit?: ModelFit;
}

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
 * - `NOT_AN_EVAL_FILE`: a file in a DataComp directory that is not evaluation output (README, checkpoints, …).
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
  reason: SkipReason;
  /** What was skipped: the task key, the metric name, the file name, … */
  detail: string;
  count: number;
  /** First occurrence. */
  file?: string;
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
 * @remarks Invariant: `rowsRead = rowsUsed + rowsSkipped`, and `rowsSkipped` is the sum of `skipped[].count` over
 * row reasons (`NOT_AN_EVAL_FILE` counts files, not rows, and is not included). No row is dropped silently.
 * @example
 * ```ts
 * // { format: "tidy-csv", files: ["runs.csv"], rowsRead: 21, rowsUsed: 20, rowsSkipped: 1,
 * //   skipped: [{ reason: "BLANK_LINE", detail: "blank line", count: 1, file: "runs.csv", line: 22 }],
 * //   observations: 20, buckets: [{ id: "top0-10", size: 12800000, observations: 5 }, …], warnings: [] }
 * ```
 */
export interface ReadSummary {
  format: InputFormat;
  /** Files read (for DataComp: evaluation files). */
  files: string[];
  /** Data rows or JSONL lines read (headers excluded). */
  rowsRead: number;
  rowsUsed: number;
  rowsSkipped: number;
  skipped: SkipCount[];
  observations: number;
  buckets: Array<{ id: string; size: number; observations: number }>;
  /** Things that did not stop the read but a user should know (ignored columns, …). */
  warnings: DataIssue[];
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
  data: T;
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
  | { success: true; data: T; summary: ReadSummary }
  | { success: false; error: DataError };

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
