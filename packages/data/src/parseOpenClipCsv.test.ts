import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseOpenClipCsv, safeParseOpenClipCsv } from "./parseOpenClipCsv.js";
import { issuesOf, issueWith } from "./testing/helpers.js";

const CSV = readFileSync(new URL("../examples/laion-openclip/zeroshot_results.csv", import.meta.url), "utf8");
const file = "zeroshot_results.csv";
const HEADER = "arch,samples_seen,gmacs_total,gmacs,upstream_dataset,downstream_dataset,acc1,acc5,mean_per_class_recall,image_retrieval_recall@5,text_retrieval_recall@5,mean_average_precision,task,samples_seen_pretty,name";

describe("parseOpenClipCsv: the real results", () => {
  it("gives one study per architecture with the three LAION buckets and every run", () => {
    const { data, summary } = parseOpenClipCsv(CSV, { file });
    expect(data.map((s) => [s.name, s.observations.length])).toEqual([
      ["OpenCLIP ViT-B-16 on LAION", 9],
      ["OpenCLIP ViT-B-32 on LAION", 9],
      ["OpenCLIP ViT-H-14 on LAION", 1],
      ["OpenCLIP ViT-L-14 on LAION", 9],
      ["OpenCLIP ViT-g-14 on LAION", 1],
    ]);
    expect(data[0]!.buckets).toEqual([
      { id: "LAION-80M", size: 80_000_415, label: "LAION-80M (subset of LAION-400M)" },
      { id: "LAION-400M", size: 407_332_084, label: "LAION-400M" },
      { id: "LAION-2B", size: 2_320_000_000, label: "LAION-2B-en" },
    ]);
    // Nested datasets: each is a candidate on its own, never a union of them.
    expect(data[0]!.candidates).toEqual([["LAION-80M"], ["LAION-400M"], ["LAION-2B"]]);
    expect(summary).toMatchObject({ rowsRead: 1312, rowsUsed: 29, rowsSkipped: 1283, observations: 29 });
    expect(summary.skipped.find((s) => s.reason === "NOT_A_BUCKET")).toMatchObject({ detail: "CLIP-WIT", count: 3 });
    expect(summary.skipped.filter((s) => s.reason === "TASK_NOT_IN_METRIC").reduce((n, s) => n + s.count, 0)).toBe(1312 - 32);
  });

  it("ViT-B-32: the error of every run is 1 − acc1 of imagenet1k, sorted by bucket and budget, with tags and line", () => {
    const { data } = parseOpenClipCsv(CSV, { file, architectures: ["ViT-B-32"] });
    const study = data[0]!;
    expect(study.metric).toEqual({ name: "imagenet1k", description: "imagenet1k zero-shot error (1 − acc1)", kind: "1-accuracy" });
    expect(study.source?.citation).toContain("Cherti et al.");
    expect(study.observations.map((o) => [o.pool[0], o.samplesSeen, o.error])).toEqual([
      ["LAION-80M", 2_560_013_280, 0.48062],
      ["LAION-80M", 12_800_066_400, 0.43536],
      ["LAION-80M", 34_240_177_620, 0.43568],
      ["LAION-400M", 2_443_992_504, 0.4288],
      ["LAION-400M", 13_216_000_000, 0.36772],
      ["LAION-400M", 34_215_895_056, 0.35938],
      ["LAION-2B", 2_560_013_280, 0.42642],
      ["LAION-2B", 13_000_000_000, 0.37474],
      ["LAION-2B", 34_725_395_968, 0.33526],
    ]);
    const first = study.observations[0]!;
    expect(first.tags).toEqual({ arch: "ViT-B-32", model: "Model-B-32_Data-80M_Samples-3B_lr-5e-4_bs-32k.pt", samples: "3B" });
    expect(CSV.split("\n")[first.origin!.line - 1]).toContain("Model-B-32_Data-80M_Samples-3B");
  });

  it("another task and score column", () => {
    const { data } = parseOpenClipCsv(CSV, { file, architectures: ["ViT-L-14"], task: "vtab/cifar100", score: "acc5" });
    expect(data[0]!.observations).toHaveLength(9);
    expect(data[0]!.metric?.name).toBe("vtab/cifar100");
  });

  it("retrieval tasks have no acc1: the error names the columns they do have, and one of them reads them", () => {
    const missing = safeParseOpenClipCsv(CSV, { file, architectures: ["ViT-B-32"], task: "flickr30k" });
    const issue = issueWith(missing, "MISSING_VALUE");
    expect(issue).toMatchObject({ file, field: "acc1" });
    expect(issue.suggestion).toBe("this task's rows have image_retrieval_recall@5, text_retrieval_recall@5 instead: pass score: \"image_retrieval_recall@5\" (or another of them)");
    const { data } = parseOpenClipCsv(CSV, { file, architectures: ["ViT-B-32"], task: "flickr30k", score: "image_retrieval_recall@5" });
    expect(data[0]!.observations).toHaveLength(9);
    const row = CSV.split("\n")[data[0]!.observations[0]!.origin!.line - 1]!.split(",");
    expect(data[0]!.observations[0]!.error).toBeCloseTo(1 - Number(row[9]), 15);
  });
});

describe("parseOpenClipCsv: bad files", () => {
  const row = (acc1: string, samples = "2560013280.0") => `ViT-B-32,${samples},1,1,LAION-80M,imagenet1k,${acc1},,,,,,zeroshot_classification,3B,m.pt`;

  it("missing columns, an unknown task with a suggestion, an unknown architecture", () => {
    expect(issuesOf(safeParseOpenClipCsv("arch,samples_seen\n", { file })).map((i) => [i.code, i.field])).toEqual([
      ["MISSING_COLUMN", "upstream_dataset"],
      ["MISSING_COLUMN", "downstream_dataset"],
      ["MISSING_COLUMN", "acc1"],
    ]);
    expect(issueWith(safeParseOpenClipCsv(CSV, { file, task: "imagenet-1k" }), "UNKNOWN_METRIC").suggestion).toBe('did you mean "imagenet1k"?');
    expect(issueWith(safeParseOpenClipCsv(CSV, { file, architectures: ["ViT-X"] }), "NO_OBSERVATIONS").message).toContain("ViT-X");
  });

  it("an unknown task lists the downstream datasets of the file and suggests the one that ends like it", () => {
    const issue = issueWith(safeParseOpenClipCsv(CSV, { file, task: "cifar10" }), "UNKNOWN_METRIC");
    expect(issue).toMatchObject({ file, line: 1, field: "downstream_dataset", message: 'no row has downstream_dataset "cifar10"', suggestion: 'did you mean "vtab/cifar10"?' });
    expect(issue.expected).toBe(
      "a downstream_dataset of the file: cars, country211, fer2013, fgvc_aircraft, flickr30k, gtsrb, imagenet-a, imagenet-r, imagenet1k, imagenet_robustness, imagenet_sketch, imagenetv2, mnist, mscoco_captions, objectnet, renderedsst2, stl10, sun397, voc2007, voc2007_multilabel, … (41 in all)",
    );
    expect(issueWith(safeParseOpenClipCsv(CSV, { file, task: "nope" }), "UNKNOWN_METRIC").suggestion).toBeUndefined();
  });

  it("bad numbers and duplicates, each with line, column and field", () => {
    const text = [HEADER, row("0.5"), row("1.5", "1e9"), row("x", "3e9"), row("0.4", "-1"), row("0.5")].join("\n");
    const issues = issuesOf(safeParseOpenClipCsv(text, { file }));
    expect(issues.map((i) => [i.code, i.line, i.field])).toEqual([
      ["OUT_OF_RANGE", 3, "acc1"],
      ["INVALID_NUMBER", 4, "acc1"],
      ["NEGATIVE_NUMBER", 5, "samples_seen"],
      ["DUPLICATE_OBSERVATION", 6, undefined],
    ]);
    expect(issues[0]!.column).toBe(text.split("\n")[2]!.indexOf("1.5") + 1);
  });

  it("empty input", () => {
    expect(issueWith(safeParseOpenClipCsv("", { file }), "EMPTY_INPUT").file).toBe(file);
  });
});
