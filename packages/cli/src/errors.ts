/**
 * What went wrong in a {@link CliError}.
 *
 * @remarks
 * - `USAGE`: a bad option value or argument (a budget list, a pool, a `--fix` assignment, …); exit code 2.
 * - `NOT_A_MODEL`: a command that needs a `qqt.model/v1` file was given something else.
 * - `NO_STUDY`: an input holds no runs (e.g. a model file given to `qqt fit`).
 * - `AMBIGUOUS_STUDY`: a file holds several studies and `--study` does not pick exactly one.
 * - `INCOMPATIBLE_INPUTS`: several inputs cannot be merged into one study (bucket sizes, order or metric differ).
 * - `INTERNAL`: a bug (a non-finite number about to be printed, …).
 * @example
 * ```ts
 * const code: CliErrorCode = "AMBIGUOUS_STUDY";
 * ```
 */
export type CliErrorCode =
  | "USAGE"
  | "NOT_A_MODEL"
  | "NO_STUDY"
  | "AMBIGUOUS_STUDY"
  | "INCOMPATIBLE_INPUTS"
  | "PLAN_FAILED"
  | "INTERNAL";

/**
 * The exit codes of `qqt`: 0 success, 1 bad input or failed fit, 2 usage (unknown option, bad option value).
 *
 * @example
 * ```ts
 * EXIT_CODES.usage; // 2
 * ```
 */
export const EXIT_CODES = Object.freeze({
  /** Success. */
  ok: 0,
  /** Bad input (unreadable or invalid file, not a model, incompatible inputs) or a failed fit. */
  failure: 1,
  /** Bad command line: unknown command or option, missing or invalid option value. */
  usage: 2,
} as const);

/**
 * An exit code of `qqt` (see {@link EXIT_CODES}).
 *
 * @example
 * ```ts
 * const code: ExitCode = await run(["validate", "runs.csv"]);
 * ```
 */
export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];

/**
 * The error of `@qqt/cli` itself (errors of `@qqt/data` and `@qqt/fit` pass through and are printed as they are).
 *
 * @example
 * ```ts
 * try {
 *   parseBudgets("32M..");
 * } catch (e) {
 *   (e as CliError).code; // "USAGE"
 *   (e as CliError).exitCode; // 2
 * }
 * ```
 */
export class CliError extends Error {
  /** Always `"CliError"`. */
  override readonly name = "CliError";
  /** What failed. */
  readonly code: CliErrorCode;
  /** The process exit code this error leads to: 2 for `USAGE`, else 1. */
  readonly exitCode: ExitCode;

  /**
   * @param code - What failed.
   * @param message - What failed and what was expected, in one or a few sentences.
   */
  constructor(code: CliErrorCode, message: string) {
    super(message);
    this.code = code;
    this.exitCode = code === "USAGE" ? EXIT_CODES.usage : EXIT_CODES.failure;
  }
}

/** Shorthand for a usage error. @internal */
export function usage(message: string): CliError {
  return new CliError("USAGE", message);
}
