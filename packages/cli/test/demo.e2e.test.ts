// qqt demo: the built-in synthetic example, end to end; the true model's answers are @qqt/core's.
import { nestedPools, recommendPools } from "@qqt/core";
import { describe, expect, it } from "vitest";
import type { DemoJson } from "../src/index.js";
import { qqt, REFERENCE, TMARS, TMARS_TASK } from "./helpers.js";

describe("qqt demo", () => {
  it("--json: synthetic, fitted against true parameters, recommendations of both", async () => {
    const r = await qqt(["demo", "--json", "--bootstrap", "30"]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as DemoJson;
    expect(out.synthetic).toBe(true);
    expect(out.notice).toMatch(/^SYNTHETIC DATA: .*generated, not real training results.*T-MARS parameters/);
    expect(out.example).toBe("datacomp-synthetic");
    expect(out.study).toEqual({ name: "SYNTHETIC DataComp-style T-MARS evaluations", observations: 32, buckets: 4, metric: "imagenet1k" });
    expect(out.model.source?.synthetic).toBe(true);
    expect(out.model.fit?.bootstrap?.draws).toHaveLength(30);
    expect(out.truth.task).toEqual({ a: 0.022, d: 0.1, normalizer: 100000 });
    // Fitted b within 5% and tau within 15% of the truth (noise sd 0.002 on 32 runs).
    for (const p of out.parameters.filter((q) => q.parameter === "b" || q.parameter === "tau")) {
      expect(Math.abs(p.estimate - p.truth!) / Math.abs(p.truth!)).toBeLessThan(p.parameter === "b" ? 0.05 : 0.15);
    }
    expect(out.parameters).toHaveLength(10);
    const budgets = [32e6, 64e6, 128e6, 640e6];
    expect(out.recommendations.map((e) => e.budget)).toEqual(budgets);
    expect(out.recommendations.map((e) => e.best.name)).toEqual(["top 10%", "top 20%", "top 20%", "top 30%"]);
    const core = recommendPools(nestedPools(TMARS), TMARS_TASK, budgets, REFERENCE);
    out.trueRecommendations.forEach((e, k) => {
      expect(e.candidates.map((c) => c.error)).toEqual(core[k]!.errors);
      expect(e.best.pool.length).toBe(core[k]!.best + 1);
    });
    expect(out.recommendations[0]!.best.probability).toBeGreaterThan(0.5);
  });

  it("says SYNTHETIC, compares with the truth and recommends", async () => {
    const r = await qqt(["demo"]);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith("SYNTHETIC DATA:")).toBe(true);
    expect(r.stdout).toMatch(/parameter\s+bucket\s+estimate\s+std\. error\s+95% interval\s+true\s+vs true/);
    expect(r.stdout).toMatch(/budget\s+best pool\s+error\s+interval\s+P\(best\)\s+runner-up\s+margin\s+beyond runs\s+true best/);
    // It claims only what it shows: how many truths its intervals hold, with the misses named.
    expect(r.stdout).toMatch(/True value inside its 95% bootstrap interval: \d+ of 10 parameters/);
    const inside = Number(/interval: (\d+) of 10 parameters/.exec(r.stdout)![1]);
    if (inside < 10) expect(r.stdout).toMatch(/\(outside: [a-z]+(\[[\w-]+\])? [\d.-]+ not in \[/);
    expect(r.stdout).toMatch(/True crossovers: top 10% → top 20% at 49\.25M; top 20% → top 30% at 439\.6M — \d of 2 inside the fitted crossover's bootstrap interval\./);
    expect(r.stdout).toMatch(/interval: 95% prediction interval of one new run's error/);
  });
});
