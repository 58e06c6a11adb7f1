import { DEFAULT_CONFIDENCE, DEFAULT_NORMALIZER } from "@qqt/core";
import type { Range } from "./types.js";

/**
 * The default bounds of {@link DEFAULT_BOUNDS} (natural scale): both ends for `a`, `b` and `tau`; only the lower end
 * for `d`, whose upper end is set per fit.
 *
 * @example
 * ```ts
 * const tauMax: number = DEFAULT_BOUNDS.tau.max; // 100000
 * ```
 */
export interface DefaultBounds {
  /** Sample-count scale `a`: [1e-6, 1e4]. */
  readonly a: Readonly<Required<Range>>;
  /** Irreducible error `d`: from 0; the upper end defaults to the smallest observed error (an irreducible error cannot lie above an error that was observed). */
  readonly d: Readonly<Pick<Required<Range>, "min">>;
  /** Utility exponent `b` of every bucket: [−5, −1e-5]. */
  readonly b: Readonly<Required<Range>>;
  /** Half-life `tau` of every bucket, in repetitions: [0.01, 1e5]. */
  readonly tau: Readonly<Required<Range>>;
}

/**
 * Default bounds of the fitted parameters (natural scale); `d.max` defaults to the smallest observed error.
 *
 * @remarks Wide on purpose: they only keep the optimizer in the law's domain. A parameter that ends on one of
 * them is reported with an `AT_BOUND` warning. Override them per fit with `options.bounds` ({@link FitBounds}).
 * Deeply frozen, so no caller can change the defaults of every other fit.
 * @example
 * ```ts
 * DEFAULT_BOUNDS.tau; // { min: 0.01, max: 100000 }
 * ```
 */
export const DEFAULT_BOUNDS: DefaultBounds = Object.freeze({
  a: Object.freeze({ min: 1e-6, max: 1e4 }),
  d: Object.freeze({ min: 0 }),
  b: Object.freeze({ min: -5, max: -1e-5 }),
  tau: Object.freeze({ min: 0.01, max: 1e5 }),
});

/** Normalizer used when none is given (1e5, as in the official code). */
export const FIT_DEFAULT_NORMALIZER = DEFAULT_NORMALIZER;
/** Default number of global-stage candidates polished by Levenberg–Marquardt. */
export const DEFAULT_STARTS = 4;
/** Default Levenberg–Marquardt iterations per start. */
export const DEFAULT_MAX_ITERATIONS = 1000;
/** Default relative stopping rule: a round of iterations must improve the loss by more than this fraction. */
export const DEFAULT_TOLERANCE = 1e-10;
/** Default Huber transition on log error. */
export const DEFAULT_HUBER_DELTA = 0.05;
/** Default bootstrap confidence level: @qqt/core's, the level of every interval in qqt. */
export { DEFAULT_CONFIDENCE };
/** Passes over a pool up to which the fitter sums the repetition series directly (analytic Jacobian). */
export const DIRECT_PASS_LIMIT = 1 << 16;
/** Series terms below this are dropped (same bound as `@qqt/core`'s TAIL_TOLERANCE). */
export const SERIES_TOLERANCE = 1e-15;
/** A parameter within this fraction of its bound range (fitted scale) is reported as at its bound. */
export const BOUND_PROXIMITY = 1e-3;
/** Eigenvalue ratio of the scaled JᵀJ below which a direction is called flat. */
export const FLAT_DIRECTION_RATIO = 1e-10;

