import type { ModelFileV1, Study } from "@qqt/data";
import { bootstrap, fit, holdout, toModelFile, type BootstrapResult } from "@qqt/fit";
import { loadExample } from "./exampleCatalog";
import { describeSettings, fitOptionsOf, type FitSettings } from "./fitSettings";
import { holdoutOptionsOf, holdoutView, type HoldoutSplit, type HoldoutView } from "./holdout";
import { readInput } from "./readInput";
import { jobError, progressThrottle, type FitProgress, type WorkerJob, type WorkerResponse } from "./workerProtocol";

// The work behind lib/fit.worker.ts: reading imports with @qqt/data and fitting with @qqt/fit. Free of worker globals
// so that it runs (and is tested) in Node too; the worker only wires messages and AbortControllers to it.

/**
 * A clock in milliseconds (the worker's `performance.now`; tests pass a fake one).
 *
 * @example
 * ```ts
 * const clock: Clock = () => performance.now();
 * ```
 */
export type Clock = () => number;

/**
 * Runs one job and posts its responses: progress (for fits), then exactly one result or `failed`. Never throws.
 *
 * @remarks A fit is the point fit, then (when the settings ask for refits) the bootstrap, which yields to the event
 * loop every few milliseconds: a `cancel` message aborts `signal` and the job ends with `failed` code `ABORTED`.
 * @example
 * ```ts
 * await runJob({ kind: "fit", id: 1, study, settings, label: "runs.csv" }, (r) => messages.push(r), new AbortController().signal);
 * messages.at(-1)?.kind; // "fit-done"
 * ```
 */
export async function runJob(job: WorkerJob, post: (response: WorkerResponse) => void, signal: AbortSignal, clock: Clock = () => performance.now()): Promise<void> {
  try {
    switch (job.kind) {
      case "read":
        post({ kind: "read-done", id: job.id, outcome: readInput(job.name, job.files, job.choices) });
        return;
      case "example": {
        const data = await loadExample(job.exampleId, job.datacompMetric === undefined ? {} : { metric: job.datacompMetric });
        post({ kind: "example-done", id: job.id, exampleId: job.exampleId, ...data });
        return;
      }
      case "fit": {
        const started = clock();
        const model = await fitStudy(job.study, job.settings, job.label, signal, clock, (p) => post({ kind: "progress", id: job.id, ...p }));
        post({ kind: "fit-done", id: job.id, model, elapsedMs: clock() - started });
        return;
      }
      case "holdout": {
        const started = clock();
        const view = await holdoutStudy(job.study, job.settings, job.split, job.refits, signal, clock, (p) => post({ kind: "progress", id: job.id, ...p }));
        post({ kind: "holdout-done", id: job.id, holdout: view, elapsedMs: clock() - started });
        return;
      }
    }
  } catch (error) {
    post({ kind: "failed", id: job.id, error: jobError(error) });
  }
}

/**
 * Fits a study with @qqt/fit (point fit, then the bootstrap when asked) and returns the `qqt.model/v1` model, named
 * and credited after the study (a synthetic study gives a model marked synthetic).
 *
 * @remarks The bootstrap's own warnings (`BOOTSTRAP_FAILURES`) are added to the model's warnings. The model's
 * description records the settings; `createdAt` is the fit's time.
 * @throws `FitError` (e.g. `INSUFFICIENT_DATA`, `ABORTED` when `signal` fires).
 * @example
 * ```ts
 * const model = await fitStudy(study, DEFAULT_FIT_SETTINGS, "runs.csv", new AbortController().signal, () => Date.now(), () => {});
 * model.fit?.bootstrap?.draws.length; // 200 (minus failed refits)
 * ```
 */
export async function fitStudy(
  study: Study,
  settings: FitSettings,
  label: string,
  signal: AbortSignal,
  clock: Clock,
  onProgress: (progress: FitProgress) => void,
): Promise<ModelFileV1> {
  const options = fitOptionsOf(settings);
  onProgress({ phase: "fit", done: 0, total: 1, failures: 0 });
  const point = fit(study, options.fit);
  onProgress({ phase: "fit", done: 1, total: 1, failures: 0 });
  let boot: BootstrapResult | undefined;
  if (options.bootstrap) {
    const pass = progressThrottle(clock);
    boot = await bootstrap(study, {
      ...options.fit,
      ...options.bootstrap,
      fit: point,
      signal,
      onProgress: (p) => {
        const progress: FitProgress = { phase: "bootstrap", done: p.done, total: p.total, failures: p.failures };
        if (pass(progress)) onProgress(progress);
      },
    });
  }
  const name = study.name ?? label;
  const model = toModelFile(point, {
    ...(boot ? { bootstrap: boot } : {}),
    name,
    description: `Fitted in the browser by @qqt/fit to ${study.observations.length} runs of ${label}: ${describeSettings(settings)}.`,
    ...(study.source ? { source: { ...study.source } } : {}),
    // The metric with its kind, so the advice engine knows the range a prediction may take (1 − accuracy ≤ 1).
    ...(study.metric ? { metric: study.metric } : {}),
    ...(study.candidates ? { candidates: study.candidates } : {}),
    createdAt: new Date().toISOString(),
  });
  if (boot && boot.warnings.length > 0 && model.fit) model.fit.warnings.push(...boot.warnings.map((w) => ({ code: w.code, message: w.message })));
  return model;
}

/**
 * Tests a fit by holdout with @qqt/fit's `holdout`: fits the runs at or below the split with the model's settings,
 * bootstraps that fit (`refits`), and predicts every larger run with its prediction interval (the advice engine's).
 *
 * @throws `FitError` (e.g. `INSUFFICIENT_DATA` when nothing is held out or too little is left to fit, `ABORTED`).
 * @example
 * ```ts
 * const view = await holdoutStudy(study, settings, { by: "passes", until: 6 }, 200, signal, clock, () => {});
 * view.summary.coverage; // { covered: 11, count: 12, fraction: 0.917, confidence: 0.95 }
 * ```
 */
export async function holdoutStudy(
  study: Study,
  settings: FitSettings,
  split: HoldoutSplit,
  refits: number,
  signal: AbortSignal,
  clock: Clock,
  onProgress: (progress: FitProgress) => void,
): Promise<HoldoutView> {
  const options = holdoutOptionsOf(settings, split, refits);
  const pass = progressThrottle(clock);
  onProgress({ phase: "fit", done: 0, total: 1, failures: 0 });
  const result = await holdout(study, {
    ...options,
    ...(options.bootstrap !== undefined
      ? {
          bootstrap: {
            ...options.bootstrap,
            signal,
            onProgress: (p) => {
              const progress: FitProgress = { phase: "bootstrap", done: p.done, total: p.total, failures: p.failures };
              if (pass(progress)) onProgress(progress);
            },
          },
        }
      : {}),
  });
  // The early fit's settings are the model's with the holdout's own bootstrap.
  return holdoutView(result, study, { ...settings, bootstrapSamples: refits });
}
