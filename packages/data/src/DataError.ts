/**
 * What went wrong in a {@link DataIssue} (and so in a {@link DataError}).
 *
 * @remarks Stable string literals: programs may switch on them. Grouped by where they arise:
 * - input: `EMPTY_INPUT`, `INVALID_ENCODING`, `INVALID_JSON`, `INVALID_CSV`, `UNKNOWN_FORMAT`, `UNSUPPORTED_VERSION`,
 *   `FILE_NOT_FOUND`, `READ_FAILED`, `WRITE_FAILED` (a `@qqt/data/node` writer could not write its file);
 * - structure: `MISSING_FIELD`, `UNKNOWN_FIELD`, `INVALID_TYPE`, `INVALID_VALUE`, `MISSING_COLUMN`, `DUPLICATE_COLUMN`,
 *   `CONFLICTING_COLUMNS`, `AMBIGUOUS_DELIMITER`, `MISSING_VALUE`;
 * - numbers: `INVALID_NUMBER`, `NEGATIVE_NUMBER`, `OUT_OF_RANGE`, `AMBIGUOUS_ACCURACY`, `INCONSISTENT_VALUE`;
 * - study semantics: `UNKNOWN_BUCKET`, `DUPLICATE_BUCKET`, `DUPLICATE_OBSERVATION`, `MISSING_BUCKET_SIZE`,
 *   `INCONSISTENT_BUCKET_SIZE`, `MULTIPLE_METRICS`, `NO_OBSERVATIONS`;
 * - DataComp: `MISSING_TASK`, `DUPLICATE_TASK`, `UNKNOWN_METRIC`, `UNMAPPED_FILE`;
 * - `TOO_MANY_ERRORS`: the last issue of a list cut at {@link MAX_ISSUES}, saying how many more there were.
 * @example
 * ```ts
 * const code: DataErrorCode = "MISSING_COLUMN";
 * ```
 */
export type DataErrorCode =
  | "EMPTY_INPUT"
  | "INPUT_TOO_LARGE"
  | "TOO_DEEP"
  | "INVALID_ENCODING"
  | "INVALID_JSON"
  | "INVALID_CSV"
  | "UNKNOWN_FORMAT"
  | "UNSUPPORTED_VERSION"
  | "FILE_NOT_FOUND"
  | "READ_FAILED"
  | "WRITE_FAILED"
  | "MISSING_FIELD"
  | "UNKNOWN_FIELD"
  | "INVALID_TYPE"
  | "INVALID_VALUE"
  | "MISSING_COLUMN"
  | "DUPLICATE_COLUMN"
  | "CONFLICTING_COLUMNS"
  | "AMBIGUOUS_DELIMITER"
  | "MISSING_VALUE"
  | "INVALID_NUMBER"
  | "NEGATIVE_NUMBER"
  | "OUT_OF_RANGE"
  | "AMBIGUOUS_ACCURACY"
  | "INCONSISTENT_VALUE"
  | "UNKNOWN_BUCKET"
  | "DUPLICATE_BUCKET"
  | "DUPLICATE_OBSERVATION"
  | "MISSING_BUCKET_SIZE"
  | "INCONSISTENT_BUCKET_SIZE"
  | "MULTIPLE_METRICS"
  | "NO_OBSERVATIONS"
  | "MISSING_TASK"
  | "DUPLICATE_TASK"
  | "UNKNOWN_METRIC"
  | "UNMAPPED_FILE"
  | "TOO_MANY_ERRORS";

/**
 * One problem found in an input: what, where, what was expected, and how to fix it.
 *
 * @remarks `line` and `column` are 1-based. `field` names the CSV column or the JSON path (e.g.
 * `observations[3].samplesSeen`) that failed.
 * @example
 * ```ts
 * const issue: DataIssue = {
 *   code: "MISSING_COLUMN", file: "runs.csv", line: 1, field: "samples_seen",
 *   message: "column `samples_seen` is missing",
 *   expected: "a header with bucket|pool, samples_seen|epochs, error|accuracy",
 *   suggestion: "found `samples`; rename it to `samples_seen` or pass columns: { samplesSeen: \"samples\" }",
 * };
 * ```
 */
export interface DataIssue {
  /** What kind of problem it is, as a stable code programs may switch on. */
  code: DataErrorCode;
  /** What failed, in one sentence. */
  message: string;
  /** The file (path or name given by the caller; `<input>` when none). */
  file: string;
  /** 1-based line in `file`. */
  line?: number;
  /** 1-based column (character) in the line. */
  column?: number;
  /** The CSV column or JSON path. */
  field?: string;
  /** The expected format or range. */
  expected?: string;
  /** How to fix it. */
  suggestion?: string;
}

/**
 * How many issues a {@link DataError} lists before it stops with a `TOO_MANY_ERRORS` issue ("and N more").
 *
 * @example
 * ```ts
 * MAX_ISSUES; // 100
 * ```
 */
export const MAX_ISSUES = 100;

/** How many issues the error message itself shows (all are in `issues`). */
const ISSUES_IN_MESSAGE = 10;

/**
 * Formats one issue as a single human-readable line: `file:line:column: [field] message. Expected …. Suggestion`.
 *
 * @example
 * ```ts
 * formatIssue({ code: "NEGATIVE_NUMBER", file: "runs.csv", line: 4, column: 12, field: "samples_seen",
 *   message: "samples_seen is negative (-5)", expected: "a count >= 0" });
 * // "runs.csv:4:12: samples_seen: samples_seen is negative (-5). Expected a count >= 0. [NEGATIVE_NUMBER]"
 * ```
 */
export function formatIssue(issue: DataIssue): string {
  let where = issue.file;
  if (issue.line !== undefined) where += `:${issue.line}`;
  if (issue.line !== undefined && issue.column !== undefined) where += `:${issue.column}`;
  let text = `${where}: `;
  if (issue.field !== undefined && !issue.message.startsWith(issue.field)) text += `${issue.field}: `;
  text += issue.message.replace(/\.$/, "");
  if (issue.expected !== undefined) text += `. Expected ${issue.expected.replace(/\.$/, "")}`;
  if (issue.suggestion !== undefined) text += `. ${capitalize(issue.suggestion.replace(/\.$/, ""))}`;
  return `${text}. [${issue.code}]`;
}

function capitalize(s: string): string {
  return s.length === 0 ? s : s[0]!.toUpperCase() + s.slice(1);
}

/**
 * The error thrown by every `@qqt/data` reader: all problems found in the input at once (up to {@link MAX_ISSUES}).
 *
 * @remarks `code`, `file`, `line` and `field` repeat the first issue for convenience; `issues` holds every one.
 * The message leads with the first problem, then lists up to ten, each formatted by {@link formatIssue}.
 * The `safeParse…` functions return it instead of throwing.
 * @example
 * ```ts
 * try {
 *   parseStudy('{"format":"qqt.study/v1"}', { file: "s.json" });
 * } catch (e) {
 *   if (e instanceof DataError) e.issues.map((i) => i.field); // ["buckets", "observations"]
 * }
 * ```
 */
export class DataError extends Error {
  /** Always `"DataError"`: identifies the error where `instanceof` cannot (logs, serialized errors, other realms). */
  override readonly name = "DataError";
  /** Code of the first issue. */
  readonly code: DataErrorCode;
  /** Every issue found, in input order, at most {@link MAX_ISSUES} + 1 (the last one may be `TOO_MANY_ERRORS`). */
  readonly issues: readonly DataIssue[];
  /** File of the first issue. */
  readonly file: string;
  /** Line of the first issue, when known. */
  readonly line: number | undefined;
  /** Field of the first issue, when known. */
  readonly field: string | undefined;

  constructor(issues: readonly DataIssue[]) {
    const list = (issues.length > 0 ? issues : [{ code: "INVALID_VALUE" as const, message: "unknown problem", file: "<input>" }]).map(capIssue);
    super(DataError.formatMessage(list));
    const first = list[0]!;
    this.code = first.code;
    this.issues = list;
    this.file = first.file;
    this.line = first.line;
    this.field = first.field;
  }

  private static formatMessage(issues: readonly DataIssue[]): string {
    if (issues.length === 1) return formatIssue(issues[0]!);
    const files = [...new Set(issues.map((i) => i.file))];
    const head = `${countProblems(issues)} problems in ${files.length === 1 ? files[0] : `${files.length} files`}:`;
    const shown = issues.slice(0, ISSUES_IN_MESSAGE).map((i) => `  - ${formatIssue(i)}`);
    const rest = issues.length - shown.length;
    if (rest > 0) shown.push(`  … and ${rest} more listed in error.issues`);
    return [head, ...shown].join("\n");
  }
}

function countProblems(issues: readonly DataIssue[]): string {
  const last = issues[issues.length - 1]!;
  if (last.code === "TOO_MANY_ERRORS") {
    const more = /and (\d+) more/.exec(last.message);
    return String(issues.length - 1 + (more ? Number(more[1]) : 0));
  }
  return String(issues.length);
}

/**
 * The most characters of an issue's `message`, `expected`, `suggestion` or `field` kept: a message quotes at most a
 * few hundred characters of input however long the input (a 4 MB bucket id, a whole file on one line), with the
 * number of characters left out.
 *
 * @example
 * ```ts
 * MAX_ISSUE_TEXT; // 600
 * ```
 */
export const MAX_ISSUE_TEXT = 600;

/** Caps the text fields of an issue at {@link MAX_ISSUE_TEXT} characters. */
function capIssue(issue: DataIssue): DataIssue {
  const cap = (s: string | undefined): string | undefined =>
    s === undefined || s.length <= MAX_ISSUE_TEXT ? s : `${s.slice(0, MAX_ISSUE_TEXT - 40)}… (${s.length - (MAX_ISSUE_TEXT - 40)} more characters)`;
  if ([issue.message, issue.expected, issue.suggestion, issue.field].every((s) => s === undefined || s.length <= MAX_ISSUE_TEXT)) return issue;
  const out: DataIssue = { ...issue, message: cap(issue.message)! };
  for (const key of ["expected", "suggestion", "field"] as const) {
    const v = cap(issue[key]);
    if (v !== undefined) out[key] = v;
  }
  return out;
}

/** An issue without its file, as produced by validators that do not know it yet. */
export type IssueDraft = Omit<DataIssue, "file"> & { file?: string };

/**
 * Collects the issues of one read, keeps the first {@link MAX_ISSUES} and counts the rest.
 * @internal
 */
export class IssueCollector {
  readonly issues: DataIssue[] = [];
  private dropped = 0;

  constructor(
    readonly file: string,
    private readonly limit = MAX_ISSUES,
  ) {}

  add(issue: IssueDraft): void {
    if (this.issues.length < this.limit) this.issues.push({ ...issue, file: issue.file ?? this.file } as DataIssue);
    else this.dropped++;
  }

  get size(): number {
    return this.issues.length + this.dropped;
  }

  /** Throws a {@link DataError} with every issue collected so far, if any. */
  throwIfAny(): void {
    if (this.size === 0) return;
    throw this.toError();
  }

  toError(): DataError {
    const issues = [...this.issues];
    if (this.dropped > 0) {
      issues.push({
        code: "TOO_MANY_ERRORS",
        file: this.file,
        message: `and ${this.dropped} more problems not listed (the first ${this.limit} are)`,
        suggestion: "fix the problems listed and read the file again",
      });
    }
    return new DataError(issues);
  }
}

/** Throws a DataError with a single issue. @internal */
export function fail(issue: DataIssue): never {
  throw new DataError([issue]);
}
