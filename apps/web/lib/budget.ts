import { BUDGET_FORMAT, MAX_BUDGET, MIN_BUDGET, safeParseBudget, type DataIssue, type ParsedBudget } from "@qqt/data";
import { AdvisorError, type Result } from "./AdvisorError";

// The budget box and the GPU-hour calculator read budgets with @qqt/data's `parseBudget`, the one budget grammar of
// qqt (the CLI's --budgets items read the same strings the same way; packages/data/test-data/budget-cases.json is
// the shared table both test). This module only turns its errors into the page's messages.

export { BUDGET_FORMAT, MAX_BUDGET, MIN_BUDGET };
export type { ParsedBudget };

/**
 * Reads a training budget (samples seen) typed in the budget box, with @qqt/data's `parseBudget`.
 *
 * @remarks A count (`640M`, `1.28B`, `6.4e8`, `1_000_000`, `500`) or compute as GPU-hours times the per-GPU
 * throughput (`500 GPU-h × 2500/s`), from {@link MIN_BUDGET} to {@link MAX_BUDGET} samples seen — exactly what
 * `qqt recommend --budgets` accepts for one budget. `640m` (milli or million?) and `1e3k` (exponent and suffix) are
 * refused with a suggestion.
 * @example
 * ```ts
 * parseBudget("1.28B");              // ok, samples 1.28e9
 * parseBudget("100 GPU-h x 1000/s"); // ok, samples 3.6e8
 * parseBudget("lots");               // not ok: AdvisorError INVALID_BUDGET 'Budget "lots" is not a count. Expected …'
 * ```
 */
export function parseBudget(text: string): Result<ParsedBudget> {
  const r = safeParseBudget(text);
  if (r.success) return { ok: true, value: r.data };
  return { ok: false, error: new AdvisorError("INVALID_BUDGET", budgetMessage(r.error.issues[0])) };
}

/**
 * The samples seen that a compute budget buys, from the GPU-hour calculator's two fields as typed: the fields are
 * read as `<hours> GPU-h × <rate>/s` by the same grammar as the budget box, so the calculator accepts and refuses
 * what the box does.
 *
 * @example
 * ```ts
 * budgetFromGpuHours({ gpuHours: "100", samplesPerSecondPerGpu: "1000" }); // ok, samples 3.6e8
 * budgetFromGpuHours({ gpuHours: "", samplesPerSecondPerGpu: "1000" });    // not ok: 'GPU-hours: enter a number …'
 * ```
 */
export function budgetFromGpuHours(compute: { gpuHours: string; samplesPerSecondPerGpu: string }): Result<ParsedBudget> {
  const hours = compute.gpuHours.trim();
  const rate = compute.samplesPerSecondPerGpu.trim();
  if (hours === "") return { ok: false, error: new AdvisorError("INVALID_BUDGET", "GPU-hours: enter a number of GPU-hours, e.g. 500.") };
  if (rate === "") return { ok: false, error: new AdvisorError("INVALID_BUDGET", "Samples / second per GPU: enter a throughput, e.g. 2500.") };
  return parseBudget(`${hours} GPU-h × ${rate}/s`);
}

/** @qqt/data's issue as one sentence for the budget box: what is wrong, the suggestion, and what is expected. */
function budgetMessage(issue: DataIssue | undefined): string {
  if (issue === undefined) return `Not a budget. Expected ${BUDGET_FORMAT}.`;
  // "budget: \"lots\" is not a count" → "Budget \"lots\" is not a count"; "budget (GPU-hours): …" → "Budget (GPU-hours): …"
  const what = issue.message.replace(/^budget: /, "Budget ").replace(/^budget /, "Budget ");
  const suggestion = issue.suggestion !== undefined && issue.suggestion !== "" ? ` (${issue.suggestion})` : "";
  const expected = issue.expected !== undefined && issue.expected !== "" ? ` Expected ${issue.expected}.` : "";
  return `${what}${suggestion}.${expected}`;
}
