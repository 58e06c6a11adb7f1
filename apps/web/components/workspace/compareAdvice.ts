// What two versions of a study advise, side by side: the recommended pool at each standard budget and the budgets
// where the best pool changes, each version's answer from @qqt/core's advice engine (through lib/advisor), the
// differences marked. Nothing here ranks pools or finds crossovers: it only lines the two engines' answers up.
import type { ModelFileV1 } from "@qqt/data";
import { compileAdvisor, type Advisor } from "../../lib/advisor";
import { crossoverRows, type CrossoverRow } from "../../lib/crossoverTable";
import { formatSamples } from "../../lib/format";
import { standardBudgets } from "../../lib/table";

/**
 * One version's answer at one budget.
 *
 * @example
 * ```ts
 * const side: AdviceSide = { pool: "top 30%", ids: ["top0-10", "top10-20", "top20-30"], error: 0.5992 };
 * ```
 */
export interface AdviceSide {
  pool: string;
  ids: readonly string[];
  error: number;
}

/**
 * The recommendation of both versions at one budget; `changed` when they recommend different buckets.
 *
 * @example
 * ```ts
 * // { budget: 640e6, budgetText: "640M", a: { pool: "top 30%", … }, b: { pool: "top 20%", … }, changed: true }
 * ```
 */
export interface BudgetAdviceChange {
  budget: number;
  budgetText: string;
  /** `null` when that version has no model. */
  a: AdviceSide | null;
  b: AdviceSide | null;
  changed: boolean;
}

/**
 * A crossover (the same two pools, by bucket ids) in either version; `changed` when it is in one version only or its
 * budget reads differently (three significant digits).
 *
 * @example
 * ```ts
 * // { from: "top 10%", to: "top 20%", a: { budgetText: "49.4M", … }, b: { budgetText: "49.3M", … }, changed: true }
 * ```
 */
export interface CrossoverChange {
  from: string;
  to: string;
  a: CrossoverRow | null;
  b: CrossoverRow | null;
  changed: boolean;
}

/**
 * The advice of two versions' models compared: at the standard budgets of the newer one (lib/table's
 * `standardBudgets`: 1 … 1000 passes over its smallest bucket), and the crossovers over both models' default ranges.
 *
 * @remarks Both answers come from the advice engine of each model (point estimates: the crossovers' intervals need
 * the bootstrap and are shown in the advisor). A version without a model gives `null` sides, marked as changed.
 * @example
 * ```ts
 * // the paper model (A) against itself with the top 20–30% bucket's tau cut to 1 (B)
 * compareAdvice(tmars, shortLived).budgets.map((r) => r.changed); // [false, false, false, false, true, true, true]
 * // the paper model with every b × 1.05 (A) against the paper model (B)
 * compareAdvice(scaled, tmars).crossovers[0]; // { from: "top 10%", to: "top 20%", a: { budgetText: "49.4M", … }, b: { budgetText: "49.3M", … }, changed: true }
 * ```
 */
export function compareAdvice(a: ModelFileV1 | null, b: ModelFileV1 | null): { budgets: BudgetAdviceChange[]; crossovers: CrossoverChange[] } {
  const advisorA = a === null ? null : compileAdvisor(a);
  const advisorB = b === null ? null : compileAdvisor(b);
  const newer = b ?? a;
  if (newer === null) return { budgets: [], crossovers: [] };
  const side = (advisor: Advisor | null, budget: number): AdviceSide | null => {
    if (advisor === null) return null;
    const advice = advisor.advisePoint(budget);
    return { pool: advice.pool.name, ids: advice.pool.ids, error: advice.error };
  };
  const budgets = standardBudgets(newer).map((budget) => {
    const sa = side(advisorA, budget);
    const sb = side(advisorB, budget);
    return { budget, budgetText: formatSamples(budget), a: sa, b: sb, changed: sa === null || sb === null || sa.ids.join("\n") !== sb.ids.join("\n") };
  });

  const ranges = [advisorA, advisorB].filter((x): x is Advisor => x !== null).map((x) => x.range);
  const range = { min: Math.min(...ranges.map((r) => r.min)), max: Math.max(...ranges.map((r) => r.max)) };
  const rowsOf = (advisor: Advisor | null) => (advisor === null ? [] : crossoverRows(advisor.crossovers(range), advisor.pools, advisor.uncertainty.confidence));
  const key = (r: CrossoverRow) => `${r.fromIds.join("+")}→${r.toIds.join("+")}`;
  const rowsB = rowsOf(advisorB);
  const unmatched = new Set(rowsB);
  const crossovers: CrossoverChange[] = rowsOf(advisorA).map((ra) => {
    const rb = [...unmatched].find((r) => key(r) === key(ra)) ?? null;
    if (rb !== null) unmatched.delete(rb);
    return { from: ra.from, to: ra.to, a: ra, b: rb, changed: rb === null || rb.budgetText !== ra.budgetText };
  });
  for (const rb of unmatched) crossovers.push({ from: rb.from, to: rb.to, a: null, b: rb, changed: true });
  crossovers.sort((x, y) => (x.b ?? x.a)!.budget - (y.b ?? y.a)!.budget);
  return { budgets, crossovers };
}
