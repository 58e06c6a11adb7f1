import { DataError, parseTidyCsv } from "@qqt/data";
import { describe, expect, it } from "vitest";
import { problemFromIssue, type Problem } from "./AdvisorError";
import { byLine, webFix } from "./webFix";

/** The problems @qqt/data reports for a CSV, as the page holds them. */
function problemsOf(csv: string): Problem[] {
  try {
    parseTidyCsv(csv, { file: "runs.csv" });
  } catch (e) {
    if (e instanceof DataError) return e.issues.map(problemFromIssue);
    throw e;
  }
  throw new Error("expected problems");
}

const LIBRARY = /\bpass\b|columns: \{|bucketSizes|errorScale|accuracyScale|metricKind|tagColumns/;

describe("webFix", () => {
  it.each([
    {
      p: { code: "MISSING_COLUMN", path: "samples_seen", message: "", suggestion: 'found `samples`; rename it to `samples_seen` or pass columns: { samplesSeen: "samples" }' },
      fix: "rename the column `samples` to `samples_seen` in the file's header line",
    },
    { p: { code: "MISSING_BUCKET_SIZE", path: "", message: "", suggestion: "add a pool_size column (once per bucket is enough) or pass bucketSizes" }, fix: "add a pool_size column with each bucket's unique samples (e.g. 12.8M; once per bucket is enough)" },
    {
      p: { code: "OUT_OF_RANGE", path: "error", message: "", suggestion: 'pass errorScale: "percent" if the errors are percentages, or metricKind: "loss" (or a `loss` column) for losses' },
      fix: "write errors as fractions in [0, 1] (divide percentages by 100), or name the column `loss` if the values are losses",
    },
    {
      p: { code: "AMBIGUOUS_ACCURACY", path: "", message: "", suggestion: 'fix line 4 if it is a typo, or pass accuracyScale: "fraction" if 0.31 means 31% or accuracyScale: "percent" if 24 means 24%' },
      fix: "fix line 4 if it is a typo; otherwise choose below whether the accuracies are fractions (0.31 = 31%) or percents",
    },
    { p: { code: "UNKNOWN_FIELD", path: "sede", message: "", suggestion: "did you mean `seed`? Otherwise keep it as a tag with tagColumns" }, fix: "rename the column to `seed` if that is what it holds; otherwise it is ignored" },
    { p: { code: "DUPLICATE_OBSERVATION", path: "", message: "", suggestion: "add a `seed` column to tell repeated runs apart, or remove one of the rows" }, fix: "add a `seed` column to tell repeated runs apart, or remove one of the rows" },
    { p: { code: "X", path: "", message: "", suggestion: 'add a qqt-manifest.json with "buckets", or pass bucketSizes / bucketSize (e.g. "12.8M")' }, fix: 'add a qqt-manifest.json with "buckets"' },
    { p: { code: "X", path: "", message: "" }, fix: undefined },
  ])("$p.code → $fix", ({ p, fix }) => {
    expect(webFix(p)).toBe(fix);
  });

  it("no fix of a real bad CSV names a library option", () => {
    const csv = "bucket,pool_size,samples,error\ntop0-10,12.8M,25.6M,1.5\ntop10-20,,25.6M,0.5\n";
    const problems = problemsOf(csv);
    expect(problems.length).toBeGreaterThan(0);
    const withSuggestion = problems.filter((p) => p.suggestion !== undefined);
    expect(withSuggestion.some((p) => LIBRARY.test(p.suggestion!))).toBe(true); // the library's words …
    for (const p of problems) expect(webFix(p) ?? "").not.toMatch(LIBRARY); // … never the page's
    expect(problems.map(webFix)).toContain("rename the column `samples` to `samples_seen` in the file's header line");
  });
});

describe("byLine", () => {
  it("orders by file, then line and column, whole-file problems first, stable within a line", () => {
    const p = (file: string | undefined, line: number | undefined, message: string, column?: number): Problem => ({
      path: "",
      message,
      ...(file !== undefined ? { file } : {}),
      ...(line !== undefined ? { line } : {}),
      ...(column !== undefined ? { column } : {}),
    });
    const sorted = byLine([p("a.csv", 2, "a"), p("a.csv", 6, "b"), p("a.csv", 7, "c"), p("a.csv", 4, "d", 3), p("a.csv", 4, "e", 1), p("a.csv", 5, "f"), p("a.csv", undefined, "g"), p("b.csv", 1, "h"), p("a.csv", 5, "i")]);
    expect(sorted.map((x) => x.message)).toEqual(["g", "a", "e", "d", "f", "i", "b", "c", "h"]);
  });
});
