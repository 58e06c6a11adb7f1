import type { DataIssue, InputFile, ModelFileV1, ReadSummary, Study } from "@qqt/data";
import { AdvisorError, problemFromIssue, type Problem } from "./AdvisorError";
import type { FitSettings } from "./fitSettings";
import { fitErrorHeadline } from "./fitWarnings";
import type { HoldoutSplit, HoldoutView } from "./holdout";
import type { ImportChoices, ReadOutcome } from "./readInput";

// The messages between the page and lib/fit.worker.ts. Everything here is plain data (structured-clone safe) and the
// functions are pure, so the protocol is tested in Node without a worker.

/**
 * A job for the worker: read an import, load a built-in example, fit a study (with its bootstrap), or test a fit by
 * holdout (fit on the smaller budgets with a bootstrap, predict the larger runs).
 *
 * @example
 * ```ts
 * const job: WorkerJob = { kind: "fit", id: 3, study, settings: DEFAULT_FIT_SETTINGS, label: "runs.csv" };
 * ```
 */
export type WorkerJob =
  | { kind: "read"; id: number; name: string; files: InputFile[]; choices: ImportChoices }
  | { kind: "example"; id: number; exampleId: string; datacompMetric?: string }
  | { kind: "fit"; id: number; study: Study; settings: FitSettings; label: string }
  | { kind: "holdout"; id: number; study: Study; settings: FitSettings; split: HoldoutSplit; refits: number };

/**
 * What the page sends: a job, or the request to cancel one.
 *
 * @example
 * ```ts
 * const cancel: WorkerRequest = { kind: "cancel", id: 3 };
 * ```
 */
export type WorkerRequest = WorkerJob | { kind: "cancel"; id: number };

/**
 * A failure as it crosses to the page (an Error's own fields do not survive `postMessage`).
 *
 * @example
 * ```ts
 * // { name: "FitError", code: "ABORTED", message: "options.signal: the bootstrap was aborted after 12 refits.", path: "options.signal" }
 * ```
 */
export interface JobError {
  name: string;
  code: string;
  message: string;
  /** The input field at fault (FitError). */
  path?: string;
  /** Every problem of the input (DataError). */
  issues?: DataIssue[];
}

/**
 * Progress of a fit: `fit` (the point fit, no count) then `bootstrap` (refits done of total).
 *
 * @example
 * ```ts
 * const p: FitProgress = { phase: "bootstrap", done: 40, total: 200, failures: 0 };
 * ```
 */
export interface FitProgress {
  phase: "fit" | "bootstrap";
  done: number;
  total: number;
  failures: number;
}

/**
 * What the worker sends back: progress, then exactly one of a result or `failed` per job.
 *
 * @example
 * ```ts
 * const done: WorkerResponse = { kind: "fit-done", id: 3, model, elapsedMs: 2140 };
 * ```
 */
export type WorkerResponse =
  | ({ kind: "progress"; id: number } & FitProgress)
  | { kind: "read-done"; id: number; outcome: ReadOutcome }
  | { kind: "example-done"; id: number; exampleId: string; model?: ModelFileV1; study?: Study; summary?: ReadSummary }
  | { kind: "fit-done"; id: number; model: ModelFileV1; elapsedMs: number }
  | { kind: "holdout-done"; id: number; holdout: HoldoutView; elapsedMs: number }
  | { kind: "failed"; id: number; error: JobError };

/**
 * Any thrown value as a {@link JobError}: `code` from `FitError`/`DataError`/`AdvisorError`, `issues` from a
 * `DataError`, `path` from a `FitError`.
 *
 * @example
 * ```ts
 * jobError(new RangeError("bad")); // { name: "RangeError", code: "UNEXPECTED", message: "bad" }
 * ```
 */
export function jobError(error: unknown): JobError {
  if (error !== null && typeof error === "object") {
    const e = error as { name?: unknown; code?: unknown; message?: unknown; path?: unknown; issues?: unknown };
    const out: JobError = {
      name: typeof e.name === "string" ? e.name : "Error",
      code: typeof e.code === "string" ? e.code : "UNEXPECTED",
      message: typeof e.message === "string" ? e.message : String(error),
    };
    if (typeof e.path === "string" && e.path !== "") out.path = e.path;
    if (Array.isArray(e.issues)) out.issues = e.issues.map((i: DataIssue) => ({ ...i }));
    return out;
  }
  return { name: "Error", code: "UNEXPECTED", message: String(error) };
}

/**
 * Whether a failure is a cancellation (the user pressed Cancel): shown politely, not as an error.
 *
 * @example
 * ```ts
 * isCancellation({ name: "FitError", code: "ABORTED", message: "…" }); // true
 * ```
 */
export function isCancellation(error: JobError): boolean {
  return error.code === "ABORTED";
}

/**
 * A failed job as the page's {@link AdvisorError}: a cancellation (`FIT_CANCELLED`), a fit that could not be done
 * (`FIT_FAILED`, with the field at fault), or unreadable input (`INVALID_INPUT`, with every located problem).
 *
 * @example
 * ```ts
 * advisorErrorOf({ name: "FitError", code: "INSUFFICIENT_DATA", message: "only 1 observation", path: "observations" }, "runs.csv");
 * // AdvisorError FIT_FAILED "Not enough runs for this fit: only 1 observation", problems [{ file: "runs.csv", path: "observations", … }]
 * ```
 */
export function advisorErrorOf(error: JobError, label: string): AdvisorError {
  if (isCancellation(error)) {
    const done = /after (\d+) refits/.exec(error.message)?.[1];
    return new AdvisorError(
      "FIT_CANCELLED",
      `Fit cancelled${done !== undefined ? ` after ${done} bootstrap refits` : ""}. Nothing was changed; the models already loaded are all still here.`,
    );
  }
  if (error.issues && error.issues.length > 0) {
    return new AdvisorError("INVALID_INPUT", firstLine(error.message), error.issues.map(problemFromIssue));
  }
  if (error.name === "FitError") {
    const detail = error.path ? error.message.replace(`${error.path}: `, "") : error.message;
    const problem: Problem = { file: label, path: error.path ?? "", message: detail, code: error.code };
    return new AdvisorError("FIT_FAILED", `${fitErrorHeadline(error.code)}: ${detail}`, [problem]);
  }
  return new AdvisorError("FIT_FAILED", `${label}: ${error.message}`);
}

function firstLine(text: string): string {
  const i = text.indexOf("\n");
  return i < 0 ? text : text.slice(0, i);
}

/**
 * A progress message as a fraction of the whole job in [0, 1] (the point fit counts as the first 5%), or undefined
 * while nothing can be counted.
 *
 * @example
 * ```ts
 * progressFraction({ phase: "bootstrap", done: 100, total: 200, failures: 0 }); // 0.525
 * ```
 */
export function progressFraction(progress: FitProgress): number | undefined {
  if (progress.phase === "fit") return progress.total > 0 && progress.done >= progress.total ? POINT_FIT_SHARE : undefined;
  if (progress.total <= 0) return undefined;
  return POINT_FIT_SHARE + (1 - POINT_FIT_SHARE) * Math.min(1, progress.done / progress.total);
}

/** Share of a fit's progress bar taken by the point fit (the bootstrap is the rest). */
export const POINT_FIT_SHARE = 0.05;

/**
 * The progress in words, e.g. for the progress bar's `aria-valuetext`.
 *
 * @example
 * ```ts
 * progressText({ phase: "bootstrap", done: 40, total: 200, failures: 2 }); // "Bootstrap: 40 of 200 refits (2 failed)"
 * ```
 */
export function progressText(progress: FitProgress): string {
  if (progress.phase === "fit") return progress.done >= progress.total && progress.total > 0 ? "Point fit done" : "Fitting the parameters…";
  const failed = progress.failures > 0 ? ` (${progress.failures} failed)` : "";
  return `Bootstrap: ${progress.done} of ${progress.total} refits${failed}`;
}

/**
 * Whether a value received from a worker is one of its responses (anything else is ignored).
 *
 * @example
 * ```ts
 * isWorkerResponse({ kind: "progress", id: 1, phase: "fit", done: 0, total: 1, failures: 0 }); // true
 * isWorkerResponse({ kind: "hello" }); // false
 * ```
 */
export function isWorkerResponse(value: unknown): value is WorkerResponse {
  if (value === null || typeof value !== "object") return false;
  const v = value as { kind?: unknown; id?: unknown };
  return typeof v.id === "number" && ["progress", "read-done", "example-done", "fit-done", "holdout-done", "failed"].includes(v.kind as string);
}

/** Smallest interval between two progress messages of a job: the page repaints at most this often for progress. */
export const PROGRESS_INTERVAL_MS = 50;

/**
 * A throttle for progress messages: passes the first, the last (done = total), and one per
 * {@link PROGRESS_INTERVAL_MS}.
 *
 * @example
 * ```ts
 * const pass = progressThrottle(() => clock);
 * pass({ phase: "bootstrap", done: 1, total: 200, failures: 0 }); // true
 * pass({ phase: "bootstrap", done: 2, total: 200, failures: 0 }); // false (same millisecond)
 * ```
 */
export function progressThrottle(now: () => number, interval = PROGRESS_INTERVAL_MS): (p: FitProgress) => boolean {
  let last = Number.NEGATIVE_INFINITY;
  return (p) => {
    const t = now();
    if (p.done >= p.total || t - last >= interval) {
      last = t;
      return true;
    }
    return false;
  };
}
