import { DataError, type Study } from "@qqt/data";
import { describe, expect, it } from "vitest";
import { CliError } from "./errors.js";
import { countProblems, findDuplicateObservations, mergeStudies, pickStudy, readerOptions, type InputRead } from "./inputs.js";
import { cliWording } from "./output/issues.js";

const study = (name: string, buckets: Array<[string, number]>, metric?: string, synthetic?: boolean): Study => ({
  format: "qqt.study/v1",
  name,
  ...(metric !== undefined ? { metric: { name: metric } } : {}),
  ...(synthetic !== undefined ? { source: { synthetic } } : {}),
  buckets: buckets.map(([id, size]) => ({ id, size })),
  observations: buckets.map(([id], i) => ({ pool: [id], samplesSeen: 1e6 * (i + 1), error: 0.5 })),
});

describe("mergeStudies", () => {
  it("unions buckets in best-first order and concatenates runs", () => {
    const merged = mergeStudies([
      { path: "a.csv", study: study("a", [["x", 10], ["y", 20]], "imagenet1k") },
      { path: "b.csv", study: study("b", [["y", 20], ["z", 30]], "imagenet1k", true) },
    ]);
    expect(merged.buckets.map((b) => b.id)).toEqual(["x", "y", "z"]);
    expect(merged.observations).toHaveLength(4);
    expect(merged.name).toBe("a + b");
    expect(merged.metric?.name).toBe("imagenet1k");
    expect(merged.source?.synthetic).toBe(true);
  });

  it.each([
    [study("b", [["x", 11]]), /bucket "x" has 10 samples in a.csv but 11 in b.csv/],
    [study("b", [["x", 10]], "avg18"), /different metrics: "imagenet1k" in a.csv, "avg18" in b.csv/],
  ])("refuses incompatible inputs (%#)", (other, message) => {
    let error: unknown;
    try {
      mergeStudies([
        { path: "a.csv", study: study("a", [["x", 10], ["y", 20]], "imagenet1k") },
        { path: "b.csv", study: other },
      ]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).code).toBe("INCOMPATIBLE_INPUTS");
    expect((error as CliError).message).toMatch(message);
  });

  it("keeps the first input's order and warns about another, unless --bucket-order sets it", () => {
    const warnings: string[] = [];
    const parts = [
      { path: "a.csv", study: study("a", [["x", 10], ["y", 20]]) },
      { path: "b.csv", study: study("b", [["y", 20], ["x", 10], ["z", 5]]) },
    ];
    expect(mergeStudies(parts, { warn: (m) => warnings.push(m) }).buckets.map((b) => b.id)).toEqual(["x", "y", "z"]);
    expect(warnings).toEqual(['b.csv lists bucket "y" before "x"; using the order of the first input, best first: x, y, z (set it with --bucket-order).']);
    expect(mergeStudies(parts, { bucketOrder: ["z", "y"] }).buckets.map((b) => b.id)).toEqual(["z", "y", "x"]);
    expect(() => mergeStudies(parts, { bucketOrder: ["w"] })).toThrow(/--bucket-order: no input has bucket "w"/);
  });
});

describe("runs given in two inputs", () => {
  const runs = (path: string, observations: Study["observations"]): { path: string; study: Study } => ({
    path,
    study: { format: "qqt.study/v1", metric: { name: "imagenet1k" }, buckets: [{ id: "x", size: 10 }, { id: "y", size: 10 }], observations },
  });
  const a = runs("a.csv", [
    { pool: ["x", "y"], samplesSeen: 1e6, error: 0.5, origin: { file: "a.csv", line: 2 } },
    { pool: ["x"], samplesSeen: 2e6, error: 0.4, tags: { seed: "1" }, origin: { file: "a.csv", line: 3 } },
  ]);

  it("are DUPLICATE_OBSERVATION problems at the repeat naming the first place (the pool is a set, the error does not matter)", () => {
    const b = runs("b.csv", [
      { pool: ["y", "x"], samplesSeen: 1e6, error: 0.7, origin: { file: "b.csv", line: 5 } },
      { pool: ["x"], samplesSeen: 2e6, error: 0.4, tags: { seed: "2" }, origin: { file: "b.csv", line: 6 } },
      { pool: ["x"], samplesSeen: 2e6, error: 0.4, metric: "cifar10", tags: { seed: "1" }, origin: { file: "b.csv", line: 7 } },
    ]);
    expect(findDuplicateObservations([a, b])).toEqual([
      {
        part: 1,
        issue: {
          code: "DUPLICATE_OBSERVATION",
          file: "b.csv",
          line: 5,
          message: "this run repeats a.csv:2 (pool y+x, 1000000 samples seen)",
          expected: "each run in one input only (one per pool, samples seen, metric and tags)",
          suggestion: "for repeated runs, add a `seed` or `model` tag column that tells them apart; else give each run once",
        },
      },
    ]);
    let error: unknown;
    try {
      mergeStudies([a, b]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).issues.map((i) => [i.code, i.file, i.line])).toEqual([["DUPLICATE_OBSERVATION", "b.csv", 5]]);
    expect(mergeStudies([a, b], { duplicates: "ignore" }).observations).toHaveLength(5);
  });

  it("are located by index without origins, and cut at the limit with a count of the rest", () => {
    const bare = (path: string) => runs(path, Array.from({ length: 5 }, (_, i) => ({ pool: ["x"], samplesSeen: 1e6 * (i + 1), error: 0.5 })));
    const found = findDuplicateObservations([bare("a.json"), bare("b.json")], 3);
    expect(found.map((f) => f.issue.message)).toEqual([
      "this run repeats a.json (observations[0]) (pool x, 1000000 samples seen)",
      "this run repeats a.json (observations[1]) (pool x, 2000000 samples seen)",
      "this run repeats a.json (observations[2]) (pool x, 3000000 samples seen)",
      "and 2 more problems not listed (the first 3 are)",
    ]);
    expect(found[3]!.issue.code).toBe("TOO_MANY_ERRORS");
    expect(countProblems(found.map((f) => f.issue))).toBe(5);
  });
});

describe("pickStudy", () => {
  const read: InputRead = {
    path: "zeroshot_results.csv",
    format: "openclip-csv",
    studies: [study("OpenCLIP ViT-B-16 on LAION", [["x", 1]]), study("OpenCLIP ViT-B-32 on LAION", [["x", 1]]), study("OpenCLIP ViT-L-14 on LAION", [["x", 1]])],
    summary: { format: "openclip-csv", files: [], rowsRead: 0, rowsUsed: 0, rowsSkipped: 0, skipped: [], observations: 0, buckets: [], warnings: [] },
  };

  it("picks by exact name or a unique part of it", () => {
    expect(pickStudy(read, "OpenCLIP ViT-B-32 on LAION").name).toBe("OpenCLIP ViT-B-32 on LAION");
    expect(pickStudy(read, "vit-l-14").name).toBe("OpenCLIP ViT-L-14 on LAION");
  });

  it("lists the names when the choice is missing or ambiguous", () => {
    expect(() => pickStudy(read, undefined)).toThrow(/holds 3 studies: "OpenCLIP ViT-B-16 on LAION", "OpenCLIP ViT-B-32 on LAION", "OpenCLIP ViT-L-14 on LAION"\. Pick one with --study/);
    expect(() => pickStudy(read, "ViT-B")).toThrow(/matches 2 studies/);
    expect(() => pickStudy(read, "RN50")).toThrow(/matches none of the 3 studies/);
  });

  it("explains that a model file holds no runs", () => {
    expect(() => pickStudy({ ...read, format: "qqt.model/v1", studies: [] }, undefined)).toThrow(/is a model \(qqt\.model\/v1\), not training runs/);
  });
});

describe("reader options", () => {
  it("maps --metric to each reader", () => {
    expect(readerOptions({ metric: "avg18" })).toMatchObject({ datacomp: { metric: "avg18" }, tidy: { metric: "avg18" }, openclip: { task: "avg18" } });
    const list = readerOptions({ metric: "imagenet1k, cifar10" });
    expect(list.datacomp?.metric).toEqual(["imagenet1k", "cifar10"]);
    expect(list.tidy?.metric).toBeUndefined();
  });

  it("maps columns, sizes, scales and delimiters", () => {
    const o = readerOptions({ columns: "samples_seen=samples,error=err", bucketSizes: "a=12.8M,b=1_000", accuracyScale: "percent", delimiter: "tab", bucketSize: "12.8M" });
    expect(o.tidy).toMatchObject({ columns: { samplesSeen: "samples", error: "err" }, bucketSizes: { a: "12.8M", b: "1_000" }, accuracyScale: "percent", delimiter: "\t" });
    expect(o.datacomp).toMatchObject({ bucketSize: "12.8M", bucketSizes: { a: "12.8M", b: "1_000" } });
    expect(() => readerOptions({ columns: "nope=x" })).toThrow(/unknown field "nope"/);
    expect(() => readerOptions({ delimiter: "|" })).toThrow(/--delimiter/);
    expect(() => readerOptions({ bucketSizes: "a" })).toThrow(/not key=value/);
  });

  it("rewrites the library's option names in hints", () => {
    expect(cliWording('pass accuracyScale: "fraction" if 0.31 means 31%')).toBe("pass --accuracy-scale fraction if 0.31 means 31%");
    expect(cliWording('accuracyScale: "fraction" or "percent", a % sign')).toBe("--accuracy-scale fraction or --accuracy-scale percent, a % sign");
    expect(cliWording('rename it to `samples_seen` or pass columns: { samplesSeen: "samples" }')).toBe("rename it to `samples_seen` or pass --columns samplesSeen=samples");
    expect(cliWording('pass metric: "imagenet1k" to read one of them')).toBe("pass --metric imagenet1k to read one of them");
    expect(cliWording("pass bucketSizes / bucketSize (e.g. \"12.8M\")")).toBe('pass --bucket-sizes / --bucket-size (e.g. "12.8M")');
  });
});
