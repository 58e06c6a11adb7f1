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
  /** Whom to credit: authors, title or venue and year, e.g. `"Goyal et al., CVPR 2024 (arXiv:2404.07177), Fig. 4"`. */
  citation?: string;
  /** Where the data (or the paper or code it comes from) can be found. */
  url?: string;
  /** The data's licence as stated by its owners, e.g. `"CC-BY-4.0"`, or a remark when none is stated. */
  licence?: string;
  /** `true` for generated data: every view of it must say so. */
  synthetic?: boolean;
  /** Anything else a reader should know about the origin, e.g. how values were transcribed. */
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
 * A quality range of a bucket, e.g. top 10–20% by T-MARS score.
 *
 * @example
 * ```ts
 * const quality: BucketQuality = { score: "T-MARS", fromPercentile: 10, toPercentile: 20 };
 * ```
 */
export interface BucketQuality {
  /** Name of the quality score the pool was ranked by, e.g. `"T-MARS"` or `"CLIP score"`. */
  score: string;
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
 * A closed interval, as in bootstrap confidence intervals.
 *
 * @example
 * ```ts
 * const ci: Interval = { low: 0.018, high: 0.026 };
 * ```
 */
export interface Interval {
  /** Lower bound (≤ `high`). */
  low: number;
  /** Upper bound (≥ `low`). */
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
  /** Name and version of the program that made the fit, e.g. `"@qqt/fit 0.1.0"`. */
  generator: string;
  /** When the fit was made, as an ISO 8601 date-time. */
  createdAt?: string;
  /** The loss minimised: `sse` (sum of squared errors) or `huber-log` (Huber loss on log error, robust to outliers). */
  loss: "sse" | "huber-log";
  /** The fit's random seed (starting points, resampling): the same seed and input reproduce the fit. */
  seed: number;
  /** The fit options as given (shared, fixed and bounded parameters, …), JSON-safe, to document and repeat the fit. */
  options?: Record<string, unknown>;
  /** Number of observations fitted (≥ 0). */
  observations: number;
  /** Sum of squared residuals of the error at the fitted parameters (≥ 0). */
  sse: number;
  /** Root-mean-square residual, in units of the error (≥ 0). */
  rmse: number;
  /** Optimizer iterations used (a whole number ≥ 0). */
  iterations: number;
  /** Whether the optimizer met its stopping criterion (`false`: it stopped at its iteration limit). */
  converged: boolean;
  /** Problems that did not stop the fit but limit trust in it; empty when there were none. */
  warnings: ModelFitWarning[];
  /** Standard errors of the fitted parameters; held-constant parameters have no entry. */
  standardErrors?: ModelStandardErrors;
  /** Bootstrap confidence intervals and refits, when the fit ran a bootstrap. */
  bootstrap?: ModelBootstrap;
}

/**
 * A problem a fitter reports without failing, e.g. a parameter that ended on its bound.
 *
 * @example
 * ```ts
 * const warning: ModelFitWarning = {
 *   code: "AT_BOUND",
 *   message: "tau[top30-40] = 2 is on or near its lower bound 2; widen options.bounds.tau or fix the parameter if this is not intended.",
 * };
 * ```
 */
export interface ModelFitWarning {
  /** Stable identifier of the kind of problem, as defined by the fitter (programs may switch on it). */
  code: string;
  /** What happened, in one sentence for people. */
  message: string;
}

/**
 * Standard errors of a fit's parameters (each ≥ 0, in the unit of its parameter). Held-constant parameters have none.
 *
 * @example
 * ```ts
 * const se: ModelStandardErrors = { a: 0.0011, buckets: [{ id: "top0-10", b: 0.004, tau: 0.31 }] };
 * ```
 */
export interface ModelStandardErrors {
  /** Standard error of the task's sample-count scale `a`; absent when `a` was held constant. */
  a?: number;
  /** Standard error of the irreducible error `d`; absent when `d` was held constant. */
  d?: number;
  /** Standard errors of each bucket's parameters, by bucket id. */
  buckets: ModelBucketStandardErrors[];
}

/**
 * Standard errors of one model bucket's parameters.
 *
 * @example
 * ```ts
 * const se: ModelBucketStandardErrors = { id: "top0-10", b: 0.004, tau: 0.31 };
 * ```
 */
export interface ModelBucketStandardErrors {
  /** The id of a bucket of the model. */
  id: string;
  /** Standard error of the utility exponent `b` (≥ 0); absent when `b` was held constant. */
  b?: number;
  /** Standard error of the half-life `tau`, in repetitions (≥ 0); absent when `tau` was held constant. */
  tau?: number;
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
  /** What was resampled: `runs` (the observations, with replacement) or `residuals` (added to the fitted values). */
  method: "runs" | "residuals";
  /** Number of bootstrap refits requested (a whole number ≥ 0); the successful ones are in `draws`. */
  samples: number;
  /** The resampling's random seed. */
  seed: number;
  /** Confidence level of `intervals`, strictly between 0 and 1, e.g. 0.95. */
  confidence: number;
  /** Confidence intervals of the fitted parameters at level `confidence`. */
  intervals: ModelBootstrapIntervals;
  /**
   * Every successful refit, so that intervals for any pool at any budget can be computed later; `b`/`tau` aligned with
   * the model's `buckets` order.
   */
  draws: ModelBootstrapDraw[];
}

/**
 * Bootstrap confidence intervals of a fit's parameters. Held-constant parameters have none.
 *
 * @example
 * ```ts
 * const intervals: ModelBootstrapIntervals = { a: { low: 0.018, high: 0.026 }, buckets: [{ id: "top0-10", b: { low: -0.19, high: -0.17 } }] };
 * ```
 */
export interface ModelBootstrapIntervals {
  /** Interval of the task's sample-count scale `a`; absent when `a` was held constant. */
  a?: Interval;
  /** Interval of the irreducible error `d`; absent when `d` was held constant. */
  d?: Interval;
  /** Intervals of each bucket's parameters, by bucket id. */
  buckets: ModelBucketIntervals[];
}

/**
 * Bootstrap confidence intervals of one model bucket's parameters.
 *
 * @example
 * ```ts
 * const ci: ModelBucketIntervals = { id: "top0-10", b: { low: -0.19, high: -0.17 }, tau: { low: 3.9, high: 4.9 } };
 * ```
 */
export interface ModelBucketIntervals {
  /** The id of a bucket of the model. */
  id: string;
  /** Interval of the utility exponent `b`; absent when `b` was held constant. */
  b?: Interval;
  /** Interval of the half-life `tau`, in repetitions; absent when `tau` was held constant. */
  tau?: Interval;
}

/**
 * The parameters of one successful bootstrap refit, with bucket parameters in the model's bucket order.
 *
 * @example
 * ```ts
 * const draw: ModelBootstrapDraw = { a: 0.021, d: 0.1, b: [-0.18, -0.15], tau: [4.4, 4.2] };
 * ```
 */
export interface ModelBootstrapDraw {
  /** The refit's sample-count scale `a`. */
  a: number;
  /** The refit's irreducible error `d`. */
  d: number;
  /** The refit's utility exponent `b` of each bucket, one per model bucket, in the model's order. */
  b: number[];
  /** The refit's half-life `tau` (repetitions) of each bucket, one per model bucket, in the model's order. */
  tau: number[];
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
  /** Identifier of the bucket, unique within the model, e.g. `"top0-10"`. */
  id: string;
  /** Unique samples in the bucket (> 0). */
  size: number;
  /** Utility exponent (< 0). */
  b: number;
  /** Half-life in repetitions (> 0). */
  tau: number;
  /** Display name, e.g. `"top 0–10%"`. */
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
  /** Format and version tag: always `"qqt.model/v1"`. */
  format: "qqt.model/v1";
  /** Short name to show, e.g. `"T-MARS ImageNet (paper)"`. */
  name?: string;
  /** What the model describes, in a sentence or two. */
  description?: string;
  /** Where the parameters come from; `synthetic: true` marks generated data. */
  source?: SourceInfo;
  /** The evaluation metric whose error the model predicts. */
  metric?: ModelMetric;
  /** Which form of the QQT law the parameters belong to. */
  law: ModelLaw;
  /** The task-level parameters shared by all buckets. */
  task: ModelTask;
  /** The buckets with their fitted parameters, best quality first. */
  buckets: ModelBucket[];
  /** Fit diagnostics; absent for hand-entered models (e.g. the paper's published parameters). */
  fit?: ModelFit;
  /**
   * The pools to compare when recommending, each a list of bucket ids. Absent: the nested pools of the best-first
   * buckets (top-1, top-2, …), which is right when buckets are disjoint quality slices of one pool. Give them when
   * that is not so, e.g. for LAION-80M ⊂ LAION-400M ⊂ LAION-2B, where each dataset is a candidate on its own and no
   * union of them was ever a training set.
   */
  candidates?: string[][];
}

/**
 * The evaluation metric a model predicts the error of.
 *
 * @example
 * ```ts
 * const metric: ModelMetric = { name: "imagenet1k", description: "ImageNet zero-shot top-1 error" };
 * ```
 */
export interface ModelMetric {
  /** Identifier of the metric, e.g. `"imagenet1k"` or `"avg18"`. */
  name: string;
  /** Human-readable description. */
  description?: string;
}

/**
 * Which form of the QQT law a model's parameters belong to (a `@qqt/core` `Law` with both fields given).
 *
 * @remarks See `docs/qqt-law.md` §3 and §5. Parameters fitted under one form do not carry over to another.
 * @example
 * ```ts
 * const law: ModelLaw = { formulation: "utility", variant: "reference" };
 * ```
 */
export interface ModelLaw {
  /**
   * `utility`: the paper's law, where each repetition decays the data's utility exponent (Eq. 1–3);
   * `effective-data`: the appendix's comparison, where repeated samples count for less (Muennighoff et al. style).
   */
  formulation: "utility" | "effective-data";
  /**
   * `paper`: error = R(n) + d, as Eq. 3 is printed; `reference`: `d` is multiplied by the repetition product, as the
   * official code computes it (and as the paper's figures were made).
   */
  variant: "paper" | "reference";
}

/**
 * The task-level parameters of a QQT model, shared by all its buckets (a `@qqt/core` `TaskParams` with its normalizer).
 *
 * @example
 * ```ts
 * const task: ModelTask = { a: 0.022, d: 0.1, normalizer: 100000 };
 * ```
 */
export interface ModelTask {
  /** Sample-count scale (> 0): the law uses `a · n / normalizer` for `n` samples seen. */
  a: number;
  /** Irreducible error (≥ 0), in units of the error. */
  d: number;
  /** Divides the sample count (> 0); 1e5 in the official code. */
  normalizer: number;
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
