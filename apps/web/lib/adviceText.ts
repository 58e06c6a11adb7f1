import { EXTRAPOLATION_LIMIT, type Extrapolation, type ModelFitWarning } from "@qqt/core";
import { explainWarning } from "./fitWarnings";
import { formatPassCount, formatSamples } from "./format";

// The advice engine's answers in words for the recommendation panel and the table. Rendering only: every number here
// (factors, passes, ranges) is the engine's.

/**
 * A factor as the engine's messages write it: three significant digits, whole from 100 on.
 *
 * @example
 * ```ts
 * formatFactor(48.828125); // "48.8"
 * formatFactor(156.25);    // "156"
 * ```
 */
export function formatFactor(x: number): string {
  if (!Number.isFinite(x)) return "—";
  return x >= 100 ? String(Math.round(x)) : String(Number(x.toPrecision(3)));
}

/**
 * How far an answer is from the fitted runs, in words (the engine's `extrapolation` of the best pool).
 *
 * @example
 * ```ts
 * extrapolationText({ factor: 1, samplesSeenFactor: 1, side: "inside", fitted: { low: 25.6e6, high: 409.6e6 }, passes: 16.7,
 *   maxFittedPasses: 10, passesFactor: 1.67, bucket: "top20-30" }, "top 30%");
 * // "×1.67 beyond the fitted runs: top 30% makes 17 passes, the most any fitted run made over top20-30 is 10."
 * ```
 */
export function extrapolationText(e: Extrapolation, pool: string): string {
  const range = `${formatSamples(e.fitted.low)}–${formatSamples(e.fitted.high)} samples seen`;
  if (!(e.factor > 1)) {
    const passes = e.maxFittedPasses !== undefined ? `; ${pool} makes ${formatPassCount(e.passes)} passes, within the ${formatPassCount(e.maxFittedPasses)} fitted runs made over ${e.bucket}` : "";
    return `Within the fitted runs (${range}${passes}).`;
  }
  const parts: string[] = [];
  if (e.side === "above") parts.push(`the budget is ${formatFactor(e.samplesSeenFactor)}× the largest fitted run (${formatSamples(e.fitted.high)})`);
  if (e.side === "below") parts.push(`the budget is ${formatFactor(e.samplesSeenFactor)}× below the smallest fitted run (${formatSamples(e.fitted.low)})`);
  if (e.passesFactor !== undefined && e.passesFactor > 1 && e.maxFittedPasses !== undefined) {
    parts.push(`${pool} makes ${formatPassCount(e.passes)} passes, the most any fitted run made over ${e.bucket} is ${formatPassCount(e.maxFittedPasses)}`);
  }
  const flagged = e.factor > EXTRAPOLATION_LIMIT ? ` Beyond ${EXTRAPOLATION_LIMIT}× this is an extrapolation: the law's form, not only its parameters, is trusted there.` : "";
  return `×${formatFactor(e.factor)} beyond the fitted runs (${range}): ${parts.join("; ")}.${flagged}`;
}

/**
 * The fitter's warnings a model carries, once per code with how often it occurs, in plain words (the full text is in
 * the parameters panel).
 *
 * @example
 * ```ts
 * fitWarningSummary([{ code: "NOT_IDENTIFIABLE", message: "…" }, { code: "NOT_IDENTIFIABLE", message: "…" }]);
 * // [{ code: "NOT_IDENTIFIABLE", count: 2, headline: "The runs cannot pin down every parameter" }]
 * ```
 */
export function fitWarningSummary(warnings: readonly ModelFitWarning[]): Array<{ code: string; count: number; headline: string }> {
  const byCode = new Map<string, { code: string; count: number; headline: string }>();
  for (const w of warnings) {
    const entry = byCode.get(w.code);
    if (entry) entry.count++;
    else byCode.set(w.code, { code: w.code, count: 1, headline: explainWarning(w).headline });
  }
  return [...byCode.values()];
}
