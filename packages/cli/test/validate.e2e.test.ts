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

  it("summarises buckets, pools, runs and skipped rows of a DataComp directory", async () => {
    const r = await qqt(["validate", examplePath("datacomp-synthetic")]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\(DataComp evaluation output\): OK/);
    expect(r.stdout).toMatch(/study "SYNTHETIC DataComp-style T-MARS evaluations", metric imagenet1k, 32 runs — SYNTHETIC data/);
    expect(r.stdout).toMatch(/top0-10\s+12\.8M\s+17\s+10\s+top 0–10% by T-MARS/);
    expect(r.stdout).toMatch(/top 40%\s+4\s+51\.2M–409\.6M/);
    expect(r.stdout).toMatch(/rows: 704 read, 32 used, 672 skipped/);
    expect(r.stdout).toMatch(/672 × task not in metric: cifar10, vtab\/caltech101, .* \(21 in all\) — first at .*eval_results_epoch_2_step_-1\.jsonl:2/);
    expect(r.stdout).toContain("No problems in 1 input.");
  });

  it("--json: issues with file, line, column and field; summaries; exit 1 when any input has problems", async () => {
    const r = await qqt(["validate", runs, bad, examplePath("datacomp-synthetic"), "--metric", "avg18", "--json"]);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as ValidateJson;
    expect(out.ok).toBe(false);
    expect(out.inputs.map((i) => i.ok)).toEqual([true, false, true]);
    expect(out.problems).toBe(out.inputs[1]!.issues.length);
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
