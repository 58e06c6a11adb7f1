"use client";
// The advice engine's bands for the pool chart, computed in lib/curves.worker.ts: the chart draws the point curves at
// once and the bands (and the crossovers' spread over the draws) when the worker answers. A newer request ends the
// worker of an older one, so a stale computation never delays the current view.
import { useEffect, useMemo, useState } from "react";
import { crossoverMarkers, poolCurves, type Advisor, type CrossoverMarker, type PoolCurves } from "../lib/advisor";
import { isCurvesResponse, type CurvesRequest } from "../lib/curvesJob";
import { logSpace, type BudgetRange } from "../lib/scale";

/** The bands of the curves shown: `none` for a model the engine gives no bands for (no draws, or not estimable). */
export type BandsState =
  | { status: "none" }
  | { status: "pending" }
  | { status: "ready"; curves: PoolCurves; crossovers: CrossoverMarker[] }
  | { status: "failed"; message: string };

let nextId = 1;

/** The engine's bands of `advisor`'s model over `range` (`points` log-spaced budgets), from the worker. */
export function useEngineBands(advisor: Advisor, range: BudgetRange, points: number): BandsState {
  const wanted = advisor.uncertainty.kind === "estimated";
  // One request per model and range; an answer counts only for the request it answers.
  const request = useMemo(
    () => (wanted ? { id: nextId++, advisor, range: { min: range.min, max: range.max }, points } : undefined),
    [wanted, advisor, range.min, range.max, points],
  );
  const [answer, setAnswer] = useState<{ id: number; bands: BandsState } | undefined>(undefined);

  useEffect(() => {
    if (request === undefined || typeof Worker === "undefined") return;
    const worker = new Worker(new URL("../lib/curves.worker.ts", import.meta.url), { type: "module", name: "qqt-curves" });
    const done = (bands: BandsState) => {
      worker.terminate();
      setAnswer({ id: request.id, bands });
    };
    worker.onmessage = (event: MessageEvent<unknown>) => {
      const message = event.data;
      if (!isCurvesResponse(message) || message.id !== request.id) return;
      if (message.kind === "curves-failed") return done({ status: "failed", message: message.message });
      const { pools, uncertainty } = request.advisor;
      done({ status: "ready", curves: poolCurves(message.curves, pools, uncertainty.confidence), crossovers: crossoverMarkers(message.crossovers, pools) });
    };
    worker.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      done({ status: "failed", message: event.message || "the bands worker could not be started" });
    };
    const message: CurvesRequest = { id: request.id, model: request.advisor.model, budgets: logSpace(request.range, request.points), range: request.range };
    worker.postMessage(message);
    return () => worker.terminate();
  }, [request]);

  if (request === undefined) return { status: "none" };
  return answer !== undefined && answer.id === request.id ? answer.bands : { status: "pending" };
}
