import { TIE_TOLERANCE } from "./constants.js";

/** Internal: `error` beats `incumbent` by more than {@link TIE_TOLERANCE} (relative); ties keep the incumbent. */
export function isBetter(error: number, incumbent: number): boolean {
  return error < incumbent - TIE_TOLERANCE * Math.abs(incumbent);
}

/**
 * Internal: the best and second-best of some errors under {@link isBetter} (ties to the earlier), the one ranking of
 * the recommenders and the advice engine.
 */
export function rankErrors(errors: ArrayLike<number>): { best: number; runnerUp: number | undefined } {
  let best = 0;
  let runnerUp: number | undefined;
  for (let i = 1; i < errors.length; i++) {
    if (isBetter(errors[i] as number, errors[best] as number)) {
      runnerUp = best;
      best = i;
    } else if (runnerUp === undefined || isBetter(errors[i] as number, errors[runnerUp] as number)) {
      runnerUp = i;
    }
  }
  return { best, runnerUp };
}
