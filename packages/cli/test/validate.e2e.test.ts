// qqt validate: every problem located, a summary of what was found, exit 1 on problems.
import { examplePath } from "@qqt/data/node";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { ValidateJson } from "../src/index.js";
import { qqt, scratch, tidyCsv, tmarsRuns, write } from "./helpers.js";

let dir: string;
let bad: string;
let runs: string;

beforeAll(() => {
  dir = scratch();
  // Three problems on three lines: a bad count, a negative error, a lowercase m.
  bad = write(
    dir,
    "bad.csv",
    ["bucket,pool_size,samples_seen,error", "top0-10,12.8M,25.6M,0.83", "top0-10,12.8M,5x1.2M,0.75", "top0-10,12.8M,76.8M,-0.7", "top10-20,12.8M,25.6m,0.85", ""].join("\n"),
  );
  runs = write(dir, "runs.csv", tidyCsv(tmarsRuns()));
});

describe("qqt validate", () => {
  it("lists every problem as file:line:column field — message (expected …) and exits 1", async () => {
    const r = await qqt(["validate", bad]);
    expect(r.code).toBe(1);
    const lines = r.stdout.split("\n").filter((l) => l.startsWith(`  ${bad}:`));
    expect(lines).toHaveLength(3);
    expect(r.stdout).toContain(`${bad}:3:15 samples_seen — "5x1.2M" is not a count (expected a count such as`);
    expect(r.stdout).toMatch(new RegExp(`${bad.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:4:\\d+ error — error is -0\\.7 \\(expected a value >= 0\\) \\[NEGATIVE_NUMBER\\]`));
    expect(r.stdout).toMatch(/:5:\d+ samples_seen — .*"25\.6m".*milli or million.*suggestion: write 25\.6M for million/);
    expect(r.stdout).toContain("3 problems found.");
  });

  it("reads another score column of the OpenCLIP CSV with --score (retrieval tasks have no acc1)", async () => {
    const csv = join(examplePath("laion-openclip"), "zeroshot_results.csv");
    const without = await qqt(["validate", csv, "--metric", "flickr30k"]);
    expect(without.code).toBe(1);
    expect(without.stdout).toContain("this task's rows have image_retrieval_recall@5, text_retrieval_recall@5 instead: pass --score image_retrieval_recall@5 (or another of them)");
    const r = await qqt(["validate", csv, "--metric", "flickr30k", "--score", "image_retrieval_recall@5"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("No problems in 1 input.");
  });

  it("summarises buckets, pools, runs and skipped rows of a DataComp directory", async () => {
    const r = await qqt(["validate", examplePath("datacomp-synthetic")]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\(DataComp evaluation output\): OK/);
    expect(r.stdout).toMatch(/study "SYNTHETIC DataComp-style T-MARS evaluations", metric imagenet1k, 32 runs — SYNTHETIC data/);
    expect(r.stdout).toMatch(/top0-10\s+12\.8M\s+17\s+10\s+top 0–10% by T-MARS/);
    expect(r.stdout).toMatch(/top 40%\s+4\s+51\.2M–409\.6M/);
    expect(r.stdout).toMatch(/rows: 704 read, 32 used, 672 skipped/);
    expect(r.stdout).toMatch(/672 × task not in metric: cifar10, vtab\/caltech101, .* \(21 in all\) — first at .*eval_results_epoch_2_step_-1\.jsonl:2/);
    expect(r.stdout).toContain("files skipped (not evaluation output): 1 — 1 × .md");
    expect(r.stdout).toContain("No problems in 1 input.");
  });

  it("--json: issues with file, line, column and field; summaries; exit 1 when any input has problems", async () => {
    const r = await qqt(["validate", runs, bad, examplePath("datacomp-synthetic"), "--metric", "avg18", "--json"]);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as ValidateJson;
    expect(out.ok).toBe(false);
    // runs.csv and the DataComp directory (both read as avg18) merge, but share 19 runs (same pool and samples seen):
    // the repeats are problems of the later input.
    expect(out.inputs.map((i) => i.ok)).toEqual([true, false, false]);
    expect(out.inputs[2]!.issues.map((i) => i.code)).toEqual(Array(19).fill("DUPLICATE_OBSERVATION"));
    expect(out.problems).toBe(out.inputs[1]!.issues.length + 19);
    expect(out.inputs[1]!.issues[0]).toMatchObject({ code: "INVALID_NUMBER", file: bad, line: 3, column: 15, field: "samples_seen" });
    const csv = out.inputs[0]!;
    expect(csv.format).toBe("tidy-csv");
    expect(csv.rows).toMatchObject({ read: 19, used: 19, skipped: 0 });
    expect(csv.studies[0]!.buckets.map((b) => [b.id, b.size, b.observations, b.budgets])).toEqual([
      ["top0-10", 12.8e6, 9, 6],
      ["top10-20", 12.8e6, 9, 6],
      ["top20-30", 12.8e6, 5, 5],
    ]);
    expect(csv.studies[0]!.pools.map((p) => [p.pool, p.observations])).toEqual([
      [["top0-10"], 5],
      [["top10-20"], 5],
      [["top20-30"], 5],
      [["top0-10", "top10-20"], 4],
    ]);
    const dc = out.inputs[2]!;
    expect(dc.studies[0]!.metric).toBe("avg18");
    expect(dc.rows!.skippedBy.find((s) => s.detail === "mnist")?.count).toBe(32);
  });

  it("checks that several inputs merge", async () => {
    const other = write(dir, "other.csv", tidyCsv(tmarsRuns().slice(0, 5), "error", 25.6e6));
    const r = await qqt(["validate", runs, other, "--json"]);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as ValidateJson;
    expect(out.inputs.every((i) => i.ok)).toBe(true);
    expect(out.mergeProblem).toMatch(/bucket "top0-10" has 12\.8M samples/);
  });

  it("reports a run given in two inputs as DUPLICATE_OBSERVATION at the repeat, naming the first place (exit 1)", async () => {
    const text = tidyCsv(tmarsRuns());
    const copy = write(dir, "copy.csv", text);
    // Same pool and samples seen as runs.csv line 2, another error: still the same run twice.
    const conflict = write(dir, "conflict.csv", text.replace(/^(top0-10,[^,]*,25600000,)[\d.]+$/m, "$10.5"));
    for (const other of [copy, conflict]) {
      const r = await qqt(["validate", runs, other, "--json"]);
      expect(r.code).toBe(1);
      const out = JSON.parse(r.stdout) as ValidateJson;
      expect(out.ok).toBe(false);
      expect(out.problems).toBe(19);
      expect(out.mergeProblem).toBeUndefined();
      expect(out.inputs.map((i) => i.ok)).toEqual([true, false]);
      const issues = out.inputs[1]!.issues;
      expect(issues).toHaveLength(19);
      expect(issues.every((i) => i.code === "DUPLICATE_OBSERVATION" && i.file === other)).toBe(true);
      expect(issues[0]).toMatchObject({ line: 2, message: `this run repeats ${runs}:2 (pool top0-10, 25600000 samples seen)` });
      expect(issues[0]!.suggestion).toMatch(/add a `seed` or `model` tag column/);
    }
    const human = await qqt(["validate", runs, conflict]);
    expect(human.code).toBe(1);
    expect(human.stdout).toContain(`${conflict} (tidy CSV/TSV): 19 problems`);
    expect(human.stdout).toContain(`  ${conflict}:2 — this run repeats ${runs}:2 (pool top0-10, 25600000 samples seen)`);
    expect(human.stdout).toContain("19 problems found.");
  });

  it("a seed column tells repeated runs apart", async () => {
    const withSeed = (seed: number) => tidyCsv(tmarsRuns()).replace(/^(.*)$/gm, (line, _, i: number) => (line === "" ? line : `${line},${i === 0 ? "seed" : seed}`));
    const one = write(dir, "seed1.csv", withSeed(1));
    const two = write(dir, "seed2.csv", withSeed(2));
    const r = await qqt(["validate", one, two, "--json"]);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as ValidateJson).problems).toBe(0);
  });

  it("checks the inputs with runs for merging even when a model file is among them", async () => {
    const r = await qqt(["validate", "example:datacomp-synthetic", "example:laion-openclip", "example:tmars-paper"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/cannot merge the inputs: .*zeroshot_results\.csv holds 5 studies/);
    expect(r.stdout).toContain("1 problem found.");
    const json = JSON.parse((await qqt(["validate", "example:datacomp-synthetic", "example:laion-openclip", "example:tmars-paper", "--json"])).stdout) as ValidateJson;
    expect(json).toMatchObject({ ok: false, problems: 1 });
    expect(json.inputs.map((i) => i.ok)).toEqual([true, true, true]);
    // Two inputs that do merge, with a model file: no problem.
    const half = write(dir, "half.csv", tidyCsv(tmarsRuns().slice(0, 5)));
    const rest = write(dir, "rest.csv", tidyCsv(tmarsRuns().slice(5, 15)));
    const ok = await qqt(["validate", half, rest, "example:tmars-paper"]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain("No problems in 3 inputs.");
  });

  it("counts every problem of a list cut at 100, not the summary line as one", async () => {
    const rows = Array.from({ length: 113 }, (_, i) => `top0-10,12.8M,${(i + 1) * 1e6},x`);
    const many = write(dir, "many.csv", ["bucket,pool_size,samples_seen,error", ...rows, ""].join("\n"));
    const r = await qqt(["validate", many, "--json"]);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as ValidateJson;
    expect(out.problems).toBe(113);
    expect(out.inputs[0]!.issues).toHaveLength(101);
    expect(out.inputs[0]!.issues[100]).toMatchObject({ code: "TOO_MANY_ERRORS", message: "and 13 more problems not listed (the first 100 are)" });
    const human = await qqt(["validate", many]);
    expect(human.stdout).toContain(`${many}: 113 problems`);
    expect(human.stdout).toContain("113 problems found.");
  });

  it("notes what cannot be fitted, and reads model files", async () => {
    const csv = join(examplePath("laion-openclip"), "zeroshot_results.csv");
    const r = await qqt(["validate", csv, "--study", "ViT-H-14", join(examplePath("tmars-paper"), "tmars-imagenet.model.json")]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("note: bucket LAION-80M is in no run: its b and tau cannot be fitted");
    expect(r.stdout).toContain("note: 1 run for 8 parameters of the default fit: not identifiable");
    expect(r.stdout).toMatch(/model "T-MARS ImageNet \(paper parameters\)" — law utility\/reference, 4 buckets, metric imagenet1k, 0 bootstrap draws/);
    const ambiguous = await qqt(["validate", csv, "--study", "ViT-B"]);
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.stdout).toMatch(/--study "ViT-B" matches 2 studies/);
  });
});
