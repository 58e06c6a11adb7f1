// Scale transfer from the command line: a tidy CSV with a `quality` column, and `--scale`.
import { predictError } from "@qqt/core";
import { parseModel } from "@qqt/data";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { PredictJson, RecommendJson } from "../src/index.js";
import { qqt, REFERENCE, scratch, TMARS, TMARS_TASK, write } from "./helpers.js";

const PILOT = TMARS.slice(0, 3);

describe("scale transfer", () => {
  it("fits a pilot pool and a few full-scale runs as quality groups; the model compares the full-scale pools", async () => {
    const dir = scratch();
    const lines = ["bucket,quality,pool_size,samples_seen,error"];
    for (const b of PILOT) {
      for (const epochs of [2, 4, 6, 8, 10]) {
        lines.push(`pilot-${b.id},${b.id},${b.size},${epochs * b.size},${predictError([b], TMARS_TASK, epochs * b.size, REFERENCE).toFixed(6)}`);
      }
      const full = { ...b, size: b.size * 10 };
      lines.push(`${b.id},${b.id},${full.size},${full.size},${predictError([full], TMARS_TASK, full.size, REFERENCE).toFixed(6)}`);
    }
    const csv = write(dir, "transfer.csv", lines.join("\n") + "\n");
    const out = join(dir, "model.json");
    const r = await qqt(["fit", csv, "--variant", "reference", "--bootstrap", "0", "-o", out, "--json"]);
    expect(r.code).toBe(0);
    const model = parseModel(r.stdout).data;
    expect(model.fit!.freeParameters).toBe(2 + 2 * 3); // the pilot and full buckets of a quality share b and tau
    const byId = new Map(model.buckets.map((b) => [b.id, b]));
    for (const b of PILOT) expect(byId.get(`pilot-${b.id}`)!.tau).toBe(byId.get(b.id)!.tau);
    expect(model.candidates).toEqual([["top0-10"], ["top0-10", "top10-20"], ["top0-10", "top10-20", "top20-30"]]);
    const rec = await qqt(["recommend", out, "--budgets", "640M", "--json"]);
    const [entry] = JSON.parse(rec.stdout) as RecommendJson;
    expect(entry!.best.size).toBeGreaterThanOrEqual(128e6);
  });

  it("--scale answers for a pool N times larger: sizes × N, parameters as fitted", async () => {
    const model = "example:tmars-paper";
    const base = JSON.parse((await qqt(["predict", model, "--pool", "top-2", "--samples", "640M", "--json"])).stdout) as PredictJson;
    const scaled = JSON.parse((await qqt(["predict", model, "--pool", "top-2", "--samples", "6.4B", "--scale", "10", "--json"])).stdout) as PredictJson;
    expect(scaled.pools[0]!.size).toBe(10 * base.pools[0]!.size);
    expect(scaled.pools[0]!.predictions[0]!.passes).toBeCloseTo(base.pools[0]!.predictions[0]!.passes, 12);
    expect(scaled.model.name).toMatch(/\(pool ×10\)$/);
    const text = await qqt(["recommend", model, "--budgets", "6.4B", "--scale", "10"]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/\(pool ×10\)/);
    const bad = await qqt(["recommend", model, "--budgets", "6.4B", "--scale", "0"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--scale: expected a factor > 0 such as 10, got "0"/);
  });
});
