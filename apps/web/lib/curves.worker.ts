// The chart's bands worker: @qqt/core's advice engine over the model shown (curves with the mean and prediction bands,
// crossovers with their spread over the draws), off the page's main thread. Loads @qqt/core only.
// Started by components/useEngineBands.ts with `new Worker(new URL("../lib/curves.worker.ts", import.meta.url), { type: "module" })`.
import { computeCurves, type CurvesRequest, type CurvesResponse } from "./curvesJob";

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<CurvesRequest>) => void) | null;
  postMessage(message: CurvesResponse): void;
};

scope.onmessage = (event: MessageEvent<CurvesRequest>) => {
  scope.postMessage(computeCurves(event.data));
};
