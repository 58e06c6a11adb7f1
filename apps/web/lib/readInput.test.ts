import { writeStudy, type InputFile } from "@qqt/data";
import { loadExampleFiles } from "@qqt/data/examples";
import { describe, expect, it } from "vitest";
import { parseOptionsOf, readInput } from "./readInput";
import { knownRunsCsv } from "./testing/knownRuns";
import { DATACOMP_SYNTHETIC, TMARS } from "./testing/fixtures";

const one = (path: string, text: string): InputFile[] => [{ path, text }];
const datacompFiles = async (): Promise<InputFile[]> =>
  (await loadExampleFiles("datacomp-synthetic")).map((f) => ({ path: `datacomp-synthetic/${f.path}`, text: f.text }));

describe("readInput: every @qqt/data format through parseAuto", () => {
  it("reads a tidy CSV and says what it read and skipped", () => {
    const r = readInput("runs.csv", one("runs.csv", knownRunsCsv()), {});
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.format).toBe("tidy-csv");
    expect(r.studies).toHaveLength(1);
    expect(r.studies[0]!.buckets.map((b) => [b.id, b.size])).toEqual([
      ["top0-10", 12.8e6],
      ["top10-20", 12.8e6],
      ["top20-30", 12.8e6],
    ]);
    expect(r.studies[0]!.observations[15]).toMatchObject({ pool: ["top0-10", "top10-20"], samplesSeen: 25.6e6, origin: { file: "runs.csv", line: 18 } });
    expect(r.summaryText).toBe("runs.csv (tidy CSV): 21 runs of 3 buckets, metric error. Skipped: 1 comment line.");
    expect(r.choice).toBeUndefined();
  });

  it("lists every problem of a malformed CSV with file, line, column, field and what is expected", () => {
    const r = readInput("bad.csv", one("bad.csv", "bucket,pool_size,samples_seen,error\nq1,12.8M,25.6M,0.8\nq1,,-5,0.5\nq2,12.8M,abc,0.4\n"), {});
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => [i.code, i.file, i.line, i.column, i.field])).toEqual([
      ["NEGATIVE_NUMBER", "bad.csv", 3, 5, "samples_seen"],
      ["INVALID_NUMBER", "bad.csv", 4, 10, "samples_seen"],
    ]);
    expect(r.issues[1]!.expected).toContain("a count such as 12800000, 12.8M");
    expect(r.choice).toBeUndefined();
  });

  it("asks how accuracies are written when the data cannot tell, and reads them once told", () => {
    const csv = "bucket,pool_size,samples_seen,accuracy\nq1,12.8M,25.6M,0.16\nq1,,51.2M,0.24\n";
    const r = readInput("acc.csv", one("acc.csv", csv), {});
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues[0]!.code).toBe("AMBIGUOUS_ACCURACY");
    expect(r.choice).toEqual({
      kind: "accuracyScale",
      options: ["fraction", "percent"],
      reason: "Every accuracy in acc.csv lies in [0, 1], so the file does not say whether 0.31 means 31% (a fraction) or 0.31% (a percent).",
    });
    const fraction = readInput("acc.csv", one("acc.csv", csv), { accuracyScale: "fraction" });
    expect(fraction.ok && fraction.studies[0]!.observations.map((o) => o.error)).toEqual([0.84, 0.76]);
    const percent = readInput("acc.csv", one("acc.csv", csv), { accuracyScale: "percent" });
    expect(percent.ok && percent.studies[0]!.observations[0]!.error).toBeCloseTo(0.9984, 12);
  });

  it("asks how to read a column that mixes percents and fractions, saying so (not that all lie in [0, 1])", () => {
    const csv = "bucket,pool_size,samples_seen,accuracy\nq1,12.8M,25.6M,0.16\nq1,,51.2M,0.24\nq1,,76.8M,28.07\n";
    const r = readInput("mixed.csv", one("mixed.csv", csv), {});
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues[0]).toMatchObject({ code: "AMBIGUOUS_ACCURACY", line: 4 });
    expect(r.choice?.kind).toBe("accuracyScale");
    expect(r.choice?.reason).toMatch(/^The accuracies in mixed\.csv mix percents and fractions \(accuracy mixes scales: 28\.07 \(line 4\) reads as a percent/);
    const fraction = readInput("mixed.csv", one("mixed.csv", csv), { accuracyScale: "fraction" });
    expect(fraction.ok).toBe(false); // 28.07 is then an accuracy above 1, refused at its line
    if (!fraction.ok) expect(fraction.issues[0]).toMatchObject({ code: "OUT_OF_RANGE", line: 4 });
  });

  it("asks which metric to read from a file holding several, listing all of them", () => {
    const metrics = ["imagenet", "avg18", "vtab", "cifar10", "mnist", "sun397", "food101", "pets"];
    const rows = metrics.map((m, i) => `q1,12.8M,25.6M,0.${50 + i},${m}`);
    const csv = `bucket,pool_size,samples_seen,error,metric\n${rows.join("\n")}\n`;
    const r = readInput("m.csv", one("m.csv", csv), {});
    expect(!r.ok && r.choice).toMatchObject({ kind: "tidyMetric", options: metrics });
    const chosen = readInput("m.csv", one("m.csv", csv), { tidyMetric: "vtab" });
    expect(chosen.ok).toBe(true);
    if (!chosen.ok) return;
    expect(chosen.studies[0]!.observations).toEqual([{ pool: ["q1"], samplesSeen: 25.6e6, error: 0.52, metric: "vtab", origin: { file: "m.csv", line: 4 } }]);
    expect(chosen.choice).toMatchObject({ kind: "tidyMetric", current: "vtab", options: ["vtab", "imagenet", "avg18", "cifar10", "mnist", "sun397", "food101", "pets"] });
  });

  it("reads a DataComp evaluation folder and offers its tasks and averages as metrics", async () => {
    const files = await datacompFiles();
    const r = readInput("datacomp-synthetic/", files, {});
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.format).toBe("datacomp");
    expect(r.studies[0]!.observations).toHaveLength(32);
    expect(r.studies[0]!.source?.synthetic).toBe(true);
    expect(r.studies[0]!.observations).toEqual(DATACOMP_SYNTHETIC.observations.map((o) => ({ ...o, origin: { ...o.origin!, file: o.origin!.file.replace(/^examples\//, "") } })));
    expect(r.choice?.kind).toBe("datacompMetric");
    expect(r.choice?.current).toBe("imagenet1k");
    expect(r.choice?.options.slice(0, 5)).toEqual(["imagenet1k", "avg18", "avg38", "all", "cifar10"]);
    // 21 tasks besides ImageNet in each of the 32 files: 672 lines, every one counted.
    expect(r.summaryText).toBe(
      "datacomp-synthetic/ (DataComp evaluations, 32 evaluation files): 32 runs of 4 buckets, metric imagenet1k. Skipped: 1 file that is not evaluation output (.md); 672 task lines the metric does not use (cifar10, vtab/caltech101, vtab/cifar100, food101, … 17 more).",
    );

    const avg18 = readInput("datacomp-synthetic/", files, { datacompMetric: "avg18" });
    expect(avg18.ok && avg18.studies[0]!.metric?.name).toBe("avg18");
    // The synthetic files have 22 tasks, not DataComp's 38: the read fails naming the missing tasks, and offers the metrics again.
    const avg38 = readInput("datacomp-synthetic/", files, { datacompMetric: "avg38" });
    expect(avg38.ok).toBe(false);
    if (avg38.ok) return;
    // Tasks that no file has are one problem of the folder, not one per file.
    expect(avg38.issues).toHaveLength(1);
    expect(avg38.issues[0]).toMatchObject({ code: "MISSING_TASK", file: "datacomp-synthetic" });
    expect(avg38.choice).toMatchObject({ kind: "datacompMetric", options: ["imagenet1k", "avg18", "avg38", "all"], current: "avg38" });
  });

  it("reads a model file, and a study file with its model", () => {
    const model = readInput("m.json", one("m.json", JSON.stringify(TMARS)), {});
    expect(model.ok && [model.format, model.studies.length, model.model?.task.a]).toEqual(["qqt.model/v1", 0, 0.022]);
    expect(model.ok && model.summaryText).toBe("m.json (model JSON): a model of 4 buckets.");
    const study = readInput("s.json", one("s.json", writeStudy({ ...DATACOMP_SYNTHETIC, model: TMARS })), {});
    expect(study.ok && [study.format, study.studies.length, study.model?.buckets.length]).toEqual(["qqt.study/v1", 1, 4]);
  });

  it("reads the OpenCLIP results into one study per architecture", async () => {
    const csv = (await loadExampleFiles("laion-openclip")).find((f) => f.path === "zeroshot_results.csv")!;
    const r = readInput("zeroshot_results.csv", [{ path: "zeroshot_results.csv", text: csv.text }], {});
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.format).toBe("openclip-csv");
    expect(r.studies.map((s) => s.name)).toContain("OpenCLIP ViT-B-32 on LAION");
    expect(r.summaryText).toMatch(/^zeroshot_results\.csv \(OpenCLIP results\): 5 studies \(OpenCLIP ViT-B-16 on LAION: 9 runs; /);
  });

  it("reports an unknown JSON document and an empty file", () => {
    const r = readInput("x.json", one("x.json", '{"hello": 1}'), {});
    expect(!r.ok && r.issues[0]).toMatchObject({ code: "UNKNOWN_FORMAT", file: "x.json" });
    const e = readInput("e.csv", one("e.csv", "  \n"), {});
    expect(!e.ok && e.issues[0]!.code).toBe("EMPTY_INPUT");
  });

  it("maps choices to parseAuto options", () => {
    expect(parseOptionsOf({})).toEqual({ withOrigins: true, tidy: {}, datacomp: {} });
    expect(parseOptionsOf({ accuracyScale: "percent", tidyMetric: "m", datacompMetric: "avg18" })).toEqual({
      withOrigins: true,
      tidy: { accuracyScale: "percent", metric: "m" },
      datacomp: { metric: "avg18" },
    });
  });
});
