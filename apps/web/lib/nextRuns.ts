import type { Model } from "@qqt/core";
import type { ModelFileV1, Study } from "@qqt/data";
import { FitError, planNextRuns, type PlanResult } from "@qqt/fit";

// The "Next runs" panel's work: @qqt/fit's planNextRuns (what `qqt plan` runs) for the model shown at the chosen
// budget, with the study's budgets and candidate pools as the CLI passes them. Runs in lib/plan.worker.ts.

/** A request to the plan worker. */
export interface PlanRequest {
  id: number;
  model: ModelFileV1;
  budget: number;
  /** Budgets (samples seen) of the runs the model was fitted to, also proposed for the decision's pools. */
  studyBudgets?: number[];
  /** The study's candidate pools, when it lists them. */
  decisionPools?: string[][];
}

/** The plan, or why there is none (in a sentence). */
export type PlanOutcome = { id: number; ok: true; plan: PlanResult } | { id: number; ok: false; code: string; message: string };

/**
 * The next runs worth doing for the decision at `request.budget`: @qqt/fit's `planNextRuns(model, [budget], undefined,
 * { next: 3, studyBudgets, decisionPools })`, its `FitError` turned into a message (never a throw).
 *
 * @example
 * ```ts
 * const out = planFor({ id: 1, model, budget: 640e6, studyBudgets: [25.6e6, 51.2e6] });
 * out.ok && out.plan.settled; // false: out.plan.next lists 3 runs, best first
 * ```
 */
export function planFor(request: PlanRequest): PlanOutcome {
  try {
    const plan = planNextRuns(request.model as unknown as Model, [request.budget], undefined, {
      next: 3,
      ...(request.studyBudgets !== undefined && request.studyBudgets.length > 0 ? { studyBudgets: request.studyBudgets } : {}),
      ...(request.decisionPools !== undefined ? { decisionPools: request.decisionPools } : {}),
    });
    return { id: request.id, ok: true, plan };
  } catch (error) {
    if (error instanceof FitError) return { id: request.id, ok: false, code: error.code, message: error.message };
    return { id: request.id, ok: false, code: "PLAN_FAILED", message: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * The plan request for a model and the study it was fitted to (its distinct budgets and candidate pools).
 *
 * @example
 * ```ts
 * planRequest(1, model, 640e6, study).studyBudgets; // [25600000, 51200000, …]
 * ```
 */
export function planRequest(id: number, model: ModelFileV1, budget: number, study: Study | undefined): PlanRequest {
  const request: PlanRequest = { id, model, budget };
  if (study) {
    request.studyBudgets = [...new Set(study.observations.map((o) => o.samplesSeen))].sort((a, b) => a - b);
    if (study.candidates !== undefined) request.decisionPools = study.candidates.map((c) => [...c]);
  }
  return request;
}
