import {
  detectFormat,
  safeParseAuto,
  type DataIssue,
  type InputFile,
  type InputFormat,
  type ModelFileV1,
  type ParseAutoOptions,
  type ReadSummary,
  type SkipCount,
  type Study,
} from "@qqt/data";
import { checkModelLimits } from "./modelFile";

// Reading an import with @qqt/data's parseAuto (in the worker): the studies and model it holds, a summary in words,
// and — when the data leaves a choice open — what the user can choose (metric, accuracy scale) to read it again.

/**
 * The choices an import offers: how to read accuracies, or which metric becomes the error.
 *
 * @example
 * ```ts
 * const c: ImportChoices = { accuracyScale: "fraction", datacompMetric: "avg18" };
 * ```
 */
export interface ImportChoices {
  /** Tidy CSV: whether accuracies in [0, 1] are fractions or percents (asked when the data cannot tell). */
  accuracyScale?: "fraction" | "percent";
  /** Tidy CSV with a `metric` column holding several metrics: the one to read. */
  tidyMetric?: string;
  /** DataComp: a task key, `avg18`, `avg38` or `all`. */
  datacompMetric?: string;
}

/**
 * A choice the user can make to read an import (again): its kind, the options, and the current value.
 *
 * @example
 * ```ts
 * // { kind: "datacompMetric", options: ["imagenet1k", "avg18", "avg38", "all", "cifar10", …], current: "imagenet1k" }
 * ```
 */
export interface ImportChoice {
  kind: keyof ImportChoices;
  options: string[];
  current?: string;
  /** Why it is asked, in a sentence. */
  reason: string;
}

/** DataComp metrics offered first: ImageNet, the official QQT code's 18 tasks, DataComp's 38, every task. */
export const DATACOMP_METRICS: readonly string[] = ["imagenet1k", "avg18", "avg38", "all"];

/** Names of the formats for people. */
const FORMAT_NAMES: Readonly<Record<InputFormat, string>> = {
  "qqt.study/v1": "study JSON",
  "qqt.model/v1": "model JSON",
  "tidy-csv": "tidy CSV",
  datacomp: "DataComp evaluations",
  "openclip-csv": "OpenCLIP results",
};

/**
 * What reading an import gave: studies, a model, the summary in words, and the choices it leaves open; or every
 * issue found (with file, line, column, field, expected value and suggestion) and the choice that may fix it.
 *
 * @example
 * ```ts
 * // { ok: true, format: "tidy-csv", studies: [study], summaryText: "runs.csv (tidy CSV): 20 runs of 4 buckets, …" }
 * ```
 */
export type ReadOutcome =
  | {
      ok: true;
      format: InputFormat;
      studies: Study[];
      model?: ModelFileV1;
      summaryText: string;
      /** Things that did not stop the read but should be known (ignored columns, NaN lines, …). */
      warnings: DataIssue[];
      /** A choice that reads the same files differently (e.g. another DataComp metric). */
      choice?: ImportChoice;
    }
  | { ok: false; format?: InputFormat; message: string; issues: DataIssue[]; choice?: ImportChoice };

/**
 * @qqt/data's parseAuto options for the user's choices (origins kept, so errors can point back to rows).
 *
 * @example
 * ```ts
 * parseOptionsOf({ datacompMetric: "avg18" }); // { withOrigins: true, tidy: {}, datacomp: { metric: "avg18" } }
 * ```
 */
export function parseOptionsOf(choices: ImportChoices): ParseAutoOptions {
  const tidy: NonNullable<ParseAutoOptions["tidy"]> = {};
  if (choices.accuracyScale !== undefined) tidy.accuracyScale = choices.accuracyScale;
  if (choices.tidyMetric !== undefined) tidy.metric = choices.tidyMetric;
  return {
    withOrigins: true,
    tidy,
    datacomp: choices.datacompMetric === undefined ? {} : { metric: choices.datacompMetric },
  };
}

/**
 * Reads an import's files with @qqt/data's `safeParseAuto` and explains the result.
 *
 * @remarks Never throws. A model (from a model file or embedded in a study) is also checked against the advisor's
 * limits. Open choices: `AMBIGUOUS_ACCURACY` → the accuracy scale; `MULTIPLE_METRICS` → the metric column's values
 * (all of them, found by a second read); a DataComp read → its metric (task keys found in the files included).
 * @example
 * ```ts
 * readInput("runs.csv", [{ path: "runs.csv", text: "bucket,pool_size,samples_seen,accuracy\na,1M,2M,0.31\n" }], {});
 * // { ok: false, format: "tidy-csv", issues: [{ code: "AMBIGUOUS_ACCURACY", … }],
 * //   choice: { kind: "accuracyScale", options: ["fraction", "percent"], reason: "…" } }
 * ```
 */
export function readInput(name: string, files: readonly InputFile[], choices: ImportChoices): ReadOutcome {
  let format: InputFormat | undefined;
  try {
    format = detectFormat(files);
  } catch {
    format = undefined;
  }
  const result = safeParseAuto(files, parseOptionsOf(choices));
  if (!result.success) {
    const issues = [...result.error.issues];
    const failure: ReadOutcome = { ok: false, message: result.error.message, issues };
    if (format !== undefined) failure.format = format;
    const choice = choiceForFailure(name, files, choices, format, issues);
    if (choice) failure.choice = choice;
    return failure;
  }
  const { data, summary } = result;
  if (data.model !== undefined) {
    const limits = checkModelLimits(data.model, name);
    if (!limits.ok) {
      return {
        ok: false,
        format: data.format,
        message: limits.error.message,
        issues: limits.error.problems.map((p) => ({ code: "OUT_OF_RANGE", file: name, ...(p.path ? { field: p.path } : {}), message: p.message })),
      };
    }
  }
  const outcome: ReadOutcome = {
    ok: true,
    format: data.format,
    studies: data.studies,
    summaryText: summaryText(name, data.format, data.studies, data.model, summary),
    warnings: [...summary.warnings],
  };
  if (data.model !== undefined) outcome.model = data.model;
  const choice = choiceForSuccess(data.format, data.studies, summary);
  if (choice) outcome.choice = choice;
  return outcome;
}

function choiceForFailure(
  name: string,
  files: readonly InputFile[],
  choices: ImportChoices,
  format: InputFormat | undefined,
  issues: readonly DataIssue[],
): ImportChoice | undefined {
  const codes = new Set(issues.map((i) => i.code));
  if (codes.has("AMBIGUOUS_ACCURACY")) {
    return {
      kind: "accuracyScale",
      options: ["fraction", "percent"],
      reason: ambiguousAccuracyReason(name, issues.find((i) => i.code === "AMBIGUOUS_ACCURACY")!),
    };
  }
  if (codes.has("MULTIPLE_METRICS")) {
    const issue = issues.find((i) => i.code === "MULTIPLE_METRICS")!;
    const first = /metric: "([^"]*)"/.exec(issue.suggestion ?? "")?.[1];
    const options = first === undefined ? [] : metricsOfTidyFile(files, { ...choices, tidyMetric: first });
    return {
      kind: "tidyMetric",
      options: options.length > 0 ? options : first === undefined ? [] : [first],
      reason: `${name} holds runs of several metrics; a study has one. Choose the metric to read.`,
    };
  }
  if (format === "datacomp" && (codes.has("MISSING_TASK") || codes.has("UNKNOWN_METRIC"))) {
    const current = choices.datacompMetric;
    return {
      kind: "datacompMetric",
      options: [...DATACOMP_METRICS],
      ...(current !== undefined ? { current } : {}),
      reason: `Some files of ${name} lack a task of the metric${current === undefined ? "" : ` ${current}`}. Choose a metric every file covers (ImageNet is the paper's).`,
    };
  }
  return undefined;
}

/** Every metric of a tidy CSV with a `metric` column: the one read plus the ones skipped. */
function metricsOfTidyFile(files: readonly InputFile[], choices: ImportChoices): string[] {
  const r = safeParseAuto(files, parseOptionsOf(choices));
  if (!r.success) return [];
  const others = r.summary.skipped.filter((s) => s.reason === "METRIC_NOT_SELECTED").map((s) => s.detail);
  return [choices.tidyMetric!, ...others];
}

function choiceForSuccess(format: InputFormat, studies: readonly Study[], summary: ReadSummary): ImportChoice | undefined {
  const metric = studies[0]?.metric?.name;
  if (format === "datacomp") {
    const tasks = summary.skipped.filter((s) => s.reason === "TASK_NOT_IN_METRIC").map((s) => s.detail);
    const read = studies[0]?.metric?.tasks ?? [];
    const options = [...new Set([...DATACOMP_METRICS, ...read, ...tasks])];
    return {
      kind: "datacompMetric",
      options,
      ...(metric !== undefined ? { current: metric } : {}),
      reason: "The error is 1 − the chosen score. Read the folder again with another task or average.",
    };
  }
  if (format === "tidy-csv") {
    const others = summary.skipped.filter((s) => s.reason === "METRIC_NOT_SELECTED").map((s) => s.detail);
    if (others.length > 0 && metric !== undefined) {
      return { kind: "tidyMetric", options: [metric, ...others], current: metric, reason: "The file holds runs of several metrics." };
    }
  }
  return undefined;
}

/**
 * The outcome of a read in one sentence: what was read, how many runs of how many buckets, the metric, and every
 * kind of skipped row counted (nothing is dropped silently).
 *
 * @example
 * ```ts
 * // "runs.csv (tidy CSV): 20 runs of 4 buckets, metric error. Skipped: 1 blank line."
 * ```
 */
export function summaryText(
  name: string,
  format: InputFormat,
  studies: readonly Study[],
  model: ModelFileV1 | undefined,
  summary: ReadSummary,
): string {
  const head = `${name} (${FORMAT_NAMES[format]}${format === "datacomp" ? `, ${summary.files.length} evaluation file${summary.files.length === 1 ? "" : "s"}` : ""})`;
  const parts: string[] = [];
  if (studies.length > 1) {
    parts.push(`${studies.length} studies (${studies.map((s) => `${s.name ?? "unnamed"}: ${s.observations.length} runs`).join("; ")})`);
  } else if (studies.length === 1) {
    const s = studies[0]!;
    parts.push(`${s.observations.length} run${s.observations.length === 1 ? "" : "s"} of ${s.buckets.length} bucket${s.buckets.length === 1 ? "" : "s"}`);
    if (s.metric) parts.push(`metric ${s.metric.name}`);
  }
  if (model) parts.push(`a model of ${model.buckets.length} bucket${model.buckets.length === 1 ? "" : "s"}${model.fit ? " with its fit" : ""}`);
  let text = `${head}: ${parts.join(", ")}.`;
  const skipped = skippedText([...(summary.skippedFiles ?? []), ...summary.skipped]);
  if (skipped !== "") text += ` Skipped: ${skipped}.`;
  if (summary.warnings.length > 0) text += ` ${summary.warnings.length} warning${summary.warnings.length === 1 ? "" : "s"} (listed below).`;
  return text;
}

/** Why the accuracy scale must be chosen: every value in [0, 1], or a column that mixes percents and fractions. */
function ambiguousAccuracyReason(name: string, issue: DataIssue): string {
  if (/^every accuracy/.test(issue.message)) {
    return `Every accuracy in ${name} lies in [0, 1], so the file does not say whether 0.31 means 31% (a fraction) or 0.31% (a percent).`;
  }
  return `The accuracies in ${name} mix percents and fractions (${issue.message}), so the file does not say how to read them. Choose the scale, or fix the odd rows and import it again.`;
}

const SKIP_WORDS: Readonly<Record<SkipCount["reason"], [string, string]>> = {
  BLANK_LINE: ["blank line", "blank lines"],
  COMMENT_LINE: ["comment line", "comment lines"],
  METRIC_NOT_SELECTED: ["row of another metric", "rows of other metrics"],
  TASK_NOT_IN_METRIC: ["task line the metric does not use", "task lines the metric does not use"],
  TASK_WITHOUT_SCORE: ["task line without a score", "task lines without a score"],
  NOT_A_BUCKET: ["row of a dataset that is not a bucket", "rows of datasets that are not buckets"],
  ARCHITECTURE_NOT_SELECTED: ["row of another architecture", "rows of other architectures"],
  NOT_AN_EVAL_FILE: ["file that is not evaluation output", "files that are not evaluation output"],
};

/** Most distinct details named per reason. */
const DETAILS_NAMED = 4;

function skippedText(skipped: readonly SkipCount[]): string {
  const byReason = new Map<SkipCount["reason"], SkipCount[]>();
  for (const s of skipped) byReason.set(s.reason, [...(byReason.get(s.reason) ?? []), s]);
  const parts: string[] = [];
  for (const [reason, entries] of byReason) {
    const count = entries.reduce((n, e) => n + e.count, 0);
    const [one, many] = SKIP_WORDS[reason];
    const details = reason === "BLANK_LINE" || reason === "COMMENT_LINE" ? [] : entries.map((e) => e.detail);
    const named = details.length > 0 ? ` (${details.slice(0, DETAILS_NAMED).join(", ")}${details.length > DETAILS_NAMED ? `, … ${details.length - DETAILS_NAMED} more` : ""})` : "";
    parts.push(`${count} ${count === 1 ? one : many}${named}`);
  }
  return parts.join("; ");
}
