import { adviceEngine, type AdviceEngine, type BudgetAdvice } from "@qqt/core";
import type { ModelFileV1 } from "./modelFile";

// The advice engine's full answer at the chosen budget (intervals, P(best)), computed in a worker
// (lib/advise.worker.ts): with many draws one answer costs tens of milliseconds, which the slider must not wait for.
// The page shows the engine's point answer at once and this one when it arrives. Plain data both ways; the server is
// pure, so it is tested in Node.

/**
 * What the page sends the advice worker: the model (once), then budgets to answer.
 *
 * @example
 * ```ts
 * const messages: AdviseRequest[] = [{ kind: "model", model }, { kind: "advise", id: 1, budget: 640e6 }];
 * ```
 */
export type AdviseRequest = { kind: "model"; model: ModelFileV1 } | { kind: "advise"; id: number; budget: number };

/**
 * The advice worker's answer: the engine's `advise(budget)`.
 *
 * @example
 * ```ts
 * // { kind: "advise-done", id: 1, advice: { budget: 640e6, best: { name: "top 30%", interval: {...}, probability: 0.97, … }, … } }
 * ```
 */
export type AdviseResponse = { kind: "advise-done"; id: number; advice: BudgetAdvice } | { kind: "advise-failed"; id: number; message: string };

/**
 * The worker's state: the engine of the last model sent (compiled once, its draws too), answering budgets.
 *
 * @example
 * ```ts
 * const serve = adviceServer();
 * serve({ kind: "model", model }); // undefined
 * serve({ kind: "advise", id: 1, budget: 640e6 }); // { kind: "advise-done", id: 1, advice: … }
 * ```
 */
export function adviceServer(): (request: AdviseRequest) => AdviseResponse | undefined {
  let engine: AdviceEngine | undefined;
  let failure: string | undefined;
  return (request) => {
    if (request.kind === "model") {
      try {
        engine = adviceEngine(request.model);
        failure = undefined;
      } catch (error) {
        engine = undefined;
        failure = error instanceof Error ? error.message : String(error);
      }
      return undefined;
    }
    if (engine === undefined) return { kind: "advise-failed", id: request.id, message: failure ?? "no model was sent" };
    try {
      return { kind: "advise-done", id: request.id, advice: engine.advise(request.budget) };
    } catch (error) {
      return { kind: "advise-failed", id: request.id, message: error instanceof Error ? error.message : String(error) };
    }
  };
}

/**
 * Whether a value received from the advice worker is one of its answers.
 *
 * @example
 * ```ts
 * isAdviseResponse({ kind: "advise-failed", id: 1, message: "…" }); // true
 * ```
 */
export function isAdviseResponse(value: unknown): value is AdviseResponse {
  if (value === null || typeof value !== "object") return false;
  const v = value as { kind?: unknown; id?: unknown };
  return typeof v.id === "number" && (v.kind === "advise-done" || v.kind === "advise-failed");
}
