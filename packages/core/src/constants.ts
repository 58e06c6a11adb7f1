/**
 * The base of the repetition decay: a bucket's utility is multiplied by `HALF_LIFE_BASE` every `tau` passes.
 *
 * @remarks Paper Eq. 2: `b_e = b · δ^e` with `δ = HALF_LIFE_BASE^(1/tau)`; the official code calls it `base`.
 * @example
 * ```ts
 * HALF_LIFE_BASE; // 0.5
 * ```
 */
export const HALF_LIFE_BASE = 0.5;

/** `Math.log(HALF_LIFE_BASE)`, precomputed for the hot loops. */
export const LOG_HALF_LIFE_BASE = Math.log(HALF_LIFE_BASE);

/**
 * The constant dividing the sample count before the power law, as in the official code (`normalizer=100_000`).
 *
 * @example
 * ```ts
 * DEFAULT_NORMALIZER; // 100000
 * ```
 */
export const DEFAULT_NORMALIZER = 100_000;

/**
 * Absolute bound on the neglected tail of the repetition series, in log-error units.
 *
 * @remarks An absolute error `ε` on `log R` is a relative error of at most `ε` on `R`, and on the predicted error.
 * Once the tail of the series after repetition `E` is provably below this bound, repetitions beyond `E` are not
 * summed: one evaluation then costs the same at 10^6 repetitions as at `E`. See `docs/fast-evaluation.md`.
 * @example
 * ```ts
 * TAIL_TOLERANCE; // 1e-15
 * ```
 */
export const TAIL_TOLERANCE = 1e-15;

/**
 * Relative difference below which two predicted errors count as a tie when ranking pools.
 *
 * @remarks Pools of one quality (equal `b` and `tau`) predict mathematically equal errors until the smaller one
 * repeats, but rounding makes one of them "better" by ~1e-16. Within this tolerance the earlier candidate (the
 * smaller nested pool) wins, so such ties never produce spurious recommendations or crossovers.
 * @example
 * ```ts
 * TIE_TOLERANCE; // 1e-12
 * ```
 */
export const TIE_TOLERANCE = 1e-12;

/**
 * The level of intervals when a model's bootstrap does not state one.
 *
 * @example
 * ```ts
 * DEFAULT_CONFIDENCE; // 0.95
 * ```
 */
export const DEFAULT_CONFIDENCE = 0.95;

/**
 * How far beyond the fitted runs an answer may be before it carries an `EXTRAPOLATION` warning, as a factor.
 *
 * @remarks An answer is flagged when its budget is more than this many times the largest samples seen of a fitted
 * run (or this many times below the smallest), or when the pool makes more than this many times the passes any
 * fitted run made over one of its buckets. The paper predicts 640M from runs up to 128M (5×) and the law held there;
 * at 3× the answer is still close to the runs, past it the law's form — not only its parameters — is what is
 * trusted, which no interval measures.
 * @example
 * ```ts
 * EXTRAPOLATION_LIMIT; // 3
 * ```
 */
export const EXTRAPOLATION_LIMIT = 3;

/**
 * The domain of the law's inputs: every entry point of `@qqt/core` refuses values outside it with a
 * {@link CoreError}, and `@qqt/data` checks model files against the same numbers.
 *
 * @remarks Wide enough for any real pool and far beyond the fit's default bounds (`b ≥ −5`, `tau ≤ 1e5`); narrow
 * enough that the law's series stays representable in doubles. A bucket holds at least one and at most
 * `maxSize` unique samples (10^18: eight orders of magnitude past the largest public pools); a utility exponent is in `[minUtility, 0)`; a half-life is in `(0, maxHalfLife]`
 * repetitions (10^12: a bucket that does not decay within any representable budget). Inside the domain an
 * evaluation returns a finite error or throws `NOT_FINITE` when the exact answer exceeds the largest double.
 * @example
 * ```ts
 * LAW_DOMAIN.maxHalfLife; // 1e12
 * ```
 */
export const LAW_DOMAIN: LawDomain = Object.freeze({ minSize: 1, maxSize: 1e18, minUtility: -100, maxHalfLife: 1e12 });

/**
 * The shape of {@link LAW_DOMAIN}.
 *
 * @example
 * ```ts
 * const domain: LawDomain = LAW_DOMAIN; // { minSize: 1, maxSize: 1e18, minUtility: -100, maxHalfLife: 1e12 }
 * ```
 */
export interface LawDomain {
  /** The fewest unique samples of a bucket. */
  readonly minSize: number;
  /** The most unique samples of a bucket. */
  readonly maxSize: number;
  /** The most negative utility exponent `b`. */
  readonly minUtility: number;
  /** The longest half-life `tau`, in repetitions. */
  readonly maxHalfLife: number;
}
