// Human-readable problems: @qqt/data issues as `file:line:column field — message (expected …; suggestion …)`,
// with the library's option names translated into this command's options.
import type { DataIssue } from "@qqt/data";
import type { Palette } from "../io.js";

/** Library option → command-line option, for the `expected` and `suggestion` texts of @qqt/data issues. */
const WORDING: ReadonlyArray<[RegExp, string]> = [
  [/accuracyScale: "(\w+)" or "(\w+)"/g, "--accuracy-scale $1 or --accuracy-scale $2"],
  [/accuracyScale: "(\w+)"/g, "--accuracy-scale $1"],
  [/\baccuracyScale\b/g, "--accuracy-scale"],
  [/errorScale: "(\w+)" or "(\w+)"/g, "--error-scale $1 or --error-scale $2"],
  [/errorScale: "(\w+)"/g, "--error-scale $1"],
  [/\berrorScale\b/g, "--error-scale"],
  [/metricKind: "(\w+)"/g, "--metric-kind $1"],
  [/columns: \{ (\w+): "([^"]*)" \}/g, "--columns $1=$2"],
  [/\bmetric: "([^"]*)"/g, "--metric $1"],
  [/\bdelimiter: /g, "--delimiter "],
  [/\bscore: "([^"]*)"/g, "--score $1"],
  [/\bbucketSizes\b/g, "--bucket-sizes"],
  [/\bbucketSize\b/g, "--bucket-size"],
];

/** Rewrites the library's option names in a hint to the command's options. */
export function cliWording(text: string): string {
  let out = text;
  for (const [pattern, replacement] of WORDING) out = out.replace(pattern, replacement);
  return out;
}

/** @qqt/fit option paths → the command-line options that set them (for errors about option values). */
export const FIT_OPTION_PATHS: ReadonlyArray<[string, string]> = [
  ["options.fixed", "--fix"],
  ["options.bounds", "--bounds"],
  ["options.share", "--share"],
  ["options.seed", "--seed"],
  ["options.loss", "--loss"],
  ["options.huberDelta", "--huber-delta"],
  ["options.starts", "--starts"],
  ["options.maxIterations", "--max-iterations"],
  ["options.samples", "--bootstrap"],
  ["options.method", "--bootstrap-method"],
  ["options.confidence", "--confidence"],
  ["options.fitUntil", "--fit-until"],
  ["options.law", "--formulation/--variant"],
];

/** @qqt/fit option names in warnings and errors → the command-line options. */
const FIT_WORDING: ReadonlyArray<[RegExp, string]> = [
  [/\boptions\.bounds\.(\w+)/g, "--bounds $1=MIN..MAX"],
  [/\boptions\.bounds\b/g, "--bounds"],
  [/\boptions\.fixed\b/g, "--fix"],
  [/\boptions\.share\b/g, "--share"],
  [/\boptions\.seed\b/g, "--seed"],
  [/\boptions\.samples\b/g, "--bootstrap"],
  [/\boptions\.fitUntil\b/g, "--fit-until"],
  [/\boptions\.maxIterations\b/g, "--max-iterations"],
  [/\bfitUntil\b/g, "--fit-until"],
];

/** Rewrites @qqt/fit's option names in a warning or error message to the command's options. */
export function fitWording(text: string): string {
  let out = text;
  for (const [pattern, replacement] of FIT_WORDING) out = out.replace(pattern, replacement);
  return out;
}

/** `file:line:column` of an issue (as much as is known). */
export function issueLocation(issue: Pick<DataIssue, "file" | "line" | "column">): string {
  let where = issue.file;
  if (issue.line !== undefined) where += `:${issue.line}`;
  if (issue.line !== undefined && issue.column !== undefined) where += `:${issue.column}`;
  return where;
}

/** One problem on one line: `file:line:column field — message (expected …; suggestion …) [CODE]`. */
export function formatIssueLine(issue: DataIssue, p: Palette): string {
  let message = issue.message.replace(/\.$/, "");
  if (issue.field !== undefined && message.startsWith(`${issue.field}: `)) message = message.slice(issue.field.length + 2);
  const head = issue.field !== undefined ? `${p.bold(issueLocation(issue))} ${p.cyan(issue.field)}` : p.bold(issueLocation(issue));
  const notes: string[] = [];
  if (issue.expected !== undefined) notes.push(`expected ${cliWording(issue.expected).replace(/\.$/, "")}`);
  if (issue.suggestion !== undefined && issue.suggestion !== "") notes.push(`suggestion: ${cliWording(issue.suggestion).replace(/\.$/, "")}`);
  return `${head} — ${message}${notes.length > 0 ? ` (${notes.join("; ")})` : ""} ${p.dim(`[${issue.code}]`)}`;
}
