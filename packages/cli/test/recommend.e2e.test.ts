// qqt recommend / predict on the paper's T-MARS model: the numbers of docs/qqt-law.md §6, checked against @qqt/core.
import { findCrossovers, limitingError, nestedPools, predictError, recommendPools } from "@qqt/core";
import { examplePath } from "@qqt/data/node";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { PredictJson, RecommendJson } from "../src/index.js";
import { qqt, REFERENCE, TMARS, TMARS_TASK } from "./helpers.js";

const MODEL = join(examplePath("tmars-paper"), "tmars-imagenet.model.json");
const BUDGETS = [32e6, 64e6, 128e6, 640e6];
/** docs/qqt-law.md §6: nested pools top 10% … top 40% at 32M, 64M, 128M, 640M. */
const GOLDEN = [
  [0.811987, 0.823405, 0.846215, 0.864643],
  [0.751573, 0.742862, 0.768555, 0.793451],
  [0.719275, 0.679157, 0.700329, 0.726265],
  [0.707105, 0.607255, 0.599218, 0.616552],
];
const ids = (k: number) => TMARS.slice(0, k).map((b) => b.id);

describe("qqt recommend --json on the tmars-paper model", () => {
  it("reproduces spec §6: best pools, every candidate's error, runner-up, margin and the crossovers", async () => {
    const r = await qqt(["recommend", MODEL, "--budgets", "32M,64M,128M,640M", "--json"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const out = JSON.parse(r.stdout) as RecommendJson;
    expect(out.map((e) => e.budget)).toEqual(BUDGETS);
    expect(out.map((e) => e.best.pool)).toEqual([ids(1), ids(2), ids(2), ids(3)]);
    expect(out.map((e) => e.best.name)).toEqual(["top 10%", "top 20%", "top 20%", "top 30%"]);
    expect(out[3]!.best.label).toBe("top 30%: 3 buckets, 38.4M unique samples, ~17 passes");
    const core = recommendPools(nestedPools(TMARS), TMARS_TASK, BUDGETS, REFERENCE);
    out.forEach((entry, k) => {
      expect(entry.candidates.map((c) => c.pool)).toEqual([ids(1), ids(2), ids(3), ids(4)]);
      entry.candidates.forEach((c, i) => {
        expect(Math.abs(c.error - GOLDEN[k]![i]!)).toBeLessThan(1e-6);
        // The compiled pool of recommend and the one-budget predictError agree to a few ulp (summation order).
        const single = predictError(TMARS.slice(0, i + 1), TMARS_TASK, entry.budget, REFERENCE);
        expect(Math.abs(c.error - single) / single).toBeLessThan(1e-14);
        expect(c.probability).toBeUndefined();
      });
      expect(entry.best.error).toBe(core[k]!.errors[core[k]!.best]!);
      expect(entry.runnerUp?.pool).toEqual(ids(core[k]!.runnerUp! + 1));
      expect(entry.margin).toBe(core[k]!.margin);
      expect(entry.range).toEqual({ min: 32e6, max: 640e6 });
    });
    const crossovers = out[0]!.crossovers;
    const coreCrossovers = findCrossovers(nestedPools(TMARS), TMARS_TASK, { min: 32e6, max: 640e6 }, REFERENCE);
    expect(crossovers.map((c) => c.budget)).toEqual(coreCrossovers.map((c) => c.budget));
    expect(crossovers.map((c) => [c.from.name, c.to.name])).toEqual([
      ["top 10%", "top 20%"],
      ["top 20%", "top 30%"],
    ]);
    expect(Math.abs(crossovers[0]!.budget - 49.3e6) / 49.3e6).toBeLessThan(0.002);
    expect(Math.abs(crossovers[1]!.budget - 439.6e6) / 439.6e6).toBeLessThan(0.001);
    // Each budget knows the span over which its best pool holds.
    expect(out[1]!.bestFrom).toBe(crossovers[0]!.budget);
    expect(out[1]!.bestUntil).toBe(crossovers[1]!.budget);
    expect(out[0]!.bestFrom).toBeUndefined();
    expect(out[3]!.bestUntil).toBeUndefined();
  });

  it("searches --range for crossovers and expands budget ranges", async () => {
    const r = await qqt(["recommend", MODEL, "--budgets", "10M..10B", "--points", "4", "--range", "1M..100B", "--json"]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as RecommendJson;
    expect(out.map((e) => e.budget)).toEqual([1e7, 1e8, 1e9, 1e10]);
    // The search starts where the law's range does, normalizer / a = 4.545M, not at the 1M asked for.
    const start = 1e5 / TMARS_TASK.a;
    expect(out[0]!.range).toEqual({ min: start, max: 1e11 });
    expect(out[0]!.lawStart).toBe(start);
    const core = findCrossovers(nestedPools(TMARS), TMARS_TASK, { min: start, max: 1e11 }, REFERENCE);
    expect(out[0]!.crossovers.map((c) => [c.budget, c.from.pool.length - 1, c.to.pool.length - 1])).toEqual(core.map((c) => [c.budget, c.from, c.to]));
  });

  it("flags budgets below the law's range (normalizer / a) and finds no artefact crossover there", async () => {
    const r = await qqt(["recommend", MODEL, "--budgets", "1M,5M,640M", "--json"]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as RecommendJson;
    expect(out.map((e) => e.belowLawRange)).toEqual([true, undefined, undefined]);
    // At normalizer / a every pool predicts 1 + d: @qqt/core finds a "crossover" there, the CLI must not.
    const start = 1e5 / TMARS_TASK.a;
    expect(findCrossovers(nestedPools(TMARS), TMARS_TASK, { min: 1e6, max: 6.4e8 }, REFERENCE)[0]!.budget).toBeCloseTo(start, -2);
    expect(out[0]!.crossovers.every((c) => c.budget > start)).toBe(true);
    expect(out[0]!.crossovers).toHaveLength(2);
    const text = await qqt(["recommend", MODEL, "--budgets", "1M,640M"]);
    expect(text.stdout).toContain("1M  top 40%: 4 buckets, 51.2M unique samples, ~0.02 passes (below the law's range)");
    expect(text.stdout).toContain("1M samples seen is below the law's range, which starts at 4.545M (normalizer / a)");
    expect(text.stdout).toContain("[BELOW_LAW_RANGE]");
    // Every pool predicts more than 1 there: an impossible error, said so.
    expect(out[0]!.warnings.map((w) => w.code)).toEqual(["BELOW_LAW_RANGE", "OUT_OF_RANGE"]);
    expect(out[2]!.warnings).toEqual([]);
  });

  it("takes budgets up to 1000T (the shared budget grammar's limit) and refuses larger ones", async () => {
    const r = await qqt(["recommend", MODEL, "--budgets", "1e15", "--json"]);
    expect(r.code).toBe(0);
    const [entry] = JSON.parse(r.stdout) as RecommendJson;
    expect(entry!.range).toEqual({ min: 1e14, max: 1e16 });
    expect(entry!.best.pool).toEqual(ids(3));
    const refused = await qqt(["recommend", MODEL, "--budgets", "1e308"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--budgets: "1e308" is 1e\+308 samples seen, outside what qqt accepts/);
    const text = await qqt(["recommend", MODEL, "--budgets", "1e15"]);
    expect(text.stdout).toContain("1e15  top 30%: 3 buckets, 38.4M unique samples, ~2.6e7 passes");
  });

  it("compares the model's own candidates when it lists them, in recommend and predict", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "qqt-candidates-")), "model.json");
    const model = JSON.parse(readFileSync(MODEL, "utf8")) as Record<string, unknown>;
    writeFileSync(file, JSON.stringify({ ...model, candidates: [["top10-20"], ["top0-10", "top30-40"]] }));
    const r = await qqt(["recommend", file, "--budgets", "64M,1B", "--json"]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as RecommendJson;
    const pools = [[TMARS[1]!], [TMARS[0]!, TMARS[3]!]];
    const core = recommendPools(pools.map((buckets) => ({ buckets })), TMARS_TASK, [64e6, 1e9], REFERENCE);
    expect(out[0]!.candidates.map((c) => c.pool)).toEqual([["top10-20"], ["top0-10", "top30-40"]]);
    out.forEach((e, k) => expect(e.candidates.map((c) => c.error)).toEqual(core[k]!.errors));
    const text = await qqt(["recommend", file, "--budgets", "64M"]);
    expect(text.stdout).toContain("Candidates (the model's): 10–20%, top 10% + 30–40%.");
    const predicted = JSON.parse((await qqt(["predict", file, "--samples", "64M", "--json"])).stdout) as PredictJson;
    expect(predicted.pools.map((p) => p.pool)).toEqual([["top10-20"], ["top0-10", "top30-40"]]);
  });

  it("searches a decade either side of a single budget, and reads example:tmars-paper", async () => {
    const r = await qqt(["recommend", "example:tmars-paper", "--budgets", "128M", "--json"]);
    expect(r.code).toBe(0);
    const [entry] = JSON.parse(r.stdout) as RecommendJson;
    expect(entry!.range).toEqual({ min: 12.8e6, max: 1.28e9 });
    expect(entry!.crossovers).toHaveLength(2);
    expect(entry!.bestFrom).toBe(entry!.crossovers[0]!.budget);
    expect(entry!.bestUntil).toBe(entry!.crossovers[1]!.budget);
  });

  it("compares arbitrary --candidates as @qqt/core's recommendPools does", async () => {
    const r = await qqt(["recommend", MODEL, "--budgets", "64M,1B", "--candidates", "top-1; top0-10+top30-40", "--candidates", "top10-20", "--json"]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as RecommendJson;
    const pools = [[TMARS[0]!], [TMARS[0]!, TMARS[3]!], [TMARS[1]!]];
    const core = recommendPools(pools.map((buckets) => ({ buckets })), TMARS_TASK, [64e6, 1e9], REFERENCE);
    expect(out[0]!.candidates.map((c) => c.pool)).toEqual([["top0-10"], ["top0-10", "top30-40"], ["top10-20"]]);
    expect(out[0]!.candidates.map((c) => c.name)).toEqual(["top 10%", "top 10% + 30–40%", "10–20%"]);
    out.forEach((e, k) => {
      expect(e.candidates.map((c) => c.error)).toEqual(core[k]!.errors);
      expect(e.best.pool).toEqual(pools[core[k]!.best]!.map((b) => b.id));
    });
  });

  it("prints a table for people with the labels and the crossovers", async () => {
    const r = await qqt(["recommend", MODEL, "--budgets", "32M,128M,640M"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/budget\s+best pool\s+error\s+runner-up\s+margin/);
    expect(r.stdout).toMatch(/32M\s+top 10%\s+0\.8120\s+top 20%\s+\+0\.0114/);
    expect(r.stdout).toContain("640M  top 30%: 3 buckets, 38.4M unique samples, ~17 passes");
    expect(r.stdout).toMatch(/at\s+49\.25M: top 10% → top 20% \(error 0\.7711\)/);
    expect(r.stdout).toMatch(/at\s+439\.6M: top 20% → top 30% \(error 0\.6148\)/);
    expect(r.stdout).not.toContain("\u001b[");
  });
});

describe("qqt predict --json on the tmars-paper model", () => {
  it("gives the golden errors per pool and budget, passes and the limiting error", async () => {
    const r = await qqt(["predict", MODEL, "--pool", "top-1", "--pool", "top20%", "--pool", "top0-10,top10-20,top20-30", "-p", "all", "--samples", "640M,32M,64M..128M:x2", "--json"]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as PredictJson;
    expect(out.model).toEqual({ name: "T-MARS ImageNet (paper parameters)", law: { formulation: "utility", variant: "reference" }, metric: "imagenet1k", synthetic: false, draws: 0 });
    expect(out.confidence).toBeUndefined();
    expect(out.pools.map((p) => p.name)).toEqual(["top 10%", "top 20%", "top 30%", "top 40%"]);
    out.pools.forEach((pool, i) => {
      expect(pool.size).toBe(12.8e6 * (i + 1));
      expect(pool.limitingError).toBeCloseTo(limitingError(TMARS.slice(0, i + 1), TMARS_TASK, REFERENCE), 12);
      expect(pool.predictions.map((q) => q.samplesSeen)).toEqual(BUDGETS);
      pool.predictions.forEach((q, k) => {
        expect(Math.abs(q.error - GOLDEN[k]![i]!)).toBeLessThan(1e-6);
        expect(q.passes).toBe(BUDGETS[k]! / pool.size);
        expect(q.interval).toBeUndefined();
      });
    });
  });

  it("predicts the nested pools by default, as a table", async () => {
    const r = await qqt(["predict", MODEL, "--samples", "12.8M..64M:+12.8M"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/pool\s+size\s+12\.8M\s+25\.6M\s+38\.4M\s+51\.2M\s+64M\s+limit/);
    expect(r.stdout).toMatch(/top 10%\s+12\.8M\s+0\.9300\s+0\.8361/);
    expect(r.stdout).toMatch(/top 40%\s+51\.2M/);
  });
});
