import { solve, type FitContext } from "./fit.js";
import { polish, type PolishResult } from "./polish.js";

// Internal: one bootstrap refit, warm-started at the point estimate. The resampled data lie close to the point fit's
// curve, so the warm start nearly always converges to the refit's optimum in a few dozen iterations; the global
// stage (which costs several warm polishes) and the extra starts run only when the warm start gives a result that is
// not consistent with the point fit.

/**
 * A converged warm refit whose loss exceeds the point fit's by more than this factor is not consistent with the
 * point fit. The loss of a residual (or run) resample at the point estimate is about n/(n−k) times the point fit's
 * and its optimum about the point fit's again (1,000 refits of the paper design: at most 3.4 times), so this only
 * catches a warm start that stalled far from the data.
 */
export const CONSISTENT_LOSS_FACTOR = 4;

/** Named inputs of {@link warmRefit}. */
export interface WarmRefitRequest {
  /** The prepared resampled study. */
  context: FitContext;
  /** θ of the point fit (the layout of `context` is the point fit's: same options, same buckets). */
  warmStart: Float64Array;
  /** Global-stage candidates polished besides the warm start when it is not consistent (`refitStarts`). */
  candidates: number;
  /** The point fit's loss (`FitResult.objective`). */
  pointLoss: number;
}

/** The refit's best polish and whether the global stage and the extra starts ran for it. */
export interface WarmRefitResult {
  best: PolishResult;
  /** `false` when the warm start alone was consistent with the point fit. */
  searched: boolean;
}

/**
 * Refits a resample from the point estimate: the warm start alone when it converges (without failure) to a loss at
 * most {@link CONSISTENT_LOSS_FACTOR} times the point fit's; otherwise the full engine (warm start, `candidates`
 * global-stage cells, reference grid and initial values as configured), exactly as {@link solve} does.
 * @throws FitError as {@link solve} when the full engine runs.
 */
export function warmRefit({ context, warmStart, candidates, pointLoss }: WarmRefitRequest): WarmRefitResult {
  const { objective, layout, settings } = context;
  const warm = polish(objective, layout, warmStart, settings);
  const consistent =
    warm.failure === undefined &&
    warm.converged &&
    Number.isFinite(warm.sumSquares) &&
    objective.lossValue(warm.sumSquares) <= CONSISTENT_LOSS_FACTOR * pointLoss;
  if (consistent) return { best: warm, searched: false };
  // The full engine polishes the warm start again first (deterministic: the same result), then the others.
  return { best: solve(context, warmStart, candidates, false).best, searched: true };
}
