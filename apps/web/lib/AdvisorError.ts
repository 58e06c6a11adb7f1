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
  | "INVALID_ARGUMENT"
  | "INVALID_INPUT"
  | "IMPORT_TOO_LARGE"
  | "FIT_FAILED"
  | "FIT_CANCELLED";

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
  /** The offending field: a JSON path such as `buckets[2].tau` or a CSV column; empty for the whole document. */
  path: string;
  /** What was found (and, for problems found by the app itself, what was expected). */
  message: string;
  /** The expected format or range, when given separately (as @qqt/data's issues do). */
  expected?: string;
  /** How to fix it, when known. */
  suggestion?: string;
  /** A stable code of the problem, e.g. @qqt/data's `MISSING_COLUMN`. */
  code?: string;
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

/**
 * Where a problem is, for people: `model.json line 14:7`, `runs.csv line 3`, `share link`, or "" when unknown.
 *
 * @example
 * ```ts
 * problemLocation({ file: "runs.csv", line: 3, column: 12, path: "error", message: "…" }); // "runs.csv line 3:12"
 * ```
 */
export function problemLocation(problem: Problem): string {
  const where: string[] = [];
  if (problem.file) where.push(problem.file);
  if (problem.line !== undefined) where.push(`line ${problem.line}${problem.column !== undefined ? `:${problem.column}` : ""}`);
  return where.join(" ");
}

/**
 * Formats a problem as one line: `runs.csv line 3:12, error: error is 1.3. Expected a value in [0, 1]. Divide by 100.`
 *
 * @example
 * ```ts
 * formatProblem({ file: "m.json", line: 3, column: 7, path: "task.a", message: "got 0" }); // "m.json line 3:7, task.a: got 0"
 * ```
 */
export function formatProblem(problem: Problem): string {
  const head = [problemLocation(problem), problem.path].filter((s) => s !== "").join(", ");
  let text = head === "" ? problem.message : `${head}: ${problem.message}`;
  if (problem.expected !== undefined) text = `${text.replace(/\.$/, "")}. Expected ${problem.expected.replace(/\.$/, "")}.`;
  if (problem.suggestion !== undefined && problem.suggestion !== "") {
    const s = problem.suggestion.replace(/\.$/, "");
    text = `${text.replace(/\.$/, "")}. ${s.charAt(0).toUpperCase()}${s.slice(1)}.`;
  }
  return text;
}

/**
 * A structural `DataIssue` of @qqt/data (kept structural so that this module needs no import of the package).
 *
 * @example
 * ```ts
 * const issue: IssueLike = { code: "MISSING_COLUMN", file: "runs.csv", line: 1, field: "samples_seen", message: "…" };
 * ```
 */
export interface IssueLike {
  code: string;
  message: string;
  file: string;
  line?: number;
  column?: number;
  field?: string;
  expected?: string;
  suggestion?: string;
}

/**
 * A @qqt/data issue as an advisor {@link Problem}: file, line, column, field, message, expected and suggestion kept.
 *
 * @example
 * ```ts
 * problemFromIssue({ code: "NEGATIVE_NUMBER", file: "runs.csv", line: 4, column: 12, field: "samples_seen",
 *   message: "samples_seen is negative (-5)", expected: "a count >= 0" });
 * // { file: "runs.csv", line: 4, column: 12, path: "samples_seen", message: "samples_seen is negative (-5)",
 * //   expected: "a count >= 0", code: "NEGATIVE_NUMBER" }
 * ```
 */
export function problemFromIssue(issue: IssueLike): Problem {
  const problem: Problem = { path: issue.field ?? "", message: issue.message, code: issue.code };
  if (issue.file !== "" && issue.file !== "<input>") problem.file = issue.file;
  if (issue.line !== undefined) problem.line = issue.line;
  if (issue.column !== undefined) problem.column = issue.column;
  if (issue.expected !== undefined && issue.expected !== "") problem.expected = issue.expected;
  if (issue.suggestion !== undefined && issue.suggestion !== "") problem.suggestion = issue.suggestion;
  return problem;
}
