"use client";
// The advice engine's full answer at the chosen budget (intervals, P(best)), computed in lib/advise.worker.ts: the
// page shows the engine's point answer at once (Advisor.advisePoint) and this one when it arrives. One worker per
// model, one request in flight: while it computes, only the newest budget waits, so a fast slider never queues work.
import { useEffect, useMemo, useRef, useState } from "react";
import type { Advice, Advisor } from "../lib/advisor";
import { isAdviseResponse, type AdviseRequest } from "../lib/adviseJob";

let nextId = 1;

/**
 * The full {@link Advice} at `budget`: the worker's answer for exactly this model and budget, else the point answer
 * (marked `pending` while the worker computes). Models without estimable draws are answered in full at once.
 */
export function useEngineAdvice(advisor: Advisor, budget: number): Advice {
  const wanted = advisor.uncertainty.kind === "estimated" && typeof Worker !== "undefined";
  const [answer, setAnswer] = useState<{ advisor: Advisor; advice: Advice } | undefined>(undefined);
  const channel = useRef<{ advisor: Advisor; worker: Worker; busy: boolean; next: number | undefined } | undefined>(undefined);

  useEffect(() => {
    if (!wanted) return;
    const worker = new Worker(new URL("../lib/advise.worker.ts", import.meta.url), { type: "module", name: "qqt-advice" });
    const state = { advisor, worker, busy: false, next: undefined as number | undefined };
    const send = (b: number) => {
      state.busy = true;
      const request: AdviseRequest = { kind: "advise", id: nextId++, budget: b };
      worker.postMessage(request);
    };
    worker.onmessage = (event: MessageEvent<unknown>) => {
      const message = event.data;
      if (!isAdviseResponse(message)) return;
      state.busy = false;
      if (message.kind === "advise-done") setAnswer({ advisor, advice: advisor.adviceOf(message.advice) });
      const next = state.next;
      state.next = undefined;
      if (next !== undefined) send(next);
    };
    worker.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      state.busy = false;
    };
    worker.postMessage({ kind: "model", model: advisor.model } satisfies AdviseRequest);
    channel.current = state;
    return () => {
      worker.terminate();
      if (channel.current === state) channel.current = undefined;
    };
  }, [advisor, wanted]);

  useEffect(() => {
    const c = channel.current;
    if (!wanted || c === undefined || c.advisor !== advisor) return;
    if (c.busy) c.next = budget;
    else {
      c.busy = true;
      c.worker.postMessage({ kind: "advise", id: nextId++, budget } satisfies AdviseRequest);
    }
  }, [advisor, budget, wanted]);

  // Without estimable draws the full answer costs no more than the point one.
  const immediate = useMemo(() => (wanted ? advisor.advisePoint(budget) : advisor.advise(budget)), [advisor, budget, wanted]);
  if (answer !== undefined && answer.advisor === advisor && answer.advice.budget === budget) return answer.advice;
  return immediate;
}
