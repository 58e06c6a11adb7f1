import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DataError } from "./DataError.js";
import { readDataCompDirectory } from "./node.js";
import { parseTidyCsv, safeParseTidyCsv } from "./parseTidyCsv.js";

// What `qqt validate` passes, `qqt fit` accepts: every reader's study goes through the one study check.
const EVAL = '{"key": "imagenet1k", "dataset": "ImageNet 1k", "metrics": {"acc1": 0.31, "main_metric": 0.31}}\n';

function datacomp(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "qqt-agree-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe("one study check for every reader", () => {
  it("refuses a DataComp checkpoint at epoch 0 (0 samples seen), at its file", async () => {
    const dir = datacomp({ "top0-10/eval_results_epoch_0_step_-1.jsonl": EVAL, "top0-10/eval_results_epoch_2_step_-1.jsonl": EVAL });
    const error = await readDataCompDirectory(dir, { bucketSize: "12.8M", metric: "imagenet1k" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataError);
    const issue = (error as DataError).issues[0]!;
    expect(issue.code).toBe("OUT_OF_RANGE");
    expect(issue.file).toContain("eval_results_epoch_0_step_-1.jsonl");
    expect(issue.line).toBe(1);
    expect(issue.message).toMatch(/samplesSeen is 0/);
  });

  it("refuses a manifest pool that lists a bucket twice", async () => {
    const manifest = JSON.stringify({ format: "qqt.datacomp-manifest/v1", buckets: [{ id: "top0-10", size: 12.8e6 }], pools: { "top0-20": ["top0-10", "top0-10"] } });
    const dir = datacomp({ "qqt-manifest.json": manifest, "top0-20_1x/eval_results.jsonl": EVAL, "top0-10/eval_results_epoch_2_step_-1.jsonl": EVAL });
    const error = await readDataCompDirectory(dir, { metric: "imagenet1k" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).issues.some((i) => /appears twice in the pool/.test(i.message))).toBe(true);
  });

  it("sniffs a semicolon CSV's delimiter from its header, not from a comment line before it", () => {
    const text = "# runs of 2026-12-07, seed 1\nbucket;pool_size;samples_seen;error\na;1M;2M;0.9\na;;4M;0.8\n";
    const { data, summary } = parseTidyCsv(text, { file: "semi.csv" });
    expect(data.observations.map((o) => o.samplesSeen)).toEqual([2e6, 4e6]);
    expect(summary.skipped).toEqual([expect.objectContaining({ reason: "COMMENT_LINE", count: 1 })]);
  });

  it("refuses a tidy run whose error is not a number a fit can take (through the same check)", () => {
    const r = safeParseTidyCsv("bucket,pool_size,samples_seen,error\na,1M,2M,1e999\n", { file: "t.csv" });
    expect(r.success).toBe(false);
  });
});
