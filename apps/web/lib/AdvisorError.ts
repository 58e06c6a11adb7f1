/**
 * What went wrong in an {@link AdvisorError}.
 *
 * @example
 * ```ts
 * const code: AdvisorErrorCode = "INVALID_BUDGET";
 * ```
 */
export type AdvisorErrorCode =
  | "INVALID_BUDGET"
  | "INVALID_JSON"
  | "INVALID_MODEL"
  | "FILE_TOO_LARGE"
  | "INVALID_SHARE_LINK"
  | "INVALID_ARGUMENT";

/**
 * One field-level problem found while reading user input, e.g. a model file.
 *
 * @example
 * ```ts
 * const p: Problem = { file: "model.json", line: 14, column: 20, path: "buckets[2].tau", message: "got -1; expected a half-life > 0" };
 * ```
 */
export interface Problem {
  /** Name of the file (or "share link") the problem was found in, when known. */
  file?: string;
  /** 1-based line of the offending value in the file, when known. */
  line?: number;
  /** 1-based column of the offending value, when known. */
  column?: number;
  /** JSON path of the offending field, e.g. `buckets[2].tau`; empty for the whole document. */
  path: string;
  /** What was found and what was expected. */
  message: string;
}

/**
 * The one error class of the web app's `lib/`: user input that cannot be used, with every problem found.
 *
 * @remarks The message leads with what failed and shows the expected format; `problems` lists each field-level
 * problem (file, line, path) so the UI can render them as a list.
 * @example
 * ```ts
 * new AdvisorError("INVALID_BUDGET", 'Budget "12x" is not a number of samples; expected e.g. 640M, 1.28B, 6.4e8');
 * ```
 */
export class AdvisorError extends Error {
  override readonly name = "AdvisorError";
  readonly code: AdvisorErrorCode;
  readonly problems: readonly Problem[];

  constructor(code: AdvisorErrorCode, message: string, problems: readonly Problem[] = []) {
    super(message);
    this.code = code;
    this.problems = problems;
  }
}

/**
 * The outcome of reading user input: a value, or an {@link AdvisorError}. Used instead of throwing so that
 * components can render either branch.
 *
 * @example
 * ```ts
 * const r: Result<number> = { ok: true, value: 6.4e8 };
 * ```
 */
export type Result<T> = { ok: true; value: T } | { ok: false; error: AdvisorError };

/** Formats a problem as one line: `model.json line 14, buckets[2].tau: got -1; expected …`. */
export function formatProblem(problem: Problem): string {
  const where: string[] = [];
  if (problem.file) where.push(problem.file);
  if (problem.line !== undefined) where.push(`line ${problem.line}${problem.column !== undefined ? `:${problem.column}` : ""}`);
  const location = where.join(" ");
  const path = problem.path === "" ? "" : problem.path;
  const head = [location, path].filter((s) => s !== "").join(", ");
  return head === "" ? problem.message : `${head}: ${problem.message}`;
}
