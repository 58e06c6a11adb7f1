// qqt fit / holdout / predict on fitted models: end to end through files, checked against @qqt/core and the truth.
import { poolModel } from "@qqt/core";
import { parseModel, type ModelFileV1 } from "@qqt/data";
import { examplePath } from "@qqt/data/node";
import { cpSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { ErrorJson, HoldoutJson, PredictJson, RecommendJson } from "../src/index.js";
import { qqt, quantile, scratch, tidyCsv, TMARS, TMARS_TASK, tmarsRuns, write } from "./helpers.js";

const SYNTHETIC = examplePath("datacomp-synthetic");
let dir: string;
let runsCsv: string;

beforeAll(() => {
  dir = scratch();
  runsCsv = write(dir, "runs.csv", tidyCsv(tmarsRuns()));
});

describe("qqt fit", () => {
  it("fits a tidy CSV generated from the paper's law and recovers its parameters; --json is the model file", async () => {
    const out = join(dir, "model.json");
    const r = await qqt(["fit", runsCsv, "--variant", "reference", "-o", out, "--json"]);
    expect(r.code).toBe(0);
    const model = parseModel(r.stdout).data;
    expect(model.format).toBe("qqt.model/v1");
    expect(model.law).toEqual({ formulation: "utility", variant: "reference" });
    expect(model.buckets.map((b) => b.id)).toEqual(["top0-10", "top10-20", "top20-30"]);
    expect(model.fit?.observations).toBe(19);
    expect(model.fit?.converged).toBe(true);
    model.buckets.forEach((b, i) => expect(Math.abs(b.b - TMARS[i]!.b) / Math.abs(TMARS[i]!.b)).toBeLessThan(0.1));
    expect(model.fit?.generator).toMatch(/^@qqt\/fit /);
    // -o writes the same model.
    expect(readFileSync(out, "utf8")).toBe(r.stdout);
    // The default fit bootstraps (200 refits: DEFAULT_FIT_SETTINGS), so every model can answer how sure it is.
    expect(r.stderr).toContain(`Wrote ${out} (qqt.model/v1, 200 bootstrap draws)`);
    expect(model.fit?.bootstrap?.draws).toHaveLength(200);
    expect(model.fit?.coverage?.samplesSeen).toEqual({ low: 25.6e6, high: 204.8e6 });
    expect(model.fit?.freeParameters).toBe(8);
    // The model's own predictions are @qqt/core's.
    const n = 51.2e6;
    const fitted = model.buckets.slice(0, 2);
    const p = await qqt(["predict", out, "--pool", "top-2", "--samples", "51.2M", "--json"]);
    const predicted = (JSON.parse(p.stdout) as PredictJson).pools[0]!.predictions[0]!.error;
    expect(predicted).toBe(poolModel(fitted, model.task, model.law).errorAt(n));
    expect(Math.abs(predicted - poolModel(TMARS.slice(0, 2), TMARS_TASK, { variant: "reference" }).errorAt(n))).toBeLessThan(0.005);
  });

  it("is deterministic: the same input, options and seed give the same model", async () => {
    const [a, b] = await Promise.all([qqt(["fit", runsCsv, "--seed", "5", "--json"]), qqt(["fit", runsCsv, "--seed", "5", "--json"])]);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
  });

  it("prints the parameter table, diagnostics and warnings for people", async () => {
    const r = await qqt(["fit", runsCsv, "--variant", "reference", "--fix", "d=0.1", "--share", "tau"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Fitted the QQT law \(utility, reference variant\) to 19 runs on 4 pools of 3 buckets, 25\.6M–204\.8M samples seen/);
    expect(r.stdout).toMatch(/parameter\s+bucket\s+estimate\s+std\. error/);
    expect(r.stdout).toMatch(/\nd\s+0\.1\s+fixed\s+fixed\n/);
    expect(r.stdout).toMatch(/\ntau\s+\(all, shared\)\s+\d/);
    expect(r.stdout).toMatch(/\nb\s+top10-20\s+-0\.1\d+/);
    expect(r.stdout).toMatch(/Fit: loss sse, sse [\d.e-]+, rmse [\d.e-]+, \d+ iterations, converged, 5 free parameters, 19 runs, seed 0/);
  });

  it("says 1 iteration (not 1 iterations) when the polish stops after one", async () => {
    const r = await qqt(["fit", runsCsv, "--max-iterations", "1", "--starts", "1"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Fit: loss sse, sse [\d.e-]+, rmse [\d.e-]+, 1 iteration, NOT converged, \d+ free parameters, 19 runs, seed 0/);
  });

  it("bootstraps with --bootstrap: intervals in the table, draws in the model, predictions with intervals from them", async () => {
    const out = join(dir, "boot.json");
    const r = await qqt(["fit", SYNTHETIC, "--variant", "reference", "--bootstrap", "24", "--confidence", "0.9", "-o", out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/SYNTHETIC DATA/);
    expect(r.stdout).toMatch(/estimate\s+std\. error\s+90% interval/);
    expect(r.stdout).toMatch(/Bootstrap: 24 of 24 refits \(residuals\), 90% percentile intervals/);
    const model = JSON.parse(readFileSync(out, "utf8")) as ModelFileV1;
    const draws = model.fit!.bootstrap!.draws;
    expect(draws).toHaveLength(24);
    expect(model.source?.synthetic).toBe(true);

    const p = await qqt(["predict", out, "--pool", "top-2", "--samples", "64M,640M", "--json"]);
    expect(p.code).toBe(0);
    const pred = JSON.parse(p.stdout) as PredictJson;
    expect(pred.confidence).toBe(0.9);
    expect(pred.model.draws).toBe(24);
    pred.pools[0]!.predictions.forEach((q) => {
      const values = draws.map((d) =>
        poolModel(
          model.buckets.slice(0, 2).map((b, i) => ({ ...b, b: d.b[i]!, tau: d.tau[i]! })),
          { a: d.a, d: d.d, normalizer: model.task.normalizer },
          model.law,
        ).errorAt(q.samplesSeen),
      );
      // meanInterval: the band of the mean curve, the draws' percentiles; interval: a new run's, wider (plus noise).
      expect(q.meanInterval!.low).toBeCloseTo(quantile(values, 0.05), 12);
      expect(q.meanInterval!.median).toBeCloseTo(quantile(values, 0.5), 12);
      expect(q.meanInterval!.high).toBeCloseTo(quantile(values, 0.95), 12);
      expect(q.interval!.low).toBeLessThan(q.meanInterval!.low);
      expect(q.interval!.high).toBeGreaterThan(q.meanInterval!.high);
    });

    const rec = await qqt(["recommend", out, "--budgets", "32M,640M", "--json"]);
    const entries = JSON.parse(rec.stdout) as RecommendJson;
    for (const e of entries) {
      const total = e.candidates.reduce((s, c) => s + c.probability!, 0);
      expect(total).toBeCloseTo(1, 12);
      expect(e.best.probability).toBe(e.candidates.find((c) => c.pool.join() === e.best.pool.join())!.probability);
      expect(e.candidates.every((c) => Number.isInteger(c.probability! * 24))).toBe(true);
    }
    expect(entries[0]!.crossovers[0]!.interval!.probability).toBeGreaterThan(0.5);
    const human = await qqt(["recommend", out, "--budgets", "32M,640M"]);
    expect(human.stdout).toMatch(/P\(best\)/);
    expect(human.stdout).toMatch(/— 90% bootstrap interval [\d.]+M–[\d.]+M, in \d+ of 24 draws/);
    // 24 draws that all agree bound P(best) only to ≥87% (rule of three), so the table does not say 100%.
    expect(human.stdout).not.toMatch(/ 100% /);
    expect(human.stdout).toMatch(/interval: 90% prediction interval of one new run's error/);
  });

  it("reads the OpenCLIP CSV with --study and fits one architecture", async () => {
    const csv = join(examplePath("laion-openclip"), "zeroshot_results.csv");
    const r = await qqt(["fit", csv, "--study", "ViT-B-32", "--share", "tau", "--json"]);
    expect(r.code).toBe(0);
    const model = parseModel(r.stdout).data;
    expect(model.name).toBe("OpenCLIP ViT-B-32 on LAION");
    expect(model.buckets.map((b) => b.id)).toEqual(["LAION-80M", "LAION-400M", "LAION-2B"]);
    expect(model.fit?.observations).toBe(9);
    // The LAION datasets are nested: the model compares each alone, never unions of them.
    expect(model.candidates).toEqual([["LAION-80M"], ["LAION-400M"], ["LAION-2B"]]);
  });

  it("merges compatible inputs into one study", async () => {
    const rows = tmarsRuns();
    const a = write(dir, "a.csv", tidyCsv(rows.slice(0, 10)));
    const b = write(dir, "b.csv", tidyCsv(rows.slice(10)));
    const r = await qqt(["fit", a, b, "--json"]);
    expect(r.code).toBe(0);
    const model = parseModel(r.stdout).data;
    expect(model.fit?.observations).toBe(rows.length);
    // b.csv names top20-30 first; the first input's best-first order wins, with a warning.
    expect(model.buckets.map((x) => x.id)).toEqual(["top0-10", "top10-20", "top20-30"]);
    expect(r.stderr).toContain(`warning: ${b} lists bucket "top20-30" before "top0-10"; using the order of the first input`);
  });
});

describe("runs given twice", () => {
  it("fit and holdout refuse a run repeated in a later input (exit 1), naming both places, instead of counting it twice", async () => {
    const copy = write(dir, "copy.csv", readFileSync(runsCsv, "utf8"));
    for (const args of [["fit", runsCsv, copy], ["holdout", runsCsv, copy, "--fit-until", "64M"]]) {
      const r = await qqt(args);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe("");
      expect(r.stderr).toContain(`19 problems in ${copy}:`);
      expect(r.stderr).toContain(`  ${copy}:2 — this run repeats ${runsCsv}:2 (pool top0-10, 25600000 samples seen)`);
      expect(r.stderr).toMatch(/add a `seed` or `model` tag column that tells them apart.*\[DUPLICATE_OBSERVATION\]/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it("a copy of a DataComp directory does not double the runs", async () => {
    const copy = join(scratch(), "evals");
    cpSync(SYNTHETIC, copy, { recursive: true });
    const r = await qqt(["fit", SYNTHETIC, copy, "--json"]);
    expect(r.code).toBe(1);
    // With --json the error is a JSON object on stdout too: its code, summary, exit code and every issue.
    const json = JSON.parse(r.stdout) as ErrorJson;
    expect(json.error).toMatchObject({ code: "DUPLICATE_OBSERVATION", message: "32 problems in 32 files", exitCode: 1 });
    expect(json.error.issues).toHaveLength(32);
    expect(r.stderr).toContain("32 problems in 32 files:");
    expect(r.stderr).toContain(`  ${join(copy, "top0-10", "eval_results_epoch_2_step_-1.jsonl")}:1 — this run repeats ${join(SYNTHETIC, "top0-10", "eval_results_epoch_2_step_-1.jsonl")}:1`);
  });
});

describe("qqt holdout", () => {
  it("fits on the small budgets and reports the extrapolation errors", async () => {
    const r = await qqt(["holdout", SYNTHETIC, "--variant", "reference", "--fit-until", "102.4M", "--json"]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as HoldoutJson;
    expect(out.fitUntil).toBe(102.4e6);
    expect(out.fitted + out.heldOut).toBe(32);
    expect(out.predictions).toHaveLength(out.heldOut);
    expect(out.predictions.every((p) => p.samplesSeen > 102.4e6)).toBe(true);
    for (const p of out.predictions) {
      expect(p.absoluteError).toBeCloseTo(Math.abs(p.predicted - p.observed), 14);
      expect(p.origin?.file).toContain("datacomp-synthetic");
      const model = out.model;
      const pool = model.buckets.filter((b) => p.pool.includes(b.id));
      expect(p.predicted).toBeCloseTo(poolModel(pool, model.task, model.law).errorAt(p.samplesSeen), 12);
    }
    const mae = out.predictions.reduce((s, p) => s + p.absoluteError, 0) / out.heldOut;
    expect(out.summary.meanAbsoluteError).toBeCloseTo(mae, 14);
    expect(out.summary.maxAbsoluteError).toBe(Math.max(...out.predictions.map((p) => p.absoluteError)));
    // Synthetic data with noise sd 0.002: the law extrapolates well.
    expect(out.summary.maxAbsoluteError).toBeLessThan(0.02);
    expect(out.parameters.find((p) => p.parameter === "a")?.estimate).toBe(out.model.task.a);
  });

  it("prints predicted vs observed and the summary", async () => {
    const r = await qqt(["holdout", runsCsv, "--fit-until", "64M"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/pool\s+samples seen\s+passes\s+observed\s+predicted\s+pred − obs\s+relative/);
    expect(r.stdout).toContain("Add --bootstrap 200 for a prediction interval per held-out run and the coverage.");
    expect(r.stdout).toMatch(/Extrapolation error: mean absolute 0\.\d{4}, max 0\.\d{4} \(.+ at [\d.]+M\), RMSE 0\.\d{4}/);
  });

  it("splits by passes and, with --bootstrap, gives each held-out run a prediction interval and the coverage", async () => {
    const r = await qqt(["holdout", SYNTHETIC, "--variant", "reference", "--fit-until-passes", "6", "--bootstrap", "40", "--json"]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as HoldoutJson;
    expect(out.fitUntilPasses).toBe(6);
    expect(out.fitUntil).toBeUndefined();
    expect(out.predictions.every((p) => p.passes > 6)).toBe(true);
    expect(out.model.fit!.bootstrap!.draws).toHaveLength(40);
    for (const p of out.predictions) expect(p.covered).toBe(p.observed >= p.interval!.low && p.observed <= p.interval!.high);
    const c = out.summary.coverage!;
    expect(c.count).toBe(out.heldOut);
    expect(c.covered).toBe(out.predictions.filter((p) => p.covered).length);
    const text = await qqt(["holdout", SYNTHETIC, "--variant", "reference", "--fit-until-passes", "6", "--bootstrap", "40"]);
    expect(text.stdout).toMatch(/95% prediction interval\s+covers/);
    expect(text.stdout).toMatch(new RegExp(`Coverage: the 95% prediction interval holds ${c.covered} of ${c.count} held-out runs`));
  });

  it("needs exactly one split", async () => {
    for (const args of [["holdout", runsCsv], ["holdout", runsCsv, "--fit-until", "64M", "--fit-until-passes", "4"]]) {
      const r = await qqt(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/give one split, --fit-until <budget> \(samples seen\) or --fit-until-passes <passes>/);
    }
  });

  it("exits 1 when nothing is held out", async () => {
    const r = await qqt(["holdout", runsCsv, "--fit-until", "10B"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/the fit failed: --fit-until: no run has samplesSeen > 10000000000/);
  });
});
