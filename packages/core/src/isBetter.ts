import { TIE_TOLERANCE } from "./constants.js";

/** Internal: `error` beats `incumbent` by more than {@link TIE_TOLERANCE} (relative); ties keep the incumbent. */
export function isBetter(error: number, incumbent: number): boolean {
  return error < incumbent - TIE_TOLERANCE * Math.abs(incumbent);
}
