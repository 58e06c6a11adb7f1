// The documented `--json` output shapes. They are part of the public contract (semver): fields may be added,
// never removed or renamed. Numbers are plain JSON numbers (never NaN or Infinity); optional fields are omitted.
import type { DataIssue, ModelFileV1, SkipCount } from "@qqt/data";

/**
 * The band of the mean curve over a model's bootstrap draws: percentile interval and median.
 *
 * @example
 * ```ts
 * const band: IntervalJson = { low: 0.7391, median: 0.7429, high: 0.7470 };
 * ```
 */
export interface IntervalJson {
  /** Lower end of the percentile interval at the command's confidence level. */
  low: number;
  /** Median over the draws. */
  median: number;
  /** Upper end of the percentile interval. */
  high: number;
}

/**
 * A prediction interval: where one new run's error is expected to fall (the fit's uncertainty plus run-to-run noise).
 *
 * @example
 * ```ts
 * const interval: PredictionIntervalJson = { low: 0.7372, high: 0.7488 };
 * ```
 */
export interface PredictionIntervalJson {
  /** Lower end at the command's confidence level. */
  low: number;
  /** Upper end. */
  high: number;
}

/**
 * How sure the answers can be (the advice engine's status), in every `recommend` / `predict` output.
 *
 * @remarks `kind`: `estimated` (intervals and probabilities given), `not-estimable` (the fit cannot support them:
 * `reasons` say why; no `probability`, no `interval` anywhere), `none` (the model has no bootstrap draws).
 * @example
 * ```ts
 * const u: UncertaintyJson = { kind: "not-estimable", draws: 200, confidence: 0.95, reasons: ["6 runs for 8 free parameters: the runs do not determine the fit"] };
 * ```
 */
export interface UncertaintyJson {
  /** `estimated`, `not-estimable` or `none`. */
  kind: "estimated" | "not-estimable" | "none";
  /** Bootstrap draws of the model. */
  draws: number;
  /** Level of the intervals. */
  confidence: number;
  /** Why it is not estimable. */
  reasons?: string[];
  /** The run-to-run noise the prediction intervals add. */
  noise?: {
    /** Standard deviation of a run around the law. */
    sd: number;
    /** Degrees of freedom of the estimate. */
    degreesOfFreedom: number;
    /** `error` (additive) or `log` (on log error). */
    scale: "error" | "log";
    /** `residuals` or `replicates` (repeated runs). */
    source: "residuals" | "replicates";
  };
}

/**
 * A warning of the advice engine: what limits trust in an answer.
 *
 * @example
 * ```ts
 * const w: WarningJson = { code: "EXTRAPOLATION", budget: 2e10, pool: ["top0-10"], message: "Extrapolation ×156: …" };
 * ```
 */
export interface WarningJson {
  /** `NOT_ESTIMABLE`, `EXTRAPOLATION`, `OUT_OF_RANGE`, `BELOW_LAW_RANGE` or `NO_COVERAGE`. */
  code: string;
  /** What limits trust and what would help. */
  message: string;
  /** The budget it concerns. */
  budget?: number;
  /** The pool it concerns. */
  pool?: string[];
}

/**
 * How far an answer is from the fitted runs.
 *
 * @example
 * ```ts
 * const e: ExtrapolationJson = { factor: 156.25, samplesSeenFactor: 156.25, side: "above", fitted: { low: 25.6e6, high: 128e6 }, passes: 520.8 };
 * ```
 */
export interface ExtrapolationJson {
  /** The larger of the two factors (1 inside the runs). */
  factor: number;
  /** Factor beyond the fitted samples-seen range. */
  samplesSeenFactor: number;
  /** `inside`, `above` or `below` that range. */
  side: "inside" | "above" | "below";
  /** The fitted samples-seen range. */
  fitted: {
    /** Smallest samples seen of a fitted run. */
    low: number;
    /** Largest. */
    high: number;
  };
  /** Passes over the pool at this budget. */
  passes: number;
  /** Most passes a fitted run made over the pool's least-covered bucket. */
  maxFittedPasses?: number;
  /** `passes / maxFittedPasses` when above 1, else 1. */
  passesFactor?: number;
  /** The least-covered bucket. */
  bucket?: string;
}

/**
 * A pool: bucket ids (best-first), a short name and its unique samples.
 *
 * @example
 * ```ts
 * const pool: PoolJson = { pool: ["top0-10", "top10-20"], name: "top 20%", size: 25600000 };
 * ```
 */
export interface PoolJson {
  /** Bucket ids in the model's best-first order. */
  pool: string[];
  /** Short name: `top 20%` when bucket ids or labels give percent ranges, `top-2` for the 2 best buckets, else ids joined by `+`. */
  name: string;
  /** Unique samples of the pool (sum of its buckets' sizes). */
  size: number;
}

/**
 * A candidate pool's predicted error at one budget (`qqt recommend --json`).
 *
 * @example
 * ```ts
 * const c: CandidateJson = { pool: ["top0-10"], name: "top 10%", size: 12800000, error: 0.811987, probability: 0.97 };
 * ```
 */
export interface CandidateJson extends PoolJson {
  /** Predicted error at the budget under the model's point estimate. */
  error: number;
  /** Fraction of the bootstrap draws in which this pool has the lowest error (absent when not estimable or without draws). */
  probability?: number;
  /** Prediction interval of one new run's error (absent when not estimable or without draws). */
  interval?: PredictionIntervalJson;
  /** Band of the mean curve over the draws (same condition). */
  meanInterval?: IntervalJson;
}

/**
 * The best pool at one budget, with a sentence-like label.
 *
 * @example
 * ```ts
 * const best: BestJson = { pool: ["top0-10", "top10-20", "top20-30"], name: "top 30%", size: 38400000,
 *   error: 0.599218, label: "top 30%: 3 buckets, 38.4M unique samples, ~17 passes" };
 * ```
 */
export interface BestJson extends CandidateJson {
  /** `name: N buckets, unique samples, passes over the pool at this budget`. */
  label: string;
  /** Passes over the pool at this budget (budget / size). */
  passes: number;
}

/**
 * A budget at which the best pool changes.
 *
 * @example
 * ```ts
 * const c: CrossoverJson = { budget: 49312345, error: 0.7711,
 *   from: { pool: ["top0-10"], name: "top 10%", size: 12800000 },
 *   to: { pool: ["top0-10", "top10-20"], name: "top 20%", size: 25600000 } };
 * ```
 */
export interface CrossoverJson {
  /** Samples seen at which the two pools predict the same error. */
  budget: number;
  /** Best just below `budget`. */
  from: PoolJson;
  /** Best just above `budget`. */
  to: PoolJson;
  /** The error of both pools at `budget`. */
  error: number;
  /** Spread of this crossover's budget over the bootstrap draws that have it (models with draws only). */
  interval?: CrossoverIntervalJson;
}

/**
 * Spread of a crossover budget over the bootstrap draws.
 *
 * @example
 * ```ts
 * const i: CrossoverIntervalJson = { low: 4.1e7, median: 4.9e7, high: 5.8e7, probability: 0.98 };
 * ```
 */
export interface CrossoverIntervalJson extends IntervalJson {
  /** Fraction of draws in which this crossover (same two pools) occurs in the searched range. */
  probability: number;
}

/**
 * One element of `qqt recommend --json` (which prints an array of them, one per budget, ascending).
 *
 * @remarks The shape the project relies on: `budget`, `best.pool`, `best.error`, `candidates[].pool`,
 * `candidates[].error` and `crossovers`. `crossovers` lists every change of the best pool in the searched range
 * (the budgets' range, or `--range`); it is the same list in every element.
 * @example
 * ```ts
 * const entry: RecommendEntryJson = {
 *   budget: 32000000,
 *   best: { pool: ["top0-10"], name: "top 10%", size: 12800000, error: 0.811987, passes: 2.5,
 *     label: "top 10%: 1 bucket, 12.8M unique samples, 2.5 passes" },
 *   runnerUp: { pool: ["top0-10", "top10-20"], name: "top 20%", size: 25600000, error: 0.823405 },
 *   margin: 0.011418,
 *   candidates: [],
 *   crossovers: [],
 *   range: { min: 32000000, max: 640000000 },
 * };
 * ```
 */
export interface RecommendEntryJson {
  /** Samples seen. */
  budget: number;
  /** The pool with the lowest predicted error (ties to the earlier candidate). */
  best: BestJson;
  /** The second best pool (absent with a single candidate). */
  runnerUp?: CandidateJson;
  /** Runner-up error minus best error (≥ 0; absent with a single candidate). */
  margin?: number;
  /** Every candidate at this budget, in candidate order (nested pools: top-1, top-2, …). */
  candidates: CandidateJson[];
  /** Every budget in `range` where the best pool changes, ascending. */
  crossovers: CrossoverJson[];
  /** The budget range searched for crossovers. */
  range: {
    /** Smallest budget searched. */
    min: number;
    /** Largest budget searched. */
    max: number;
  };
  /** The best pool has been best since this crossover (absent when it is best from the start of `range`). */
  bestFrom?: number;
  /** The best pool stays best until this crossover (absent when it is best to the end of `range`). */
  bestUntil?: number;
  /**
   * Present (true) when the budget is below the law's range, `normalizer / a` samples: there `a·n/N < 1`, every pool
   * predicts more than `1 + d` and the ranking of pools is inverted — an extrapolation, not a recommendation.
   */
  belowLawRange?: true;
  /** Where the law's range starts, `normalizer / a` samples seen (crossovers are searched from here on). */
  lawStart: number;
  /**
   * How far the best pool at this budget is from the fitted runs, as a factor (1 inside them); past 3 the entry has
   * an `EXTRAPOLATION` warning. Absent when the model has no record of its runs.
   */
  extrapolationFactor?: number;
  /** The factors behind `extrapolationFactor`. */
  extrapolation?: ExtrapolationJson;
  /** How sure the answer can be. */
  uncertainty: UncertaintyJson;
  /** What `interval` is: always `prediction` (of one new run); `meanInterval` is the mean curve's band. */
  intervalKind: "prediction";
  /** The model's warnings (e.g. NOT_ESTIMABLE) and this budget's (EXTRAPOLATION, OUT_OF_RANGE, BELOW_LAW_RANGE). */
  warnings: WarningJson[];
}

/**
 * The output of `qqt recommend --json`: one entry per budget, ascending.
 *
 * @example
 * ```ts
 * const out: RecommendJson = JSON.parse(stdout);
 * out.map((r) => r.best.pool.length); // [1, 2, 2, 3] for the T-MARS paper model at 32M, 64M, 128M, 640M
 * ```
 */
export type RecommendJson = RecommendEntryJson[];

/**
 * What a model is, in the outputs of `predict` and `demo`.
 *
 * @example
 * ```ts
 * const m: ModelSummaryJson = { name: "T-MARS ImageNet (paper parameters)", law: { formulation: "utility", variant: "reference" },
 *   metric: "imagenet1k", synthetic: false, draws: 0 };
 * ```
 */
export interface ModelSummaryJson {
  /** The model's name, when it has one. */
  name?: string;
  /** The law's formulation and variant. */
  law: {
    /** `utility` (the paper's) or `effective-data`. */
    formulation: "utility" | "effective-data";
    /** `paper` (Eq. 3: `y = R + d`) or `reference` (the official code). */
    variant: "paper" | "reference";
  };
  /** The metric whose error is predicted, when known. */
  metric?: string;
  /** Whether the model comes from synthetic data. */
  synthetic: boolean;
  /** Number of bootstrap draws carried (0: no intervals). */
  draws: number;
}

/**
 * One predicted error in `qqt predict --json`.
 *
 * @example
 * ```ts
 * const p: PredictionJson = { samplesSeen: 64000000, error: 0.742862, passes: 2.5 };
 * ```
 */
export interface PredictionJson {
  /** Samples seen. */
  samplesSeen: number;
  /** Predicted error under the point estimate. */
  error: number;
  /** Passes over the pool (samplesSeen / size). */
  passes: number;
  /** Prediction interval of one new run's error (absent when not estimable or without draws). */
  interval?: PredictionIntervalJson;
  /** Band of the mean curve over the draws (same condition). */
  meanInterval?: IntervalJson;
  /** How far this prediction is from the fitted runs, as a factor (absent without a record of the runs). */
  extrapolationFactor?: number;
}

/**
 * One pool's predictions in `qqt predict --json`.
 *
 * @example
 * ```ts
 * const p: PredictPoolJson = { pool: ["top0-10"], name: "top 10%", size: 12800000, limitingError: 0.707, predictions: [] };
 * ```
 */
export interface PredictPoolJson extends PoolJson {
  /** The error under unlimited repetition of this pool (the best it can ever reach). */
  limitingError: number;
  /** One prediction per budget, ascending. */
  predictions: PredictionJson[];
}

/**
 * The output of `qqt predict --json`.
 *
 * @example
 * ```ts
 * const out: PredictJson = JSON.parse(stdout);
 * out.pools[1].predictions[0].error; // 0.742862… for top 20% at 64M under the T-MARS paper model
 * ```
 */
export interface PredictJson {
  /** The model used. */
  model: ModelSummaryJson;
  /** Level of the intervals (present when the model carries draws). */
  confidence?: number;
  /** How sure the predictions can be. */
  uncertainty: UncertaintyJson;
  /** What `interval` is: always `prediction` (of one new run). */
  intervalKind: "prediction";
  /** One entry per `--pool`, in the order given (default: the nested pools). */
  pools: PredictPoolJson[];
  /** The model's warnings and each prediction's (extrapolation, impossible values), once each. */
  warnings: WarningJson[];
}

/**
 * A fitted parameter, in `qqt demo --json` and `qqt holdout --json`.
 *
 * @example
 * ```ts
 * const p: ParameterJson = { parameter: "b", bucket: "top0-10", estimate: -0.1796, status: "free",
 *   standardError: 0.004, truth: -0.18 };
 * ```
 */
export interface ParameterJson {
  /** `a`, `d` (task level) or `b`, `tau` (per bucket). */
  parameter: "a" | "d" | "b" | "tau";
  /** The bucket of `b` / `tau`; absent for `a`, `d` and for a parameter shared by every bucket. */
  bucket?: string;
  /** The fitted value. */
  estimate: number;
  /** `free`, `fixed` (held constant) or `shared` (one value for all buckets). */
  status: "free" | "fixed" | "shared";
  /** Standard error (free parameters, when computable). */
  standardError?: number;
  /** Bootstrap percentile interval (when the fit was bootstrapped). */
  interval?: {
    /** Lower end. */
    low: number;
    /** Upper end. */
    high: number;
  };
  /** The true value (the synthetic demo only). */
  truth?: number;
}

/**
 * One held-out run in `qqt holdout --json`.
 *
 * @example
 * ```ts
 * const p: HoldoutPredictionJson = { pool: ["top0-10"], name: "top 10%", samplesSeen: 128000000, observed: 0.7201,
 *   predicted: 0.7187, absoluteError: 0.0014, relativeError: 0.0019, origin: { file: "runs.csv", line: 7 } };
 * ```
 */
export interface HoldoutPredictionJson {
  /** Bucket ids of the run's pool. */
  pool: string[];
  /** Short name of the pool. */
  name: string;
  /** Samples seen of the run. */
  samplesSeen: number;
  /** Observed error. */
  observed: number;
  /** Error predicted by the law fitted on the smaller budgets. */
  predicted: number;
  /** `|predicted − observed|`. */
  absoluteError: number;
  /** `|predicted − observed| / observed` (absent when observed is 0). */
  relativeError?: number;
  /** Passes the run made over its pool. */
  passes: number;
  /** Prediction interval of the run (with `--bootstrap`, when the fit is estimable). */
  interval?: PredictionIntervalJson;
  /** Whether `interval` holds the observed error. */
  covered?: boolean;
  /** How far the run is beyond the fitted ones, as a factor. */
  extrapolationFactor?: number;
  /** Where the run was read from. */
  origin?: {
    /** The input file. */
    file: string;
    /** 1-based line. */
    line: number;
  };
}

/**
 * The output of `qqt holdout --json`.
 *
 * @example
 * ```ts
 * const out: HoldoutJson = JSON.parse(stdout);
 * out.summary.maxAbsoluteError; // e.g. 0.004
 * ```
 */
export interface HoldoutJson {
  /** Runs with samplesSeen ≤ this were fitted; the others are predicted (with `--fit-until`). */
  fitUntil?: number;
  /** Runs with at most this many passes over their pool were fitted (with `--fit-until-passes`). */
  fitUntilPasses?: number;
  /** Number of runs fitted. */
  fitted: number;
  /** Number of runs held out. */
  heldOut: number;
  /** Errors of the extrapolation. */
  summary: {
    /** Held-out runs. */
    count: number;
    /** Mean absolute error. */
    meanAbsoluteError: number;
    /** Largest absolute error. */
    maxAbsoluteError: number;
    /** Root mean squared error. */
    rootMeanSquaredError: number;
    /** Mean relative error (absent when an observed error is 0). */
    meanRelativeError?: number;
    /** How many held-out runs their prediction interval holds (with `--bootstrap`). */
    coverage?: {
      /** Runs inside their interval. */
      covered: number;
      /** Runs with an interval. */
      count: number;
      /** covered / count. */
      fraction: number;
      /** The intervals' level. */
      confidence: number;
    };
  };
  /** One entry per held-out run, in input order. */
  predictions: HoldoutPredictionJson[];
  /** The parameters fitted on the early runs. */
  parameters: ParameterJson[];
  /** The model fitted on the early runs (`qqt.model/v1`). */
  model: ModelFileV1;
}

/**
 * What every command run with `--json` prints on stdout when it fails (the exit code is as without `--json`).
 *
 * @example
 * ```ts
 * const e: ErrorJson = { error: { code: "FILE_NOT_FOUND", message: "cannot read runs.csv: …", exitCode: 1 } };
 * ```
 */
export interface ErrorJson {
  /** The failure. */
  error: {
    /** What failed: a `@qqt/data`, `@qqt/fit`, `@qqt/core` or CLI error code (`USAGE` for a bad command line). */
    code: string;
    /** The message, as printed on stderr without colors. */
    message: string;
    /** The exit code: 1 bad input or failed fit, 2 usage. */
    exitCode: number;
    /** A reader's problems, each with file, line, column, field, expected format and suggestion. */
    issues?: DataIssue[];
  };
}

/**
 * The output of `qqt plan --json`: the decision now, whether it is settled, and the runs worth doing next.
 *
 * @example
 * ```ts
 * const out: PlanJson = JSON.parse(stdout);
 * out.next[0]; // { pool: ["top0-10"], name: "top 10%", samplesSeen: 49251998, passes: 3.85, cost: 49251998, expectedRegretAfter: 0.0005, why: "…" }
 * ```
 */
export interface PlanJson {
  /** `value-of-information`, `identifiability` (the fit cannot weigh the decision yet) or `cold-start`. */
  method: "value-of-information" | "identifiability" | "cold-start";
  /** The decision now, per target. */
  decision: Array<{
    /** Target budget (samples seen). */
    budget: number;
    /** Bucket ids of the best pool. */
    best: string[];
    /** Its name. */
    name: string;
    /** Share of the draws in which it is best (absent when not estimable). */
    probability?: number;
    /** Expected regret of choosing it (absent when not estimable). */
    expectedRegret?: number;
  }>;
  /** Every target's expected regret is below `tolerance`: `next` is empty. */
  settled: boolean;
  /** The largest expected regret over the targets. */
  expectedRegret?: number;
  /** The tolerance used. */
  tolerance: number;
  /** The proposed runs, in order. */
  next: Array<{
    /** Bucket ids. */
    pool: string[];
    /** Pool name. */
    name: string;
    /** Samples seen. */
    samplesSeen: number;
    /** Passes over the pool. */
    passes: number;
    /** Samples seen plus the per-run overhead. */
    cost: number;
    /** Expected regret once this run and those before it are observed. */
    expectedRegretAfter?: number;
    /** Why it is worth running. */
    why: string;
  }>;
  /** Total cost of `next`. */
  totalCost: number;
  /** Candidate runs considered. */
  candidates: number;
  /** The paper's design and its cost (cold start). */
  paperDesign?: {
    /** Runs. */
    runs: number;
    /** Samples seen. */
    cost: number;
  };
  /** What limits the plan. */
  notes: string[];
}

/**
 * What one study holds, in `qqt validate --json`.
 *
 * @example
 * ```ts
 * const s: StudySummaryJson = { name: "runs.csv", metric: "imagenet1k", synthetic: false, observations: 20,
 *   buckets: [{ id: "top0-10", size: 12800000, observations: 5, budgets: 5 }],
 *   pools: [{ pool: ["top0-10"], observations: 5, minSamplesSeen: 25600000, maxSamplesSeen: 128000000 }], notes: [] };
 * ```
 */
export interface StudySummaryJson {
  /** The study's name. */
  name?: string;
  /** The metric's name. */
  metric?: string;
  /** Whether the data is marked synthetic. */
  synthetic: boolean;
  /** Number of runs. */
  observations: number;
  /** Buckets best-first: size, runs that include the bucket, distinct budgets among them. */
  buckets: Array<{
    /** Bucket id. */
    id: string;
    /** Unique samples. */
    size: number;
    /** Display name. */
    label?: string;
    /** Runs whose pool includes this bucket. */
    observations: number;
    /** Distinct samples-seen values among them. */
    budgets: number;
  }>;
  /** Each distinct pool with its number of runs and budget range. */
  pools: Array<{
    /** Bucket ids of the pool. */
    pool: string[];
    /** Runs on this pool. */
    observations: number;
    /** Smallest samples seen. */
    minSamplesSeen: number;
    /** Largest samples seen. */
    maxSamplesSeen: number;
  }>;
  /** Remarks about fitting it (not problems), e.g. a bucket no run covers. */
  notes: string[];
}

/**
 * One input in `qqt validate --json`.
 *
 * @example
 * ```ts
 * const i: ValidateInputJson = { path: "runs.csv", ok: false, issues: [], warnings: [], studies: [] };
 * ```
 */
export interface ValidateInputJson {
  /** The path as given. */
  path: string;
  /** `true` when the input was read without problems. */
  ok: boolean;
  /** The detected format (absent when the input could not be read at all). */
  format?: string;
  /** Every problem, with file, line, column, field, expected format and suggestion. */
  issues: DataIssue[];
  /** Things that did not stop the read. */
  warnings: DataIssue[];
  /** Rows read, used and skipped (with reasons). */
  rows?: {
    /** Data rows or lines read. */
    read: number;
    /** Rows that became runs. */
    used: number;
    /** Rows not used. */
    skipped: number;
    /** Skipped rows by reason. */
    skippedBy: SkipCount[];
    /** Files of a DataComp directory that are not evaluation output (README, checkpoints, …), by extension. */
    skippedFiles?: SkipCount[];
  };
  /** Each study of the input. */
  studies: StudySummaryJson[];
  /** What the model holds, when the input is a model file. */
  model?: ModelSummaryJson & {
    /** Number of buckets. */
    buckets: number;
  };
}

/**
 * The output of `qqt validate --json` (exit code 1 when `ok` is false).
 *
 * @example
 * ```ts
 * const out: ValidateJson = JSON.parse(stdout);
 * out.inputs[0].issues[0].line; // 3
 * ```
 */
export interface ValidateJson {
  /** No problem in any input (and they merge, when several). */
  ok: boolean;
  /** Number of problems found. */
  problems: number;
  /** One entry per input, in the order given. */
  inputs: ValidateInputJson[];
  /** Why several inputs cannot be merged into one study, when they cannot. */
  mergeProblem?: string;
}

/**
 * The output of `qqt demo --json`.
 *
 * @example
 * ```ts
 * const out: DemoJson = JSON.parse(stdout);
 * out.synthetic; // true
 * out.recommendations.map((r) => r.best.name); // ["top 10%", "top 20%", "top 20%", "top 30%"]
 * ```
 */
export interface DemoJson {
  /** Always `true`: the demo's runs are generated, not real. */
  synthetic: true;
  /** What the data is, in words. */
  notice: string;
  /** The built-in example read. */
  example: "datacomp-synthetic";
  /** What was read. */
  study: {
    /** The study's name. */
    name: string;
    /** Runs read. */
    observations: number;
    /** Buckets read. */
    buckets: number;
    /** The metric. */
    metric: string;
  };
  /** The fitted model (`qqt.model/v1`). */
  model: ModelFileV1;
  /** The model the data was generated from (the paper's T-MARS parameters). */
  truth: ModelFileV1;
  /** Fitted against true parameters. */
  parameters: ParameterJson[];
  /** Recommendations of the fitted model. */
  recommendations: RecommendJson;
  /** Recommendations of the true model, for comparison. */
  trueRecommendations: RecommendJson;
}
