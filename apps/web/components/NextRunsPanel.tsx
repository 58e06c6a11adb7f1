"use client";
import type { ModelFileV1, Study } from "@qqt/data";
import type { PlanResult } from "@qqt/fit";
import { useEffect, useRef, useState } from "react";
import { formatError, formatPassCount, formatProbability, formatSamples } from "../lib/format";
import { planRequest, type PlanOutcome, type PlanRequest } from "../lib/nextRuns";

let nextId = 1;

/**
 * `qqt plan` in the page: the training runs worth doing next so that the decision at the chosen budget settles at
 * the least compute (@qqt/fit's planNextRuns, in lib/plan.worker.ts), ranked, with their cost (samples seen, passes)
 * and the expected regret each leaves; "settled" when the decision already is.
 */
export function NextRunsPanel(props: { model: ModelFileV1; study: Study | undefined; budget: number }) {
  const { model, study, budget } = props;
  const [shown, setShown] = useState<{ key: string; outcome: PlanOutcome } | undefined>(undefined);
  const worker = useRef<Worker | undefined>(undefined);
  const key = `${nextIdOf(model)}:${budget}`;

  useEffect(() => {
    if (typeof Worker === "undefined") return;
    const w = new Worker(new URL("../lib/plan.worker.ts", import.meta.url), { type: "module", name: "qqt-plan" });
    worker.current = w;
    return () => {
      w.terminate();
      if (worker.current === w) worker.current = undefined;
    };
  }, []);

  useEffect(() => {
    const w = worker.current;
    if (!w) return;
    // A short pause first, so that a slider in motion asks for one plan, not one per step; the newest request wins.
    const timer = setTimeout(() => {
      const request: PlanRequest = planRequest(nextId++, model, budget, study);
      w.onmessage = (event: MessageEvent<PlanOutcome>) => {
        if (event.data.id === request.id) setShown({ key, outcome: event.data });
      };
      w.postMessage(request);
    }, 250);
    return () => clearTimeout(timer);
  }, [model, study, budget, key]);

  const outcome = shown?.key === key ? shown.outcome : undefined;
  return (
    <section className="panel next-runs" aria-labelledby="next-runs-heading" data-testid="next-runs" data-state={outcome === undefined ? "pending" : outcome.ok ? (outcome.plan.settled ? "settled" : "runs") : "none"}>
      <h2 id="next-runs-heading">Next runs</h2>
      {outcome === undefined ? (
        <p className="muted" role="status">
          Planning the runs that would settle the choice at {formatSamples(budget)} samples…
        </p>
      ) : !outcome.ok ? (
        <p className="muted" data-testid="next-runs-none">
          No plan: {outcome.message}
        </p>
      ) : (
        <PlanView plan={outcome.plan} />
      )}
    </section>
  );
}

function PlanView(props: { plan: PlanResult }) {
  const { plan } = props;
  const d = plan.decision[0];
  return (
    <>
      {d && (
        <p data-testid="next-runs-decision">
          Now: {d.name} at {formatSamples(d.budget)}
          {d.probability !== undefined ? ` (P(best) ${formatProbability(d.probability)}` : " (not estimable"}
          {d.expectedRegret !== undefined ? `, expected regret ${formatError(d.expectedRegret, 4)})` : ")"}.
        </p>
      )}
      {plan.settled ? (
        <p className="settled" data-testid="next-runs-settled">
          <strong>Settled:</strong> the expected regret is below {plan.tolerance}; no run is worth its cost for this decision.
        </p>
      ) : (
        <ol className="next-runs-list" data-testid="next-runs-list">
          {plan.next.map((r, i) => (
            <li key={`${r.pool.join("+")}:${r.samplesSeen}:${i}`} data-testid="next-run">
              <strong>
                {r.name} for {formatSamples(r.samplesSeen)} samples seen
              </strong>{" "}
              ({formatPassCount(r.passes)} passes; cost {formatSamples(r.cost)})
              {r.expectedRegretAfter !== undefined ? ` — leaves an expected regret of ${formatError(r.expectedRegretAfter, 4)}` : ""}. <span className="muted">{r.why}</span>
            </li>
          ))}
        </ol>
      )}
      {plan.method === "identifiability" && <p className="muted small">The fit cannot support the decision yet: these runs make it identifiable.</p>}
      {plan.notes.length > 0 && <p className="muted small">{plan.notes.join(" ")}</p>}
    </>
  );
}

/** A stable key per model object (the same object → the same key). */
const modelKeys = new WeakMap<object, number>();
let modelCount = 0;
function nextIdOf(model: object): number {
  let k = modelKeys.get(model);
  if (k === undefined) modelKeys.set(model, (k = ++modelCount));
  return k;
}
