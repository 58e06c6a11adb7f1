// The plan worker: @qqt/fit's planNextRuns for the "Next runs" panel, off the page's main thread (it reweights the
// bootstrap ensemble for every candidate run and can take seconds).
// Started by components/NextRunsPanel.tsx with `new Worker(new URL("../lib/plan.worker.ts", import.meta.url), { type: "module" })`.
import { planFor, type PlanOutcome, type PlanRequest } from "./nextRuns";

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<PlanRequest>) => void) | null;
  postMessage(message: PlanOutcome): void;
};

scope.onmessage = (event: MessageEvent<PlanRequest>) => scope.postMessage(planFor(event.data));
