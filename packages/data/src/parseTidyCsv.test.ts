import { describe, expect, it } from "vitest";
import { parseTidyCsv, safeParseTidyCsv } from "./parseTidyCsv.js";
import { issuesOf, issueWith } from "./testing/helpers.js";
import type { TidyCsvOptions } from "./tidy/TidyCsvReader.js";

const file = "runs.csv";
const parse = (text: string, options: TidyCsvOptions = {}) => parseTidyCsv(text, { file, ...options });
const fails = (text: string, options: TidyCsvOptions = {}) => safeParseTidyCsv(text, { file, ...options });

describe("parseTidyCsv: good files", () => {
  it("reads buckets, sizes given once per bucket, counts with suffixes, origins and a summary", () => {
    const csv = "bucket,pool_size,samples_seen,error\ntop0-10,12.8M,25.6M,0.836\ntop0-10,,51.2M,0.76\ntop10-20,12_800_000,2.56e7,0.86\n";
    const { data, summary } = parse(csv);
    expect(data.name).toBe("runs");
    expect(data.metric).toEqual({ name: "error", kind: "error" });
    expect(data.buckets).toEqual([
      { id: "top0-10", size: 12_800_000 },
      { id: "top10-20", size: 12_800_000 },
    ]);
    expect(data.observations).toEqual([
      { pool: ["top0-10"], samplesSeen: 25_600_000, error: 0.836, origin: { file, line: 2 } },
      { pool: ["top0-10"], samplesSeen: 51_200_000, error: 0.76, origin: { file, line: 3 } },
      { pool: ["top10-20"], samplesSeen: 25_600_000, error: 0.86, origin: { file, line: 4 } },
    ]);
    expect(summary).toMatchObject({ format: "tidy-csv", rowsRead: 3, rowsUsed: 3, rowsSkipped: 0, observations: 3, warnings: [] });
    expect(summary.buckets).toEqual([
      { id: "top0-10", size: 12_800_000, observations: 2 },
      { id: "top10-20", size: 12_800_000, observations: 1 },
    ]);
  });

  it("reads TSV bytes with a BOM and CRLF, header names in any case and spacing", () => {
    const text = "Bucket\tPool Size\tSamples-Seen\tError\r\na\t1M\t2M\t0.5\r\n";
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]);
    const { data } = parseTidyCsv(bytes, { file: "runs.tsv" });
    expect(data.observations).toEqual([{ pool: ["a"], samplesSeen: 2e6, error: 0.5, origin: { file: "runs.tsv", line: 2 } }]);
  });

  it("reads UTF-16 (Excel 'Unicode text') with a BOM", () => {
    const text = "bucket\tpool_size\tsamples_seen\terror\na\t1M\t2M\t0.5\n";
    const bytes = new Uint8Array(2 + text.length * 2);
    bytes[0] = 0xff;
    bytes[1] = 0xfe;
    for (let i = 0; i < text.length; i++) bytes[2 + 2 * i] = text.charCodeAt(i);
    expect(parseTidyCsv(bytes, { file: "x.txt" }).data.observations[0]!.error).toBe(0.5);
  });

  it("reads pools of several buckets (ids joined by +), epochs × pool size, and a pool_size equal to the sum", () => {
    const csv = "pool,pool_size,epochs,error\na,10,2,0.5\nb,30,1,0.6\na+b,40,2,0.4\n b + a ,,3,0.3\n";
    const { data } = parse(csv);
    expect(data.buckets).toEqual([
      { id: "a", size: 10 },
      { id: "b", size: 30 },
    ]);
    expect(data.observations.map((o) => [o.pool, o.samplesSeen])).toEqual([
      [["a"], 20],
      [["b"], 30],
      [["a", "b"], 80],
      [["b", "a"], 120],
    ]);
  });

  it("reads percent accuracy when a value is above 1 (or has %), and error = 1 − accuracy without binary noise", () => {
    const { data } = parse("bucket,pool_size,samples_seen,accuracy\na,1M,2M,51.938\na,,4M,50\n");
    expect(data.metric).toEqual({ name: "accuracy", kind: "1-accuracy" });
    expect(data.observations.map((o) => o.error)).toEqual([0.48062, 0.5]);
    expect(parse("bucket,pool_size,samples_seen,accuracy\na,1M,2M,0\na,,4M,24%\n").data.observations.map((o) => o.error)).toEqual([1, 0.76]);
    expect(parse("bucket,pool_size,samples_seen,accuracy\na,1M,2M,51.938%\n").data.observations[0]!.error).toBe(0.48062);
    expect(parse("bucket,pool_size,samples_seen,accuracy (%)\na,1M,2M,0.5\n").data.observations[0]!.error).toBe(0.995);
    expect(parse("bucket,pool_size,samples_seen,accuracy_pct\na,1M,2M,40\n").data.observations[0]!.error).toBe(0.6);
  });

  it("reads fraction accuracy when told so", () => {
    expect(parse("bucket,pool_size,samples_seen,accuracy\na,1M,2M,0.25\n", { accuracyScale: "fraction" }).data.observations[0]!.error).toBe(0.75);
  });

  it("reads losses above 1 from a loss column or with metricKind loss", () => {
    expect(parse("bucket,pool_size,samples_seen,loss\na,1M,2M,3.25\n").data).toMatchObject({ metric: { name: "loss", kind: "loss" }, observations: [{ error: 3.25 }] });
    expect(parse("bucket,pool_size,samples_seen,error\na,1M,2M,3.25\n", { metricKind: "loss" }).data.observations[0]!.error).toBe(3.25);
    expect(parse("bucket,pool_size,samples_seen,error\na,1M,2M,25\n", { errorScale: "percent" }).data.observations[0]!.error).toBe(0.25);
  });

  it("selects one metric of several and counts the others as skipped; keeps model, seed, weight and tag columns", () => {
    const csv = [
      "# runs of 2024-06",
      "bucket,pool_size,samples_seen,error,metric,model,seed,weight,gpu",
      "a,1M,2M,0.5,imagenet1k,ViT-B-32,1,2,A100",
      "a,1M,2M,0.52,imagenet1k,ViT-B-32,2,,A100",
      "a,1M,2M,0.4,avg18,ViT-B-32,1,,A100",
      "",
      "a,1M,4M,0.45,imagenet1k,ViT-B-32,1,,H100",
      "",
    ].join("\n");
    const { data, summary } = parse(csv, { metric: "imagenet1k", tagColumns: ["gpu"] });
    expect(data.metric).toEqual({ name: "imagenet1k", kind: "error" });
    expect(data.observations[0]).toEqual({ pool: ["a"], samplesSeen: 2e6, error: 0.5, weight: 2, metric: "imagenet1k", tags: { model: "ViT-B-32", seed: "1", gpu: "A100" }, origin: { file, line: 3 } });
    expect(data.observations).toHaveLength(3);
    expect(summary.rowsRead).toBe(6);
    expect(summary.rowsUsed).toBe(3);
    expect(summary.rowsSkipped).toBe(3);
    expect(summary.skipped).toEqual([
      { reason: "COMMENT_LINE", detail: "comment line", count: 1, file, line: 1 },
      { reason: "METRIC_NOT_SELECTED", detail: "avg18", count: 1, file, line: 5 },
      { reason: "BLANK_LINE", detail: "blank line", count: 1, file, line: 6 },
    ]);
  });

  it("reports unused columns as warnings with a suggestion, never reading them silently", () => {
    const { summary, data } = parse("bucket,pool_size,samples_seen,error,acc\na,1M,2M,0.5,0.5\n");
    expect(data.observations[0]!.error).toBe(0.5);
    expect(summary.warnings).toEqual([expect.objectContaining({ code: "UNKNOWN_FIELD", line: 1, column: 5, field: "acc" })]);
  });

  it("reads a column under another name when mapped, bucket sizes and order from options", () => {
    const { data } = parse("data,samples,err\nb,2M,0.5\na,2M,0.4\n", {
      columns: { bucket: "data", samplesSeen: "samples", error: "err" },
      bucketSizes: { a: "1M", b: 1_000_000 },
      bucketOrder: ["a", "b"],
    });
    expect(data.buckets.map((b) => b.id)).toEqual(["a", "b"]);
    expect(data.observations.map((o) => o.samplesSeen)).toEqual([2e6, 2e6]);
  });

  it("keeps a quoted field with the delimiter and reads a semicolon file", () => {
    expect(parse('bucket,pool_size,samples_seen,error\n"a,b",1M,2M,0.5\n').data.buckets[0]!.id).toBe("a,b");
    expect(parse("bucket;pool_size;samples_seen;error\na;1M;2M;0.5\n").data.observations).toHaveLength(1);
  });
});

describe("parseTidyCsv: bad files, with code, file, line, column and field", () => {
  it("empty file and header-only file", () => {
    expect(issuesOf(fails(""))[0]).toMatchObject({ code: "EMPTY_INPUT", file });
    expect(issuesOf(fails("\uFEFF\n\n"))[0]).toMatchObject({ code: "EMPTY_INPUT", file });
    expect(issuesOf(fails("bucket,pool_size,samples_seen,error\n"))[0]).toMatchObject({ code: "NO_OBSERVATIONS", line: 1 });
  });

  it("a missing column names the likely alias and how to map it", () => {
    const issue = issueWith(fails("bucket,pool_size,samples,error\na,1M,2M,0.5\n"), "MISSING_COLUMN");
    expect(issue).toMatchObject({ file, line: 1, field: "samples_seen" });
    expect(issue.suggestion).toBe('found `samples`; rename it to `samples_seen` or pass columns: { samplesSeen: "samples" }');
    expect(issueWith(fails("bucket,bucket_size,samples_seen,acc\na,1,2,3\n"), "MISSING_COLUMN").suggestion).toBe('found `acc`; rename it to `accuracy` or pass columns: { accuracy: "acc" }');
    expect(issuesOf(fails("x,y\n1,2\n")).map((i) => i.field)).toEqual(["bucket", "samples_seen", "error"]);
  });

  it("a file without a header row is said to have none, with the header it needs (not 'the header is: <data>')", () => {
    const issues = issuesOf(fails("top0-10,12.8M,25.6M,0.8\ntop0-10,,51.2M,0.7\n"));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: "MISSING_COLUMN", file, line: 1 });
    expect(issues[0]!.message).toBe("the file seems to have no header row: line 1 looks like data (top0-10, 12.8M, 25.6M, 0.8)");
    expect(issues[0]!.expected).toBe("a first line naming the columns, e.g. bucket,pool_size,samples_seen,error");
    expect(issues[0]!.suggestion).toBe(
      "add the header line `bucket,pool_size,samples_seen,error` (or accuracy / loss instead of error, epochs instead of samples_seen) naming each of the 4 columns",
    );
    // The DataComp leaderboard's filter_medium.tsv: dates, names, scores, a URL.
    const leaderboard = "04-28-2023\tBaseline: Image-based ∩ CLIP score (L/14 30%)\t0.297\t0.328\t14000000\tDataComp team\thttps://arxiv.org/abs/2304.14108\n";
    const tsv = issuesOf(safeParseTidyCsv(leaderboard.repeat(2), { file: "filter_medium.tsv" }));
    expect(tsv.map((i) => [i.code, i.line])).toEqual([["MISSING_COLUMN", 1]]);
    expect(tsv[0]!.message).toBe("the file seems to have no header row: line 1 looks like data (04-28-2023, Baseline: Image-based ∩ CLIP s…, 0.297, 0.328, …)");
    expect(tsv[0]!.suggestion).toBe(
      "add the header line `bucket\tpool_size\tsamples_seen\terror` (tab-separated; or accuracy / loss instead of error, epochs instead of samples_seen) naming each of the 7 columns",
    );
    // A header of unknown names is still a header.
    expect(issuesOf(fails("name,value\na,2\n")).map((i) => [i.code, i.field])).toEqual([
      ["MISSING_COLUMN", "bucket"],
      ["MISSING_COLUMN", "samples_seen"],
      ["MISSING_COLUMN", "error"],
    ]);
  });

  it("conflicting and duplicate columns, a mapping to a column that does not exist", () => {
    expect(issueWith(fails("bucket,pool,samples_seen,error\n"), "CONFLICTING_COLUMNS")).toMatchObject({ line: 1, field: "pool" });
    expect(issueWith(fails("bucket,samples_seen,error,accuracy\n"), "CONFLICTING_COLUMNS").field).toBe("accuracy");
    expect(issueWith(fails("bucket,samples_seen,error,Error\n"), "DUPLICATE_COLUMN")).toMatchObject({ column: 4, field: "Error" });
    expect(issueWith(fails("bucket,n,error\n", { columns: { samplesSeen: "samples" } }), "MISSING_COLUMN").message).toContain("columns.samplesSeen");
  });

  it("every bad value of the file at once, with line, column and field", () => {
    const csv = [
      "bucket,pool_size,samples_seen,error",
      "a,1M,12.8m,0.5",
      "a,1M,-5,0.5",
      "a,1M,2M,abc",
      "a,1M,2M,-0.1",
      ",1M,2M,0.5",
      "a,0,2M,0.5",
      "a,1M,2M",
    ].join("\n");
    const issues = issuesOf(fails(csv));
    expect(issues.map((i) => [i.code, i.line, i.column, i.field])).toEqual([
      ["INVALID_NUMBER", 2, 6, "samples_seen"],
      ["NEGATIVE_NUMBER", 3, 6, "samples_seen"],
      ["INVALID_NUMBER", 4, 9, "error"],
      ["NEGATIVE_NUMBER", 5, 9, "error"],
      ["MISSING_VALUE", 6, 1, "bucket"],
      ["OUT_OF_RANGE", 7, 3, "pool_size"],
      ["INVALID_CSV", 8, undefined, undefined],
    ]);
    expect(issues.every((i) => i.file === file)).toBe(true);
    expect(issues[0]!.suggestion).toBe("write 12.8M for million");
  });

  it("a malformed value says what the column expects: only an accuracy column mentions a percent accuracy", () => {
    const expected = (header: string, options: TidyCsvOptions = {}) => issueWith(fails(`bucket,pool_size,samples_seen,${header}\na,1M,2M,abc\n`, options), "INVALID_NUMBER").expected;
    expect(expected("error")).toBe("an error such as 0.17 (or 17% with a % sign)");
    expect(expected("error", { errorScale: "percent" })).toBe("an error in percent such as 17 or 17%");
    expect(expected("error_pct")).toBe("an error in percent such as 17 or 17%");
    expect(expected("loss")).toBe("a loss such as 2.31");
    expect(expected("accuracy")).toBe("a number such as 0.83 (or 83% / 83 for a percent accuracy)");
  });

  it("errors above 1 are refused with a suggestion (percent or loss)", () => {
    const issue = issueWith(fails("bucket,pool_size,samples_seen,error\na,1M,2M,0.5\na,1M,4M,45\n"), "OUT_OF_RANGE");
    expect(issue).toMatchObject({ line: 3, column: 9, field: "error" });
    expect(issue.suggestion).toContain("errorScale");
  });

  it("accuracy all in [0, 1] is ambiguous unless the scale is given; above 100% is refused", () => {
    const issue = issueWith(fails("bucket,pool_size,samples_seen,accuracy\na,1M,2M,0.31\na,1M,4M,0.35\n"), "AMBIGUOUS_ACCURACY");
    expect(issue).toMatchObject({ file, line: 1, column: 4, field: "accuracy" });
    expect(issue.suggestion).toBe('pass accuracyScale: "fraction" if 0.31 means 31%');
    expect(issueWith(fails("bucket,pool_size,samples_seen,accuracy\na,1M,2M,31\na,1M,4M,131\n"), "OUT_OF_RANGE")).toMatchObject({ line: 3, field: "accuracy" });
    expect(issueWith(fails("bucket,pool_size,samples_seen,accuracy\na,1M,2M,1.5\n", { accuracyScale: "fraction" }), "OUT_OF_RANGE").line).toBe(2);
  });

  it("an inferred accuracy scale that mixes percents (above 1 or with %) and fractions is refused, naming a line of each", () => {
    const mixed = issuesOf(fails("bucket,pool_size,samples_seen,accuracy\na,1M,2M,0.17\na,,4M,24%\na,,8M,0.26\n"));
    expect(mixed).toHaveLength(1);
    expect(mixed[0]).toMatchObject({ code: "AMBIGUOUS_ACCURACY", file, line: 3, column: 7, field: "accuracy" });
    expect(mixed[0]!.message).toBe("accuracy mixes scales: 24% (line 3) reads as a percent, but 0.17 (line 2, column 9) reads as a fraction; 1 value reads as a percent, 2 as fractions");
    expect(mixed[0]!.expected).toBe("one scale for the whole column: fractions in [0, 1] (0.31 = 31%) or percents (31 or 31%)");
    expect(mixed[0]!.suggestion).toBe('fix line 3 if it is a typo, or pass accuracyScale: "fraction" if 0.31 means 31% or accuracyScale: "percent" if 24 means 24%');
    // A fraction file with one typo (28.0725 for 0.280725) is no longer read entirely as percent.
    const rows = Array.from({ length: 20 }, (_, i) => `b${i % 4},12.8M,${(i + 1) * 25.6}M,${i === 4 ? "28.0725" : (0.1 + i / 100).toFixed(4)}`);
    const typo = issuesOf(fails(["bucket,pool_size,samples_seen,accuracy", ...rows].join("\n")));
    expect(typo.map((i) => [i.code, i.line, i.column])).toEqual([["AMBIGUOUS_ACCURACY", 6, 15]]);
    expect(typo[0]!.message).toBe("accuracy mixes scales: 28.0725 (line 6) reads as a percent, but 0.1000 (line 2, column 16) reads as a fraction; 1 value reads as a percent, 19 as fractions");
  });

  it("an explicit accuracy scale or a percent header settles mixed values: out-of-range values are refused per row", () => {
    const csv = "bucket,pool_size,samples_seen,accuracy\na,1M,2M,0.17\na,,4M,24%\na,,8M,28.07\n";
    expect(issuesOf(fails(csv, { accuracyScale: "fraction" })).map((i) => [i.code, i.line])).toEqual([["OUT_OF_RANGE", 4]]);
    expect(parse(csv, { accuracyScale: "percent" }).data.observations.map((o) => o.error)).toEqual([0.9983, 0.76, 0.7193]);
    expect(parse(csv.replace("accuracy", "accuracy_pct")).data.observations.map((o) => o.error)).toEqual([0.9983, 0.76, 0.7193]);
  });

  it("an error column is a fraction unless told otherwise: a % sign is read per value, a value above 1 is refused", () => {
    expect(parse("bucket,pool_size,samples_seen,error\na,1M,2M,0.17\na,,4M,24%\n").data.observations.map((o) => o.error)).toEqual([0.17, 0.24]);
    expect(issuesOf(fails("bucket,pool_size,samples_seen,error\na,1M,2M,0.17\na,,4M,24\n")).map((i) => [i.code, i.line])).toEqual([["OUT_OF_RANGE", 3]]);
  });

  it("duplicate observations name the first line and suggest a seed column", () => {
    const issue = issueWith(fails("bucket,pool_size,samples_seen,error\na,1M,2M,0.5\na,1M,2000000,0.51\n"), "DUPLICATE_OBSERVATION");
    expect(issue).toMatchObject({ file, line: 3 });
    expect(issue.message).toContain("repeats line 2");
    expect(issue.suggestion).toContain("seed");
    expect(issueWith(fails("pool,pool_size,samples_seen,error\na+b,,2M,0.5\nb+a,,2M,0.5\n", { bucketSizes: { a: 1, b: 1 } }), "DUPLICATE_OBSERVATION").line).toBe(3);
  });

  it("a row with the wrong number of fields says how many, in the singular for one", () => {
    const issue = issueWith(fails("bucket,pool_size,samples_seen,error\na\n"), "INVALID_CSV");
    expect(issue).toMatchObject({ file, line: 2, message: "the row has 1 field but the header has 4", expected: "4 fields per row" });
  });

  it("reports every problem of the file at once: an error above 1, a duplicate after it, and a bucket without a size", () => {
    const r = fails("bucket,pool_size,samples_seen,error\na,1M,2M,1.5\na,1M,4M,0.5\na,,4M,0.49\nb,,2M,0.6\nc,2M,1M,0.7\nc,,1M,0.71\n");
    expect(r.success).toBe(false);
    if (r.success) return;
    expect(r.error.issues.map((i) => [i.code, i.line])).toEqual([
      ["MISSING_BUCKET_SIZE", 5],
      ["OUT_OF_RANGE", 2],
      ["DUPLICATE_OBSERVATION", 4],
      ["DUPLICATE_OBSERVATION", 7],
    ]);
  });

  it("reports row problems and file problems together: a malformed count does not hide an error above 1", () => {
    // /tmp/review-inputs/gt1b.csv: only line 4 was reported until it was fixed.
    const issues = issuesOf(fails("bucket,pool_size,samples_seen,error\ntop0-10,12.8M,25.6M,0.8\ntop0-10,,102.4M,1.5\ntop0-10,,abc,0.5\n"));
    expect(issues.map((i) => [i.code, i.line, i.field])).toEqual([
      ["INVALID_NUMBER", 4, "samples_seen"],
      ["OUT_OF_RANGE", 3, "error"],
    ]);
    expect(issues[1]!.message).toBe("error 1.5 is above 1");
  });

  it("every kind of problem of one file in one error, without follow-on issues of the rows already reported", () => {
    const csv = [
      "bucket,pool_size,samples_seen,error",
      "a,1M,2M,0.5",
      "a,,2M,0.51", // repeats line 2
      "a,,4M,1.5", // error above 1
      "b,xyz,2M,0.5", // b's only size is malformed: no MISSING_BUCKET_SIZE for b as well
      "b,,4M,abc", // malformed error
      "c,,2M,0.4", // c has no size
      "d,1M,2M", // too few fields: d is never a bucket
    ].join("\n");
    const issues = issuesOf(fails(csv));
    expect(issues.map((i) => [i.code, i.line])).toEqual([
      ["INVALID_NUMBER", 5],
      ["INVALID_NUMBER", 6],
      ["INVALID_CSV", 8],
      ["MISSING_BUCKET_SIZE", 7],
      ["DUPLICATE_OBSERVATION", 3],
      ["OUT_OF_RANGE", 4],
    ]);
    expect(issues[3]!.message).toBe('bucket "c" has no size');
  });

  it("a file whose every row is bad reports the rows only (no NO_OBSERVATIONS, no UNKNOWN_METRIC for the chosen metric)", () => {
    expect(issuesOf(fails("bucket,pool_size,samples_seen,error\na,1M,2M,abc\n")).map((i) => [i.code, i.line])).toEqual([["INVALID_NUMBER", 2]]);
    const metric = issuesOf(fails("bucket,pool_size,samples_seen,error,metric\na,1M,2M,abc,x\na,1M,2M,0.5,y\n", { metric: "x" }));
    expect(metric.map((i) => [i.code, i.line])).toEqual([["INVALID_NUMBER", 2]]);
  });

  it("an ambiguous accuracy scale is reported with the row problems", () => {
    const issues = issuesOf(fails("bucket,pool_size,samples_seen,accuracy\na,1M,2M,0.31\na,1M,4M,abc\n"));
    expect(issues.map((i) => [i.code, i.line])).toEqual([
      ["INVALID_NUMBER", 3],
      ["AMBIGUOUS_ACCURACY", 1],
    ]);
  });

  it("keeps the 100-issue cap with its 'and N more' summary when file problems follow many row problems", () => {
    const rows = Array.from({ length: 120 }, (_, i) => `a,1M,${i + 1}M,abc`);
    const r = fails(["bucket,pool_size,samples_seen,error", "b,1M,2M,1.5", ...rows].join("\n"));
    const issues = issuesOf(r);
    expect(issues).toHaveLength(101);
    expect(issues.slice(0, 100).every((i) => i.code === "INVALID_NUMBER")).toBe(true);
    expect(issues[100]).toMatchObject({ code: "TOO_MANY_ERRORS", message: "and 21 more problems not listed (the first 100 are)" });
  });

  it("epochs without a bucket size, a size given twice differently, a pool size that is not the sum", () => {
    const missing = issueWith(fails("bucket,epochs,error\na,2,0.5\n"), "MISSING_BUCKET_SIZE");
    expect(missing).toMatchObject({ file, line: 2, field: "pool_size" });
    expect(missing.message).toBe('epochs are given for bucket "a" but its size is not');
    expect(issueWith(fails("bucket,samples_seen,error\na,2M,0.5\n"), "MISSING_BUCKET_SIZE").message).toBe('bucket "a" has no size');
    const twice = issueWith(fails("bucket,pool_size,samples_seen,error\na,1M,2M,0.5\na,2M,4M,0.4\n"), "INCONSISTENT_BUCKET_SIZE");
    expect(twice).toMatchObject({ line: 3, column: 3, field: "pool_size" });
    expect(twice.message).toContain("line 2");
    expect(issueWith(fails("pool,pool_size,samples_seen,error\na,1M,2M,0.5\nb,1M,2M,0.5\na+b,3M,2M,0.4\n"), "INCONSISTENT_BUCKET_SIZE").line).toBe(4);
    expect(issueWith(fails("bucket,pool_size,samples_seen,error\na,1M,2M,0.5\n", { bucketSizes: { a: "2M" } }), "INCONSISTENT_BUCKET_SIZE").line).toBe(2);
  });

  it("samples_seen and epochs that disagree", () => {
    expect(issueWith(fails("bucket,pool_size,samples_seen,epochs,error\na,1M,2M,3,0.5\n"), "INCONSISTENT_VALUE")).toMatchObject({ line: 2, field: "samples_seen" });
    expect(parse("bucket,pool_size,samples_seen,epochs,error\na,1M,2M,2.001,0.5\n").data.observations[0]!.samplesSeen).toBe(2e6);
  });

  it("several metrics without a choice, an unknown chosen metric", () => {
    const issue = issueWith(fails("bucket,pool_size,samples_seen,error,metric\na,1M,2M,0.5,x\na,1M,2M,0.5,y\n"), "MULTIPLE_METRICS");
    expect(issue).toMatchObject({ line: 1, field: "metric", suggestion: 'pass metric: "x" to read one of them' });
    expect(issueWith(fails("bucket,pool_size,samples_seen,error,metric\na,1M,2M,0.5,x\n", { metric: "z" }), "UNKNOWN_METRIC").line).toBe(1);
  });

  it("a bucket missing from bucketOrder, an ambiguous delimiter, an unterminated quote", () => {
    expect(issueWith(fails("bucket,pool_size,samples_seen,error\na,1M,2M,0.5\nb,1M,2M,0.5\n", { bucketOrder: ["a"] }), "UNKNOWN_BUCKET")).toMatchObject({ line: 3, field: "bucket" });
    expect(issueWith(safeParseTidyCsv("bucket,pool_size\tsamples_seen,error\n", { file: "x.txt" }), "AMBIGUOUS_DELIMITER").line).toBe(1);
    expect(issueWith(fails('bucket,pool_size,samples_seen,error\n"a,1M,2M,0.5\n'), "INVALID_CSV")).toMatchObject({ line: 2, column: 1 });
  });
});

describe("parseTidyCsv: the quality column (quality groups for scale transfer)", () => {
  it("gives each bucket its quality group, once per bucket being enough", () => {
    const text = "bucket,quality,pool_size,samples_seen,error\npilot-a,top10,1.28M,2.56M,0.9\npilot-a,,,5.12M,0.85\nfull-a,top10,12.8M,25.6M,0.8\n";
    const { data } = parseTidyCsv(text, { file: "t.csv" });
    expect(data.buckets.map((b) => [b.id, b.quality])).toEqual([
      ["pilot-a", { group: "top10" }],
      ["full-a", { group: "top10" }],
    ]);
  });
  it.each([
    ["bucket,quality,pool_size,samples_seen,error\na,q1,1M,2M,0.9\na,q2,,3M,0.8\n", 3, /bucket "a" has quality "q2" here but "q1" on line 2/],
    ["pool,quality,samples_seen,error\na,q1,2M,0.9\na+b,q2,3M,0.8\n", 3, /quality "q2" is given on a run of the pool a\+b, but a quality belongs to one bucket/],
  ])("refuses a conflicting or misplaced quality (%#)", (text, line, message) => {
    const r = safeParseTidyCsv(text, { file: "t.csv", bucketSizes: { a: "1M", b: "1M" } });
    expect(r.success).toBe(false);
    if (!r.success) {
      const issue = r.error.issues.find((i) => i.field === "quality")!;
      expect(issue.line).toBe(line);
      expect(issue.message).toMatch(message);
    }
  });
});
