/**
 * What went wrong in a {@link CoreError}.
 *
 * @example
 * ```ts
 * const code: CoreErrorCode = "INVALID_BUCKET";
 * ```
 */
export type CoreErrorCode =
  | "INVALID_BUCKET"
  | "INVALID_TASK"
  | "INVALID_LAW"
  | "INVALID_SAMPLES"
  | "EMPTY_POOL"
  | "DUPLICATE_BUCKET"
  | "INVALID_ARGUMENT"
  | "NOT_FINITE";

/**
 * The error thrown by `@qqt/core` for invalid arguments, and (code `NOT_FINITE`) for valid ones whose answer is not a
 * finite number; a `RangeError`, so `instanceof RangeError` holds.
 *
 * @remarks The message names the argument, the bad value and what was expected; `argument` and `value` carry
 * them for programs.
 * @example
 * ```ts
 * try { decayFactor(0); } catch (e) { (e as CoreError).code; } // "INVALID_ARGUMENT"
 * ```
 */
export class CoreError extends RangeError {
  /** Always `"CoreError"`. */
  override readonly name = "CoreError";
  /** What went wrong, for programs to branch on. */
  readonly code: CoreErrorCode;
  /** The argument path that failed, e.g. `pool[2].tau`. */
  readonly argument: string;
  /** The offending value. */
  readonly value: unknown;

  constructor(code: CoreErrorCode, argument: string, value: unknown, expected: string) {
    super(
      code === "NOT_FINITE"
        ? `No finite answer at ${argument} = ${describe(value)}: ${expected}.`
        : `Invalid ${argument}: got ${describe(value)}; expected ${expected}.`,
    );
    this.code = code;
    this.argument = argument;
    this.value = value;
  }
}

function describe(value: unknown): string {
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
