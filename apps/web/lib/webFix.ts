import type { Problem } from "./AdvisorError";

// @qqt/data's suggestions are written for library users (`pass bucketSizes`, `columns: { … }`, `errorScale`); the page
// shows instead what to change in the file, or the control it offers. The data package's messages stay as they are.

/** Library option names a web user cannot set. */
const LIBRARY_WORDS = /\b(pass\b|columns: \{|bucketSizes?\b|errorScale\b|accuracyScale\b|metricKind\b|tagColumns\b|parseModel\b|parseStudy\b|parseAuto\b|delimiter:|@qqt\/data\b|"pools")/;

/**
 * The fix of a problem as the page words it: what to change in the file, or the page's control that does it.
 * Returns the data package's own suggestion when it names no library option, and undefined when there is none.
 *
 * @example
 * ```ts
 * webFix({ code: "MISSING_COLUMN", path: "samples_seen", message: "…",
 *   suggestion: 'found `samples`; rename it to `samples_seen` or pass columns: { samplesSeen: "samples" }' });
 * // "rename the column `samples` to `samples_seen` in the file's header line"
 * ```
 */
export function webFix(problem: Problem): string | undefined {
  const s = problem.suggestion;
  if (s === undefined || s === "") return undefined;
  switch (problem.code) {
    case "MISSING_COLUMN": {
      const m = /found `([^`]+)`; rename it to `([^`]+)`/.exec(s);
      if (m) return `rename the column \`${m[1]}\` to \`${m[2]}\` in the file's header line`;
      break;
    }
    case "MISSING_BUCKET_SIZE":
      return /manifest/.test(s)
        ? "add a qqt-manifest.json to the folder whose \"buckets\" give each bucket's size (unique samples, e.g. \"12.8M\")"
        : "add a pool_size column with each bucket's unique samples (e.g. 12.8M; once per bucket is enough)";
    case "AMBIGUOUS_ACCURACY": {
      const line = /fix line (\d+)/.exec(s);
      const choose = "choose below whether the accuracies are fractions (0.31 = 31%) or percents";
      return line ? `fix line ${line[1]} if it is a typo; otherwise ${choose}` : choose;
    }
    case "OUT_OF_RANGE":
      if (/errorScale/.test(s)) return "write errors as fractions in [0, 1] (divide percentages by 100), or name the column `loss` if the values are losses";
      break;
    case "UNKNOWN_FIELD": {
      const m = /did you mean `([^`]+)`/.exec(s);
      return m ? `rename the column to \`${m[1]}\` if that is what it holds; otherwise it is ignored` : "nothing to do: the column is ignored";
    }
    case "MULTIPLE_METRICS":
      return "choose the metric below, or keep the rows of one metric in the file";
    case "UNKNOWN_METRIC":
    case "MISSING_TASK":
      if (LIBRARY_WORDS.test(s)) return "choose a metric the files cover with the metric choice below, or evaluate the missing task(s)";
      break;
  }
  if (!LIBRARY_WORDS.test(s)) return s;
  if (/delimiter/.test(s)) return "separate the columns with commas, tabs or semicolons, or name the file .csv / .tsv";
  // Keep the part of the suggestion that is about the file: drop "or pass …" clauses.
  const kept = s.split(/,? or (?=pass\b|map the directory|keep it as)|; otherwise /)[0]!.trim();
  return kept !== "" && !LIBRARY_WORDS.test(kept) ? kept : undefined;
}

/**
 * Problems in the order of the file: by file (first appearance), then line and column; problems of a whole file (no
 * line) first. Stable, so problems on one line keep their order.
 *
 * @example
 * ```ts
 * byLine([{ line: 6, path: "", message: "a" }, { line: 2, path: "", message: "b" }]).map((p) => p.line); // [2, 6]
 * ```
 */
export function byLine(problems: readonly Problem[]): Problem[] {
  const files = new Map<string, number>();
  for (const p of problems) if (!files.has(p.file ?? "")) files.set(p.file ?? "", files.size);
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => files.get(a.p.file ?? "")! - files.get(b.p.file ?? "")! || (a.p.line ?? 0) - (b.p.line ?? 0) || (a.p.column ?? 0) - (b.p.column ?? 0) || a.i - b.i)
    .map((x) => x.p);
}
