import { PLAN_TOLERANCE } from "@qqt/fit";

// A near-tie read as a tie: pools whose predicted errors are within the practical tolerance of the best pool's are
// named together. The tolerance is @qqt/fit's PLAN_TOLERANCE (the error difference below which `qqt plan` calls a
// decision settled), stated once there.

/** The pools tied in practice with the best one, and the sentence saying so. */
export interface PracticalTie {
  /** The tied pools' names, best first (by predicted error). */
  names: string[];
  /** The tolerance used (an error difference). */
  tolerance: number;
  /** E.g. `top 30% or top 40%: within 0.002, any of them`. */
  text: string;
}

/**
 * The pools within `tolerance` of the best pool's predicted error (the best first, then by error), or undefined when
 * the best pool wins by at least `tolerance` (or is the only candidate).
 *
 * @param errors - Predicted error of each candidate pool, in the candidates' order.
 * @param names - Each candidate pool's name, in the same order.
 * @param best - The best pool's index in `errors` (0-based).
 * @param tolerance - The practical tolerance; default {@link PLAN_TOLERANCE} (0.002).
 * @example
 * ```ts
 * practicalTie([0.6009, 0.5992, 0.6215], ["top 20%", "top 30%", "top 40%"], 1);
 * // { names: ["top 30%", "top 20%"], tolerance: 0.002, text: "top 30% or top 20%: within 0.002, any of them" }
 * practicalTie([0.62, 0.60], ["top 10%", "top 20%"], 1); // undefined (a 0.02 margin)
 * ```
 */
export function practicalTie(errors: readonly number[], names: readonly string[], best: number, tolerance: number = PLAN_TOLERANCE): PracticalTie | undefined {
  const bestError = errors[best];
  if (bestError === undefined || !Number.isFinite(bestError) || !(tolerance > 0)) return undefined;
  const tied: Array<{ name: string; error: number }> = [];
  for (let i = 0; i < errors.length; i++) {
    const e = errors[i]!;
    if (i !== best && Number.isFinite(e) && e - bestError < tolerance) tied.push({ name: names[i] ?? `pool ${i + 1}`, error: e });
  }
  if (tied.length === 0) return undefined;
  tied.sort((a, b) => a.error - b.error);
  const all = [names[best] ?? `pool ${best + 1}`, ...tied.map((t) => t.name)];
  const list = all.length === 2 ? `${all[0]} or ${all[1]}` : `${all.slice(0, -1).join(", ")} or ${all[all.length - 1]}`;
  return { names: all, tolerance, text: `${list}: within ${tolerance}, any of them` };
}
