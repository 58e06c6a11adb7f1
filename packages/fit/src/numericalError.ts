import type { FitContext } from "./fit.js";
import { FitError } from "./FitError.js";

// Internal: the `NUMERICAL` error of a fit whose normal equations could not be formed or factored from any start,
// with advice on the input scale that usually causes it.

/** Orders of magnitude of a spread beyond which the advice names it. */
const WIDE_SPAN = 12;

function span(values: ArrayLike<number>): number {
  let lo = Infinity;
  let hi = 0;
  for (let j = 0; j < values.length; j++) {
    const x = values[j] as number;
    if (x > 0) {
      lo = Math.min(lo, x);
      hi = Math.max(hi, x);
    }
  }
  return hi > 0 && lo < Infinity ? Math.log10(hi / lo) : 0;
}

/** A `NUMERICAL` FitError for a failed linear-algebra step (`what`), naming the likely cause and what to change. */
export function numericalError(context: FitContext, what: string): FitError {
  const { problem } = context;
  const advice: string[] = [];
  const weights = span(problem.weight);
  if (weights > WIDE_SPAN) {
    advice.push(`run weights span ${Math.round(weights)} orders of magnitude: rescale them (e.g. to [1e-6, 1]) or drop the tiny ones`);
  }
  const errors = span(problem.y);
  if (errors > WIDE_SPAN) advice.push(`errors span ${Math.round(errors)} orders of magnitude: check that every error is on one scale (e.g. 1 − accuracy)`);
  const samples = span(problem.samples);
  if (samples > WIDE_SPAN) advice.push(`samples seen span ${Math.round(samples)} orders of magnitude: check their units`);
  const sizes = span(problem.pools.map((p) => p.size));
  if (sizes > WIDE_SPAN) advice.push(`pool sizes span ${Math.round(sizes)} orders of magnitude: check the bucket sizes`);
  if (advice.length === 0) {
    advice.push("check the errors, weights and bucket sizes for extreme values, fix or share poorly determined parameters (options.fixed, options.share), or narrow options.bounds");
  }
  return new FitError("NUMERICAL", "observations", `the least-squares solve failed from every start (${what}); ${advice.join("; ")}.`);
}
