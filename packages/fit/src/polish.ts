import type { Layout } from "./layout.js";
import type { Objective } from "./objective.js";
import { StructuredSolver, type PolishOptions, type PolishResult } from "./structuredSolver.js";

// Internal: the Levenberg–Marquardt polish of one start, by the structured solver (one per objective, so the
// starts of a fit share its buffers).

export type { PolishOptions, PolishResult };

const solvers = new WeakMap<Objective, StructuredSolver>();

export function polish(objective: Objective, layout: Layout, start: Float64Array, options: PolishOptions): PolishResult {
  let solver = solvers.get(objective);
  if (solver === undefined) solvers.set(objective, (solver = new StructuredSolver(objective, layout)));
  return solver.polish(start, options);
}
