import { adviceEngine, type CrossoverAdvice, type CurveSet } from "@qqt/core";
import type { ModelFileV1 } from "./modelFile";
import type { BudgetRange } from "./scale";

// The chart's bands and the crossovers' spread over the bootstrap draws, computed by @qqt/core's advice engine in a
// worker (lib/curves.worker.ts): with many draws the prediction bands take seconds, which the page's main thread must
// not spend. Plain data both ways (structured-clone safe); the function is pure, so it is tested in Node.

/**
 * What the page asks the curves worker for: the engine's curves of a model over some budgets, and its crossovers in
 * a range.
 *
 * @example
 * ```ts
 * const request: CurvesRequest = { id: 1, model, budgets: [1e7, 1e8, 1e9], range: { min: 1e7, max: 1e9 } };
 * ```
 */
export interface CurvesRequest {
  id: number;
  model: ModelFileV1;
  budgets: ArrayLike<number>;
  range: BudgetRange;
}

/**
 * The curves worker's answer.
 *
 * @example
 * ```ts
 * // { kind: "curves-done", id: 1, curves: { budgets, pools: [{ error, mean, prediction, … }], best, envelope }, crossovers: [...] }
 * ```
 */
export type CurvesResponse =
  | { kind: "curves-done"; id: number; curves: CurveSet; crossovers: CrossoverAdvice[] }
  | { kind: "curves-failed"; id: number; message: string };

/**
 * Runs a {@link CurvesRequest} with the advice engine. Never throws.
 *
 * @example
 * ```ts
 * computeCurves({ id: 1, model: tmarsWithDraws, budgets: [1e8], range: { min: 1e7, max: 1e10 } }).kind; // "curves-done"
 * ```
 */
export function computeCurves(request: CurvesRequest): CurvesResponse {
  try {
    const engine = adviceEngine(request.model);
    return { kind: "curves-done", id: request.id, curves: engine.curves(request.budgets), crossovers: engine.crossovers(request.range) };
  } catch (error) {
    return { kind: "curves-failed", id: request.id, message: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Whether a value received from the curves worker is one of its answers.
 *
 * @example
 * ```ts
 * isCurvesResponse({ kind: "curves-failed", id: 1, message: "…" }); // true
 * ```
 */
export function isCurvesResponse(value: unknown): value is CurvesResponse {
  if (value === null || typeof value !== "object") return false;
  const v = value as { kind?: unknown; id?: unknown };
  return typeof v.id === "number" && (v.kind === "curves-done" || v.kind === "curves-failed");
}
