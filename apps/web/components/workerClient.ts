// Starts jobs in lib/fit.worker.ts: one worker per job, ended when the job ends, so a fit and an import never wait
// for each other and a stuck job can always be stopped. Cancel asks the worker to abort (the job ends with code
// ABORTED); if the worker does not answer within CANCEL_GRACE_MS it is terminated.
import { isWorkerResponse, type FitProgress, type WorkerJob, type WorkerResponse } from "../lib/workerProtocol";

/** A job without its id (the id is given here). */
export type JobSpec = WorkerJob extends infer J ? (J extends WorkerJob ? Omit<J, "id"> : never) : never;

/** A job's outcome: its result message, or `failed`. */
export type JobOutcome = Exclude<WorkerResponse, { kind: "progress" }>;

/** A running job. */
export interface RunningJob {
  readonly id: number;
  readonly result: Promise<JobOutcome>;
  cancel(): void;
}

/** How long a cancelled job may take to stop by itself before its worker is terminated. */
const CANCEL_GRACE_MS = 3000;

let nextId = 1;

/** Starts `job` in a new worker; `onProgress` receives its progress messages. */
export function startWorkerJob(job: JobSpec, onProgress?: (progress: FitProgress) => void): RunningJob {
  const id = nextId++;
  const worker = new Worker(new URL("../lib/fit.worker.ts", import.meta.url), { type: "module", name: `qqt-${job.kind}` });
  let settle: (outcome: JobOutcome) => void = () => undefined;
  const result = new Promise<JobOutcome>((resolve) => (settle = resolve));
  let finished = false;
  let graceTimer: number | undefined;
  const finish = (outcome: JobOutcome) => {
    if (finished) return;
    finished = true;
    if (graceTimer !== undefined) window.clearTimeout(graceTimer);
    worker.terminate();
    settle(outcome);
  };
  const failed = (code: string, message: string): JobOutcome => ({ kind: "failed", id, error: { name: "Error", code, message } });
  worker.onmessage = (event: MessageEvent<unknown>) => {
    const message = event.data;
    if (!isWorkerResponse(message) || message.id !== id) return;
    if (message.kind === "progress") onProgress?.(message);
    else finish(message);
  };
  worker.onerror = (event: ErrorEvent) => {
    event.preventDefault();
    finish(failed("WORKER_FAILED", `The background worker stopped: ${event.message || "it could not be started"}.`));
  };
  worker.onmessageerror = () => finish(failed("WORKER_FAILED", "A message from the background worker could not be read."));
  const message = { ...job, id } as WorkerJob;
  // Move (not copy) the files' bytes to the worker.
  const transfer = message.kind === "read" ? [...new Set(message.files.flatMap((f) => (f.text instanceof Uint8Array ? [f.text.buffer as ArrayBuffer] : [])))] : [];
  worker.postMessage(message, transfer);
  return {
    id,
    result,
    cancel() {
      if (finished) return;
      worker.postMessage({ kind: "cancel", id });
      graceTimer = window.setTimeout(
        () => finish({ kind: "failed", id, error: { name: "FitError", code: "ABORTED", message: "the job was stopped." } }),
        CANCEL_GRACE_MS,
      );
    },
  };
}
