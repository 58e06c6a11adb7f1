import { describe, expect, it } from "vitest";
import { AVG18_TASKS, DATACOMP_38_TASKS, DATACOMP_TASK_ALIASES } from "./datacomp/tasks.js";
import { parseDataCompManifest } from "./datacomp/manifest.js";
import { parseDataComp, safeParseDataComp } from "./parseDataComp.js";
import { evalLine, issuesOf, issueWith } from "./testing/helpers.js";
import type { InputFile } from "./types.js";

/** A checkpoint file with `score` on every task of `tasks` (imagenet1k gets `imagenet`). */
function checkpoint(path: string, imagenet: number, tasks: readonly string[] = ["imagenet1k", "mnist"], score = 0.5): InputFile {
  return { path, text: tasks.map((t) => evalLine(t, t === "imagenet1k" ? imagenet : score)).join("") };
}
const epochFile = (bucket: string, k: number) => `${bucket}/eval_results_epoch_${k}_step_-1.jsonl`;

describe("parseDataComp: layouts and metrics", () => {
  it("reads <bucket>/eval_results_epoch_<k>_step_-1.jsonl with one bucket size; other tasks and files are counted", () => {
    const files = [checkpoint(epochFile("top0-10", 10), 0.3), checkpoint(epochFile("top0-10", 2), 0.16), { path: "top0-10/README.md", text: "x" }];
    const { data, summary } = parseDataComp(files, { bucketSize: "12.8M" });
    expect(data.buckets).toEqual([{ id: "top0-10", size: 12_800_000 }]);
    expect(data.metric).toEqual({ name: "imagenet1k", description: "1 − DataComp main_metric of imagenet1k", kind: "1-accuracy", tasks: ["imagenet1k"] });
    expect(data.observations).toEqual([
      { pool: ["top0-10"], samplesSeen: 25_600_000, error: 0.84, origin: { file: epochFile("top0-10", 2), line: 1 } },
      { pool: ["top0-10"], samplesSeen: 128_000_000, error: 0.7, origin: { file: epochFile("top0-10", 10), line: 1 } },
    ]);
    expect(summary).toMatchObject({ format: "datacomp", rowsRead: 4, rowsUsed: 2, rowsSkipped: 2, observations: 2 });
    expect(summary.files).toEqual([epochFile("top0-10", 2), epochFile("top0-10", 10)]);
    expect(summary.skipped).toEqual([{ reason: "TASK_NOT_IN_METRIC", detail: "mnist", count: 2, file: epochFile("top0-10", 2), line: 2 }]);
    expect(summary.skippedFiles).toEqual([{ reason: "NOT_AN_EVAL_FILE", detail: ".md", count: 1, file: "top0-10/README.md" }]);
  });

  it("skipped files are listed apart from skipped rows, so the rows listed add up to rowsSkipped", () => {
    const files = [
      checkpoint(epochFile("a", 2), 0.3, [...AVG18_TASKS, "mnist"]),
      checkpoint(epochFile("a", 4), 0.3, [...AVG18_TASKS, "mnist", "sun397"]),
      { path: "README.md", text: "# runs\n" },
      { path: "a/notes.txt", text: "x" },
      { path: "a/checkpoint.pt", text: "" },
      { path: "a/optimizer.pt", text: "" },
    ];
    const { summary } = parseDataComp(files, { metric: "avg18", bucketSize: 10 });
    expect(summary).toMatchObject({ rowsRead: 39, rowsUsed: 36, rowsSkipped: 3 });
    expect(summary.skipped.reduce((n, s) => n + s.count, 0)).toBe(summary.rowsSkipped);
    expect(summary.skipped.map((s) => [s.reason, s.detail, s.count])).toEqual([
      ["TASK_NOT_IN_METRIC", "mnist", 2],
      ["TASK_NOT_IN_METRIC", "sun397", 1],
    ]);
    expect(summary.skippedFiles).toEqual([
      { reason: "NOT_AN_EVAL_FILE", detail: ".md", count: 1, file: "README.md" },
      { reason: "NOT_AN_EVAL_FILE", detail: ".pt", count: 2, file: "a/checkpoint.pt" },
      { reason: "NOT_AN_EVAL_FILE", detail: ".txt", count: 1, file: "a/notes.txt" },
    ]);
    expect(parseDataComp(files.slice(0, 2), { metric: "avg18", bucketSize: 10 }).summary.skippedFiles).toBeUndefined();
  });

  it("reads <run>_<k>x/eval_results.jsonl with pools from + or the manifest, and fractional k", () => {
    const manifest = JSON.stringify({ format: "qqt.datacomp-manifest/v1", buckets: [{ id: "a", size: 100 }, { id: "b", size: 300 }], pools: { "top0-20": ["a", "b"] } });
    const files = [
      { path: "qqt-manifest.json", text: manifest },
      checkpoint("top0-20_2x/eval_results.jsonl", 0.4),
      checkpoint("b+a_1.5x/eval_results.jsonl", 0.45),
      checkpoint("a_4x/eval_results.jsonl", 0.25),
    ];
    const { data } = parseDataComp(files);
    expect(data.buckets).toEqual([{ id: "a", size: 100 }, { id: "b", size: 300 }]);
    expect(data.observations.map((o) => [o.pool, o.samplesSeen, o.error])).toEqual([
      [["a"], 400, 0.75],
      [["b", "a"], 600, 0.55],
      [["a", "b"], 800, 0.6],
    ]);
  });

  it("avg18 averages exactly the 18 tasks of the official code; avg38 and all likewise", () => {
    const all = [...new Set([...AVG18_TASKS, ...DATACOMP_38_TASKS])];
    const text = all.map((t, i) => evalLine(t, AVG18_TASKS.includes(t) ? 0.2 : 0.6 + i / 1000)).join("") + evalLine("fairness/fairface", null);
    const files = [{ path: epochFile("a", 1), text }];
    const avg18 = parseDataComp(files, { metric: "avg18", bucketSize: 10 });
    expect(avg18.data.observations[0]!.error).toBe(0.8);
    expect(avg18.data.metric?.tasks).toEqual([...AVG18_TASKS]);
    expect(avg18.summary.rowsUsed).toBe(18);
    expect(avg18.summary.rowsSkipped).toBe(all.length + 1 - 18);
    const mean38 = DATACOMP_38_TASKS.reduce((s, t) => s + (AVG18_TASKS.includes(t) ? 0.2 : 0.6 + all.indexOf(t) / 1000), 0) / 38;
    expect(parseDataComp(files, { metric: "avg38", bucketSize: 10 }).data.observations[0]!.error).toBeCloseTo(1 - mean38, 14);
    const everything = parseDataComp(files, { metric: "all", bucketSize: 10 });
    expect(everything.summary.skipped).toEqual([{ reason: "TASK_WITHOUT_SCORE", detail: "fairness/fairface", count: 1, file: epochFile("a", 1), line: all.length + 1 }]);
    expect(everything.data.metric?.tasks).toBeUndefined();
    expect(parseDataComp(files, { metric: ["cifar10", "mnist"], bucketSize: 10 }).data.metric?.name).toBe("mean(cifar10, mnist)");
  });

  it("avg18 and avg38 read newer DataComp outputs, whose Flickr key is retrieval/flickr30k; an explicit list does not", () => {
    const FLICKR = "retrieval/flickr_1k_test_image_text_retrieval";
    expect(DATACOMP_TASK_ALIASES["retrieval/flickr30k"]).toBe(FLICKR);
    const score = (t: string) => (t === FLICKR ? 0.9 : 0.3);
    const newer = (tasks: readonly string[]) => ({ path: epochFile("a", 1), text: tasks.map((t) => evalLine(t === FLICKR ? "retrieval/flickr30k" : t, score(t))).join("") });
    const avg18 = parseDataComp([newer(AVG18_TASKS)], { metric: "avg18", bucketSize: 10 });
    expect(avg18.data.observations[0]!.error).toBeCloseTo(1 - (17 * 0.3 + 0.9) / 18, 14);
    expect(avg18.summary.rowsUsed).toBe(18);
    const avg38 = parseDataComp([newer(DATACOMP_38_TASKS)], { metric: "avg38", bucketSize: 10 });
    expect(avg38.data.observations[0]!.error).toBeCloseTo(1 - (37 * 0.3 + 0.9) / 38, 14);
    const list = safeParseDataComp([newer(AVG18_TASKS)], { metric: [...AVG18_TASKS], bucketSize: 10 });
    expect(issueWith(list, "UNKNOWN_METRIC")).toMatchObject({
      message: `no evaluation file has task "${FLICKR}" (of the 18 tasks of the metric)`,
      suggestion: 'did you mean "retrieval/flickr30k"?',
    });
    const both = { path: epochFile("a", 1), text: AVG18_TASKS.map((t) => evalLine(t, 0.3)).join("") + evalLine("retrieval/flickr30k", 0.9) };
    expect(issueWith(safeParseDataComp([both], { metric: "avg18", bucketSize: 10 }), "DUPLICATE_TASK")).toMatchObject({
      line: 19,
      message: `task "${FLICKR}" appears again as "retrieval/flickr30k" (first on line 17)`,
    });
  });

  it("a manifest can map files explicitly (JSON or CSV), with tags; a common leading folder is ignored", () => {
    const csv = "file,bucket,pool_size,samples_seen,seed\nruns/x.jsonl,a,1M,3M,1\nruns/y.jsonl,a,1M,3M,2\n";
    const files = [
      { path: "evals/qqt-manifest.csv", text: csv },
      checkpoint("evals/runs/x.jsonl", 0.5),
      checkpoint("evals/runs/y.jsonl", 0.52),
    ];
    const { data } = parseDataComp(files);
    expect(data.observations).toEqual([
      { pool: ["a"], samplesSeen: 3e6, error: 0.5, tags: { seed: "1" }, origin: { file: "evals/runs/x.jsonl", line: 1 } },
      { pool: ["a"], samplesSeen: 3e6, error: 0.48, tags: { seed: "2" }, origin: { file: "evals/runs/y.jsonl", line: 1 } },
    ]);
    expect(parseDataCompManifest("file,bucket,pool_size,epochs\na/eval_results.jsonl,top0-10,12.8M,2\n", { file: "m.csv" })).toEqual({
      format: "qqt.datacomp-manifest/v1",
      files: [{ file: "a/eval_results.jsonl", pool: ["top0-10"], epochs: 2, line: 2 }],
      buckets: [{ id: "top0-10", size: 12_800_000 }],
    });
  });

  it("reads Python's NaN in other metrics with a warning", () => {
    const text = '{"key": "imagenet1k", "dataset": "ImageNet 1k", "metrics": {"acc5": NaN, "main_metric": 0.3}}\n';
    const { data, summary } = parseDataComp([{ path: epochFile("a", 1), text }], { bucketSize: 10 });
    expect(data.observations[0]!.error).toBe(0.7);
    expect(summary.warnings).toEqual([expect.objectContaining({ code: "INVALID_JSON", file: epochFile("a", 1), line: 1 })]);
  });
});

describe("parseDataComp: bad directories, with code, file, line and field", () => {
  it("a task of avg18 missing from a file names the task and the file", () => {
    const tasks = AVG18_TASKS.filter((t) => t !== "imagenet-o");
    const issue = issueWith(safeParseDataComp([checkpoint(epochFile("a", 2), 0.3, tasks)], { metric: "avg18", bucketSize: 10 }), "MISSING_TASK");
    expect(issue).toMatchObject({ file: epochFile("a", 2), field: "key", message: 'task "imagenet-o" is missing (one of the 18 tasks of avg18)' });
  });

  it("a single-task metric missing, and metric all with different task sets", () => {
    expect(issueWith(safeParseDataComp([checkpoint(epochFile("a", 2), 0.3, ["mnist"])], { bucketSize: 10 }), "MISSING_TASK").message).toBe('task "imagenet1k" is missing');
    const files = [checkpoint(epochFile("a", 2), 0.3, ["imagenet1k", "mnist"]), checkpoint(epochFile("a", 4), 0.3, ["imagenet1k"])];
    expect(issueWith(safeParseDataComp(files, { metric: "all", bucketSize: 10 }), "MISSING_TASK")).toMatchObject({ file: epochFile("a", 4), message: expect.stringContaining('"mnist"') });
  });

  it("a task key that no file has is reported once, with the keys the files have and the likely one", () => {
    const tasks = ["imagenet1k", "vtab/cifar10", "mnist"];
    const files = [2, 4, 6].map((k) => checkpoint(epochFile("a", k), 0.3, tasks));
    const issues = issuesOf(safeParseDataComp(files, { metric: "cifar10", bucketSize: 10 }));
    expect(issues).toEqual([
      {
        code: "UNKNOWN_METRIC",
        file: "<files>",
        field: "metric",
        message: 'no evaluation file has task "cifar10"',
        expected: "a task key of the files: imagenet1k, mnist, vtab/cifar10",
        suggestion: 'did you mean "vtab/cifar10"?',
      },
    ]);
    const nope = issuesOf(safeParseDataComp(files, { metric: "nope", bucketSize: 10, root: "runs" }));
    expect(nope.map((i) => [i.code, i.file, i.message])).toEqual([["UNKNOWN_METRIC", "runs", 'no evaluation file has task "nope"']]);
    expect(nope[0]!.suggestion).toBe('pass metric: "imagenet1k" (or another key of the files, "avg18", "avg38" or "all")');
    const list = issuesOf(safeParseDataComp(files, { metric: ["imagenet1k", "nope", "mnist2"], bucketSize: 10 }));
    expect(list.map((i) => [i.code, i.message, i.suggestion])).toEqual([
      ["UNKNOWN_METRIC", 'no evaluation file has tasks "nope", "mnist2" (of mean(imagenet1k, nope, mnist2))', 'did you mean "mnist" for "mnist2"?'],
    ]);
    // Many keys: the first 20, sorted, and how many in all.
    const many = Array.from({ length: 25 }, (_, i) => `task${String(i).padStart(2, "0")}`);
    const wide = issuesOf(safeParseDataComp([checkpoint(epochFile("a", 2), 0.3, many)], { metric: "nope", bucketSize: 10 }));
    expect(wide[0]!.expected).toBe(`a task key of the files: ${many.slice(0, 20).join(", ")}, … (25 in all)`);
    expect(wide[0]!.file).toBe(epochFile("a", 2));
  });

  it("a task of avg18 missing from every file is one issue; a task missing from some files is one issue per file", () => {
    const noCars = AVG18_TASKS.filter((t) => t !== "cars");
    const files = [checkpoint(epochFile("a", 2), 0.3, noCars), checkpoint(epochFile("a", 4), 0.3, noCars.filter((t) => t !== "imagenet-o"))];
    const issues = issuesOf(safeParseDataComp(files, { metric: "avg18", bucketSize: 10 }));
    expect(issues.map((i) => [i.code, i.file, i.message])).toEqual([
      ["MISSING_TASK", "<files>", 'task "cars" of avg18 is missing from all 2 files'],
      ["MISSING_TASK", epochFile("a", 4), 'task "imagenet-o" is missing (one of the 18 tasks of avg18)'],
    ]);
    expect(issues[0]!.suggestion).toBe("evaluate the missing task(s), or choose a metric the files cover");
  });

  it("epochs without a bucket size", () => {
    const issue = issueWith(safeParseDataComp([checkpoint(epochFile("top0-10", 2), 0.3)]), "MISSING_BUCKET_SIZE");
    expect(issue).toMatchObject({ file: epochFile("top0-10", 2), message: expect.stringContaining('"top0-10"') });
    expect(issue.suggestion).toContain("bucketSize");
  });

  it("a run directory that is not a declared bucket, with a suggestion", () => {
    const manifest = { path: "qqt-manifest.json", text: '{"format":"qqt.datacomp-manifest/v1","buckets":[{"id":"top0-10","size":10}]}' };
    const issue = issueWith(safeParseDataComp([manifest, checkpoint(epochFile("top0-1O", 2), 0.3)]), "UNKNOWN_BUCKET");
    expect(issue).toMatchObject({ file: epochFile("top0-1O", 2), suggestion: expect.stringContaining('did you mean "top0-10"') });
  });

  it("a .jsonl file in no known layout, a manifest entry without its file", () => {
    expect(issueWith(safeParseDataComp([checkpoint("a/results.jsonl", 0.3)], { bucketSize: 1 }), "UNMAPPED_FILE").file).toBe("a/results.jsonl");
    const manifest = { path: "qqt-manifest.json", text: '{\n"format":"qqt.datacomp-manifest/v1",\n"buckets":[{"id":"a","size":10}],\n"files":[\n{"file":"gone.jsonl","pool":["a"],"samplesSeen":5}]}' };
    expect(issueWith(safeParseDataComp([manifest, checkpoint(epochFile("a", 1), 0.3)]), "FILE_NOT_FOUND")).toMatchObject({ file: "qqt-manifest.json", line: 5, field: "file" });
  });

  it("bad JSONL lines: invalid JSON, no key, no main_metric, out of range, repeated task — all at once", () => {
    const text = ['{"key": "imagenet1k", "metrics": {"main_metric": 0.3}', '{"metrics": {}}', '{"key": "imagenet1k", "metrics": {}}', '{"key": "imagenet1k", "metrics": {"main_metric": 31.2}}', '{"key": "imagenet1k", "metrics": {"main_metric": 0.3}}', '{"key": "imagenet1k", "metrics": {"main_metric": 0.3}}'].join("\n");
    const issues = issuesOf(safeParseDataComp([{ path: epochFile("a", 1), text }], { bucketSize: 10 }));
    expect(issues.map((i) => [i.code, i.line, i.field])).toEqual([
      ["INVALID_JSON", 1, undefined],
      ["MISSING_FIELD", 2, "key"],
      ["MISSING_FIELD", 3, "metrics.main_metric"],
      ["OUT_OF_RANGE", 4, "metrics.main_metric"],
      ["DUPLICATE_TASK", 6, "key"],
    ]);
    expect(issues.every((i) => i.file === epochFile("a", 1))).toBe(true);
  });

  it("a line problem in one file and two files of the same run are reported together", () => {
    const broken = { path: epochFile("a", 4), text: evalLine("imagenet1k", 1.5) };
    const files = [checkpoint(epochFile("a", 2), 0.3), checkpoint("a_2x/eval_results.jsonl", 0.31), broken];
    const issues = issuesOf(safeParseDataComp(files, { bucketSize: 10 }));
    expect(issues.map((i) => [i.code, i.file])).toEqual([
      ["OUT_OF_RANGE", epochFile("a", 4)], // and not also "imagenet1k is missing" from that file
      ["DUPLICATE_OBSERVATION", "a_2x/eval_results.jsonl"],
    ]);
  });

  it("two files for the same pool and samples seen; no files; a bad manifest", () => {
    const files = [checkpoint(epochFile("a", 2), 0.3), checkpoint("a_2x/eval_results.jsonl", 0.31)];
    expect(issueWith(safeParseDataComp(files, { bucketSize: 10 }), "DUPLICATE_OBSERVATION").message).toContain(epochFile("a", 2));
    expect(issueWith(safeParseDataComp([]), "EMPTY_INPUT").file).toBe("<files>");
    expect(issueWith(safeParseDataComp([{ path: "README.md", text: "" }]), "NO_OBSERVATIONS").code).toBe("NO_OBSERVATIONS");
    expect(issueWith(safeParseDataComp([{ path: "qqt-manifest.json", text: '{"format":"qqt.datacomp-manifest/v1","buckets":[{"id":"a","size":-1}]}' }]), "NEGATIVE_NUMBER")).toMatchObject({ file: "qqt-manifest.json", line: 1, field: "buckets[0].size" });
  });
});
