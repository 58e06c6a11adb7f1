import type { DataIssue } from "@qqt/data";
import type { ApiFailure, Issue } from "./client";

/** Most issues listed at once; the rest are counted. */
const MAX_LISTED = 50;

/** One problem to show: where, what, what was expected and how to fix it (all plain text). */
export interface ShownIssue {
  where?: string;
  message: string;
  expected?: string;
  suggestion?: string;
}

/**
 * An API issue for display: its path and line/column in what was sent.
 *
 * @example
 * ```ts
 * shownApiIssue({ path: "study.buckets[0].size", message: "buckets[0].size is 0", line: 3, column: 9 });
 * // { where: "study.buckets[0].size (line 3, column 9)", message: "buckets[0].size is 0" }
 * ```
 */
export function shownApiIssue(issue: Issue): ShownIssue {
  const at = issue.line !== undefined ? ` (line ${issue.line}${issue.column !== undefined ? `, column ${issue.column}` : ""})` : "";
  const out: ShownIssue = { message: issue.message };
  if (issue.path !== "" || at !== "") out.where = `${issue.path === "" ? "body" : issue.path}${at}`;
  if (issue.expected !== undefined) out.expected = issue.expected;
  if (issue.suggestion !== undefined) out.suggestion = issue.suggestion;
  return out;
}

/**
 * A @qqt/data issue for display: `file:line:column` and the field.
 *
 * @example
 * ```ts
 * shownDataIssue({ code: "UNKNOWN_BUCKET", file: "runs.json", line: 9, column: 20, field: "observations[3].pool[1]",
 *   message: 'bucket "top10-2O" is not in buckets', suggestion: 'did you mean "top10-20"?' }).where;
 * // "runs.json:9:20, observations[3].pool[1]"
 * ```
 */
export function shownDataIssue(issue: DataIssue): ShownIssue {
  let where = issue.file;
  if (issue.line !== undefined) where += `:${issue.line}${issue.column !== undefined ? `:${issue.column}` : ""}`;
  if (issue.field !== undefined) where += `, ${issue.field}`;
  const out: ShownIssue = { where, message: issue.message };
  if (issue.expected !== undefined) out.expected = issue.expected;
  if (issue.suggestion !== undefined) out.suggestion = issue.suggestion;
  return out;
}

/** A failure with its issues, rendered as text (never as HTML), announced to screen readers. */
export function Problem(props: { title: string; message: string; issues?: readonly ShownIssue[]; testId?: string; children?: React.ReactNode }) {
  const issues = props.issues ?? [];
  const listed = issues.slice(0, MAX_LISTED);
  const rest = issues.length - listed.length;
  return (
    <div className="problem" role="alert" data-testid={props.testId ?? "ws-problem"}>
      <p className="problem-title">
        <strong>{props.title}</strong> {props.message}
      </p>
      {listed.length > 0 && (
        <ul className="ws-issues">
          {listed.map((issue, i) => (
            <li key={i}>
              {issue.where !== undefined && (
                <>
                  <code>{issue.where}</code>:{" "}
                </>
              )}
              {issue.message}
              {issue.expected !== undefined && <span className="muted">. Expected {issue.expected}</span>}
              {issue.suggestion !== undefined && <span>. {capitalize(issue.suggestion)}</span>}
            </li>
          ))}
        </ul>
      )}
      {rest > 0 && <p className="problem-footer">…and {rest} more.</p>}
      {props.children}
    </div>
  );
}

/** An API failure as a {@link Problem}. */
export function ApiProblem(props: { title: string; error: ApiFailure; children?: React.ReactNode }) {
  return (
    <Problem title={props.title} message={props.error.message} issues={props.error.issues.map(shownApiIssue)}>
      {props.children}
    </Problem>
  );
}

function capitalize(text: string): string {
  return text.length === 0 ? text : text[0]!.toUpperCase() + text.slice(1);
}
