/**
 * What went wrong in a {@link FitError}.
 *
 * @remarks
 * - `INSUFFICIENT_DATA`: too few observations for what was asked (fewer than 2, a bucket with free parameters that
 *   no observation touches, nothing to hold out, too few successful bootstrap refits).
 * - `UNKNOWN_BUCKET`: an observation, `fixed`, `initial` or a candidate pool names a bucket that `buckets` lacks.
 * - `INVALID_BUCKET`: a bucket without a non-empty unique `id` or a finite `size > 0`.
 * - `INVALID_OBSERVATION`: an observation with an empty or duplicated pool, a non-finite or negative error,
 *   `samplesSeen ≤ 0` or a weight that is not a finite number > 0.
 * - `INVALID_BOUNDS`: a bound that is not finite, outside the parameter's domain, or with `min ≥ max`; a fixed or
 *   initial value outside its bounds.
 * - `INVALID_OPTION`: any other bad option (seed, law, share, loss, iteration counts, bootstrap settings, ...).
 * - `UNSUPPORTED`: a combination the requested method cannot handle (e.g. the reference grid on pooled runs with
 *   per-bucket parameters).
 * - `NOT_CONVERGED`: with `strict: true`, the polish stopped at `maxIterations` before the stopping rule held.
 * - `NUMERICAL`: the linear algebra of the fit failed from every start (normal equations not finite or not
 *   positive definite), e.g. because run weights or errors span too many orders of magnitude; the message says which.
 * - `ABORTED`: the `AbortSignal` passed to a long computation fired.
 * @example
 * ```ts
 * const code: FitErrorCode = "UNKNOWN_BUCKET";
 * ```
 */
export type FitErrorCode =
  | "INSUFFICIENT_DATA"
  | "UNKNOWN_BUCKET"
  | "INVALID_BUCKET"
  | "INVALID_OBSERVATION"
  | "INVALID_BOUNDS"
  | "INVALID_OPTION"
  | "UNSUPPORTED"
  | "NOT_CONVERGED"
  | "NUMERICAL"
  | "ABORTED";

/**
 * The error thrown by `@qqt/fit`. `code` says what failed, `path` which input field (e.g. `observations[3].pool[1]`),
 * and the message what to change.
 *
 * @example
 * ```ts
 * const buckets = [{ id: "top0-10", size: 12.8e6 }];
 * const observations = [
 *   { pool: ["top0-10"], samplesSeen: 25.6e6, error: 0.85 },
 *   { pool: ["top0-20"], samplesSeen: 51.2e6, error: 0.8 },
 * ];
 * try {
 *   fit({ buckets, observations });
 * } catch (e) {
 *   if (e instanceof FitError) [e.code, e.path]; // ["UNKNOWN_BUCKET", "observations[1].pool[0]"]
 * }
 * ```
 */
export class FitError extends Error {
  /** Always `"FitError"`, so the error is recognizable after serialization or across realms. */
  override readonly name = "FitError";
  /** What went wrong (see {@link FitErrorCode}); stable, programs may switch on it. */
  readonly code: FitErrorCode;
  /** The input field at fault, e.g. `observations[3].error`, or `""` when the problem is global. */
  readonly path: string;

  /**
   * @param code - What went wrong.
   * @param path - The input field at fault, or `""`.
   * @param message - What failed and what was expected; prefixed with `path` in `message`.
   */
  constructor(code: FitErrorCode, path: string, message: string) {
    super(path ? `${path}: ${message}` : message);
    this.code = code;
    this.path = path;
  }
}

/** Short, JSON-like rendering of a bad value for error messages. */
export function show(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean" || value === undefined || value === null) {
    return String(value);
  }
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  try {
    const json = JSON.stringify(value);
    return json.length > 80 ? `${json.slice(0, 77)}...` : json;
  } catch {
    return typeof value;
  }
}
