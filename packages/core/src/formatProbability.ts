/**
 * A probability estimated from `draws` bootstrap draws, as a percentage that claims no more than the draws show.
 *
 * @remarks When every draw agrees (`p` = 1 or 0), the draws bound the probability only to within `3 / draws` at 95%
 * (the rule of three), so 1 reads `≥98%` for 200 draws, not `100%`; otherwise the rounded percentage, with `>99%` and
 * `<1%` at the ends. Without `draws` the plain percentage.
 * @example
 * ```ts
 * formatProbability(1, 200); // "≥98%"
 * formatProbability(0, 200); // "≤2%"
 * formatProbability(0.815, 200); // "82%"
 * formatProbability(0.999); // ">99%"
 * ```
 */
export function formatProbability(p: number, draws?: number): string {
  if (!Number.isFinite(p)) return "—";
  if (draws !== undefined && draws > 0) {
    const bound = Math.min(3 / draws, 1);
    if (p >= 1) return `≥${Math.floor(100 * (1 - bound))}%`;
    if (p <= 0) return `≤${Math.ceil(100 * bound)}%`;
  }
  if (p > 0 && p < 0.005) return "<1%";
  if (p < 1 && p > 0.995) return ">99%";
  return `${Math.round(p * 100)}%`;
}
