// Property tests of every reader on mutated inputs: each input ends in a result or a DataError (never a foreign error,
// a non-finite number or a message quoting a megabyte), fast, and the same whether read from memory or from a file.
// `pnpm test` runs a few hundred cases per reader; `pnpm fuzz` (FUZZ_RUNS, FUZZ_SEED) runs as many as asked.
import fc from "fast-check";
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DataError, MAX_ISSUE_TEXT } from "./DataError.js";
import { readDataCompDirectory, readTidyCsvFile } from "./node.js";
import { parseDataComp } from "./parseDataComp.js";
import { parseModel } from "./parseModel.js";
import { parseOpenClipCsv } from "./parseOpenClipCsv.js";
import { parseStudy } from "./parseStudy.js";
import { parseTidyCsv } from "./parseTidyCsv.js";
import type { Study } from "./types.js";

const RUNS = Number(process.env["FUZZ_RUNS"] ?? 150);
/** Per-test time limit: a long `pnpm fuzz` run (10^5 cases) is bounded per case, not by the config's 60 s. */
const TIMEOUT = 60_000 + RUNS * 20;
const SEED = Number(process.env["FUZZ_SEED"] ?? 20261207);
/** A case slower than this is a bug (the issue saw 6.7 s on a tidy CSV). */
const SLOW_MS = 1500;
const examples = new URL("../examples/", import.meta.url);

const TMARS_MODEL = readFileSync(new URL("tmars-paper/tmars-imagenet.model.json", examples), "utf8");
const TIDY = [
  "bucket,pool_size,samples_seen,error,seed",
  "top0-10,12.8M,25.6M,0.8361,1",
  "top0-10,,51.2M,0.7516,1",
  "top10-20,12.8M,25.6M,0.8841,1",
  "top0-10+top10-20,,51.2M,0.7429,1",
  "top10-20,,102.4M,0.7982,2",
].join("\n");
const STUDY = JSON.stringify({
  format: "qqt.study/v1",
  metric: { name: "imagenet1k", kind: "1-accuracy" },
  buckets: [
    { id: "top0-10", size: 12.8e6, quality: { score: "T-MARS", fromPercentile: 0, toPercentile: 10 } },
    { id: "top10-20", size: 12.8e6 },
  ],
  observations: [
    { pool: ["top0-10"], samplesSeen: 25.6e6, error: 0.836 },
    { pool: ["top0-10", "top10-20"], samplesSeen: 51.2e6, error: 0.743, weight: 2 },
  ],
});
const OPENCLIP = readFileSync(new URL("laion-openclip/zeroshot_results.csv", examples), "utf8").split("\n").slice(0, 40).join("\n");
const EVAL = '{"key": "imagenet1k", "dataset": "ImageNet 1k", "metrics": {"acc1": 0.31, "main_metric": 0.31}}\n{"key": "cifar10", "dataset": "CIFAR-10", "metrics": {"acc1": 0.6, "main_metric": 0.6}}\n';

/** Mutations of a text: replace, insert or delete a span with characters that matter to parsers. */
const mutated = (base: string) =>
  fc
    .array(
      fc.record({
        at: fc.nat(),
        cut: fc.nat({ max: 12 }),
        put: fc.oneof(
          fc.constantFrom("", ",", ";", "\t", "\n", "\r\n", '"', "{", "}", "[", "]", ":", "-", "+", "0", "1e999", "NaN", "-1", "1e308", "#", "\u0000", "é", "\uFEFF", "12.8m", "..", "null", "true"),
          fc.string({ maxLength: 8 }),
          fc.string({ minLength: 200, maxLength: 5000 }).map((s) => s.repeat(2)),
        ),
      }),
      { minLength: 1, maxLength: 6 },
    )
    .map((edits) => {
      let s = base;
      for (const e of edits) {
        const at = e.at % (s.length + 1);
        s = s.slice(0, at) + e.put + s.slice(at + e.cut);
      }
      return s;
    });

/** Runs a reader on an input: it must return or throw a DataError with bounded messages, quickly. */
function check<T>(read: () => T): { ok: true; value: T } | { ok: false; error: DataError } {
  const started = performance.now();
  let out: { ok: true; value: T } | { ok: false; error: DataError };
  try {
    out = { ok: true, value: read() };
  } catch (error) {
    if (!(error instanceof DataError)) throw new Error(`foreign error: ${(error as Error)?.name}: ${(error as Error)?.message?.slice(0, 300)}`, { cause: error });
    for (const issue of error.issues) {
      for (const text of [issue.message, issue.expected ?? "", issue.suggestion ?? "", issue.field ?? ""]) {
        if (text.length > MAX_ISSUE_TEXT) throw new Error(`an issue text of ${text.length} characters`, { cause: error });
      }
    }
    out = { ok: false, error };
  }
  const ms = performance.now() - started;
  if (ms > SLOW_MS) throw new Error(`a read took ${Math.round(ms)} ms`);
  return out;
}

/** Every number of a read study is finite. */
function finite(study: Study): void {
  for (const b of study.buckets) expect(Number.isFinite(b.size) && b.size > 0).toBe(true);
  for (const o of study.observations) {
    expect(Number.isFinite(o.samplesSeen) && o.samplesSeen > 0).toBe(true);
    expect(Number.isFinite(o.error) && o.error >= 0).toBe(true);
  }
}

const params = { numRuns: RUNS, seed: SEED };

describe("readers on mutated inputs", () => {
  it("parseStudy", () => {
    fc.assert(fc.property(mutated(STUDY), (text) => {
      const r = check(() => parseStudy(text, { file: "s.json" }));
      if (r.ok) finite(r.value.data);
    }), params);
  }, TIMEOUT);

  it("parseModel", () => {
    fc.assert(fc.property(mutated(TMARS_MODEL), (text) => {
      const r = check(() => parseModel(text, { file: "m.json" }));
      if (r.ok) for (const b of r.value.data.buckets) expect(Number.isFinite(b.b) && Number.isFinite(b.tau) && Number.isFinite(b.size)).toBe(true);
    }), params);
  }, TIMEOUT);

  it("parseTidyCsv, and the same from a file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "qqt-fuzz-tidy-"));
    let k = 0;
    await fc.assert(fc.asyncProperty(mutated(TIDY), async (text) => {
      const memory = check(() => parseTidyCsv(text, { file: "runs.csv" }));
      if (memory.ok) finite(memory.value.data);
      const path = join(dir, `runs${k++}.csv`);
      writeFileSync(path, text);
      let file: { ok: boolean; data?: Study; codes?: string[] };
      try {
        file = { ok: true, data: (await readTidyCsvFile(path)).data };
      } catch (error) {
        if (!(error instanceof DataError)) throw error;
        file = { ok: false, codes: error.issues.map((i) => i.code) };
      }
      expect(file.ok).toBe(memory.ok);
      if (memory.ok) expect(stripFiles(file.data!)).toEqual(stripFiles(memory.value.data));
      else expect(file.codes).toEqual(memory.error.issues.map((i) => i.code));
    }), params);
  }, TIMEOUT);

  it("parseOpenClipCsv", () => {
    fc.assert(fc.property(mutated(OPENCLIP), (text) => {
      const r = check(() => parseOpenClipCsv(text, { file: "zeroshot.csv" }));
      if (r.ok) for (const s of r.value.data) finite(s);
    }), { ...params, numRuns: Math.max(20, Math.floor(RUNS / 3)) });
  }, TIMEOUT);

  it("parseDataComp, and the same from a directory", async () => {
    const root = mkdtempSync(join(tmpdir(), "qqt-fuzz-dc-"));
    let k = 0;
    await fc.assert(fc.asyncProperty(mutated(EVAL), fc.constantFrom(0, 2, 4), async (text, epoch) => {
      const files = [
        { path: `top0-10/eval_results_epoch_2_step_-1.jsonl`, text: EVAL },
        { path: `top0-10/eval_results_epoch_${epoch === 2 ? 4 : epoch}_step_-1.jsonl`, text },
      ];
      const memory = check(() => parseDataComp(files, { bucketSize: "12.8M", metric: "imagenet1k" }));
      if (memory.ok) finite(memory.value.data);
      const dir = join(root, `d${k++}`);
      for (const f of files) {
        mkdirSync(join(dir, "top0-10"), { recursive: true });
        writeFileSync(join(dir, f.path), f.text);
      }
      let ok: boolean;
      try {
        await readDataCompDirectory(dir, { bucketSize: "12.8M", metric: "imagenet1k" });
        ok = true;
      } catch (error) {
        if (!(error instanceof DataError)) throw error;
        ok = false;
      }
      expect(ok).toBe(memory.ok);
    }), { ...params, numRuns: Math.max(20, Math.floor(RUNS / 3)) });
  }, TIMEOUT);
});

/** A study without the file names of its origins (a path and "runs.csv" differ), for comparing two reads. */
function stripFiles(study: Study): unknown {
  return { ...study, name: undefined, observations: study.observations.map((o) => ({ ...o, origin: o.origin?.line })) };
}
