// What qqt says about its answers: no certainty the runs do not support (issue: one model, one advice engine).
import { predictError } from "@qqt/core";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { PredictJson, RecommendJson } from "../src/index.js";
import { qqt, REFERENCE, scratch, tidyCsv, TMARS, TMARS_TASK, tmarsRuns, write } from "./helpers.js";

let dir: string;
beforeAll(() => {
  dir = scratch();
});

describe("an under-determined fit: 4 runs for 10 free parameters", () => {
  it("fits, and every later answer says not estimable instead of a probability or a zero-width interval", async () => {
    // One run per bucket of four: a, d and b, tau per bucket are 10 free parameters.
    const rows = TMARS.map((b, i) => ({ pool: [b.id], samplesSeen: (2 + i) * b.size, error: predictError([b], TMARS_TASK, (2 + i) * b.size, REFERENCE) }));
    const runs = write(dir, "thin.csv", tidyCsv(rows));
    const model = join(dir, "thin.json");
    const fit = await qqt(["fit", runs, "--variant", "reference", "-o", model]);
    expect(fit.code).toBe(0);
    expect(fit.stdout).toMatch(/4 observations for 10 free parameters/);
    const r = await qqt(["recommend", model, "--budgets", "32M,128M,640M", "--json"]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as RecommendJson;
    for (const e of out) {
      expect(e.uncertainty.kind).toBe("not-estimable");
      expect(e.uncertainty.reasons!.join(" ")).toMatch(/4 runs for 10 free parameters/);
      expect(e.warnings[0]!.code).toBe("NOT_ESTIMABLE");
      for (const c of e.candidates) {
        expect(c.probability).toBeUndefined();
        expect(c.interval).toBeUndefined();
        expect(c.meanInterval).toBeUndefined();
      }
      for (const c of e.crossovers) expect(c.interval).toBeUndefined();
    }
    const text = await qqt(["recommend", model, "--budgets", "32M,640M"]);
    expect(text.stdout).toMatch(/P\(best\)/);
    expect(text.stdout).toMatch(/not estimable/);
    expect(text.stdout).not.toMatch(/100%/);
    expect(text.stdout).toMatch(/Not estimable: 4 runs for 10 free parameters.*What helps: share tau \(or b\) across buckets, fix a parameter such as d, or add runs.*\[NOT_ESTIMABLE\]/);
    const p = await qqt(["predict", model, "--samples", "64M", "--json"]);
    const pred = JSON.parse(p.stdout) as PredictJson;
    expect(pred.uncertainty.kind).toBe("not-estimable");
    expect(pred.pools.every((pool) => pool.predictions.every((q) => q.interval === undefined))).toBe(true);
    expect(pred.warnings.map((w) => w.code)).toContain("NOT_ESTIMABLE");
  });
});

describe("an answer far beyond the fitted runs", () => {
  it("carries EXTRAPOLATION with its factor, and a numeric extrapolationFactor per budget", async () => {
    // tmarsRuns: 25.6M–204.8M samples seen; keep the runs up to 128M.
    const rows = tmarsRuns().filter((r) => r.samplesSeen <= 128e6);
    const runs = write(dir, "to128M.csv", tidyCsv(rows));
    const model = join(dir, "to128M.json");
    expect((await qqt(["fit", runs, "--variant", "reference", "--bootstrap", "40", "-o", model])).code).toBe(0);
    const r = await qqt(["recommend", model, "--budgets", "64M,20B", "--json"]);
    expect(r.code).toBe(0);
    const [inside, far] = JSON.parse(r.stdout) as RecommendJson;
    expect(inside!.extrapolationFactor).toBe(1);
    expect(inside!.warnings.filter((w) => w.code === "EXTRAPOLATION")).toEqual([]);
    expect(far!.extrapolationFactor).toBeCloseTo(20e9 / 128e6, 6);
    expect(far!.extrapolation!.side).toBe("above");
    const w = far!.warnings.find((x) => x.code === "EXTRAPOLATION")!;
    expect(w.message).toMatch(/20B samples seen is 156× the largest fitted run \(128M\)/);
    expect(w.budget).toBe(20e9);
    const text = await qqt(["recommend", model, "--budgets", "64M,20B"]);
    expect(text.stdout).toMatch(/beyond runs/);
    expect(text.stdout).toMatch(/×156/);
    expect(text.stdout).toMatch(/Extrapolation ×\d+: 20B samples seen is 156× the largest fitted run/);
  });
});
