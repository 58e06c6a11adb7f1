import { readFileSync } from "node:fs";
import { parseModel, writeModel } from "@qqt/data";
import { describe, expect, it } from "vitest";
import { bootstrap } from "./bootstrap.js";
import { fit } from "./fit.js";
import { paperDesign, TRUE_BUCKETS } from "./testing/synthetic.js";
import type { ModelFileV1 } from "./index.js";
import { toModelFile } from "./toModelFile.js";
import { VERSION } from "./version.js";

function allNumbersFinite(value: unknown): boolean {
  if (typeof value === "number") return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(allNumbersFinite);
  if (value !== null && typeof value === "object") return Object.values(value).every(allNumbersFinite);
  return true;
}

function hasNullOrUndefined(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (Array.isArray(value)) return value.some(hasNullOrUndefined);
  if (typeof value === "object") return Object.values(value).some(hasNullOrUndefined);
  return false;
}

describe("toModelFile", () => {
  const input = paperDesign({ noise: 0.003, seed: 4, buckets: TRUE_BUCKETS.slice(0, 3) });
  input.buckets[0]!.label = "top 0–10%";

  it("writes a qqt.model/v1 object with the fit's parameters, diagnostics and options", () => {
    const result = fit(input, { seed: 9, fixed: { d: 0.1 } });
    const file = toModelFile(result, { name: "synthetic", metric: { name: "error" }, source: { synthetic: true } });
    expect(file.format).toBe("qqt.model/v1");
    expect(file.name).toBe("synthetic");
    expect(file.metric).toEqual({ name: "error" });
    expect(file.source).toEqual({ synthetic: true });
    expect(file.law).toEqual({ formulation: "utility", variant: "paper" });
    expect(file.task).toEqual({ a: result.task.a, d: 0.1, normalizer: 1e5 });
    expect(file.buckets[0]).toEqual({ id: "top0-10", size: 12.8e6, b: result.buckets[0]!.b, tau: result.buckets[0]!.tau, label: "top 0–10%" });
    expect(file.buckets[1]).not.toHaveProperty("label");
    const f = file.fit!;
    expect(f.generator).toBe(`@qqt/fit ${VERSION}`);
    expect(f).not.toHaveProperty("createdAt");
    expect(f.loss).toBe("sse");
    expect(f.seed).toBe(9);
    expect(f.observations).toBe(15);
    expect(f.sse).toBe(result.sse);
    expect(f.options).toMatchObject({ fixed: { d: 0.1 }, share: [] });
    expect(f.standardErrors!.d).toBeUndefined(); // d is fixed
    expect(f.standardErrors!.a).toBeGreaterThan(0);
    expect(f).not.toHaveProperty("bootstrap");
    expect(allNumbersFinite(file)).toBe(true);
    expect(hasNullOrUndefined(file)).toBe(false);
    expect(JSON.parse(JSON.stringify(file))).toEqual(file);
  });

  it("includes the bootstrap: method, samples, seed, confidence, intervals and every draw", async () => {
    const result = fit(input);
    const boot = await bootstrap(input, { samples: 6, seed: 5, fit: result });
    const file = toModelFile(result, { bootstrap: boot, createdAt: "2026-01-01T00:00:00.000Z" });
    const b = file.fit!.bootstrap!;
    expect(file.fit!.createdAt).toBe("2026-01-01T00:00:00.000Z");
    expect(b.method).toBe("residuals");
    expect(b.samples).toBe(6);
    expect(b.seed).toBe(5);
    expect(b.confidence).toBe(0.95);
    expect(b.draws).toEqual(boot.draws);
    expect(b.intervals.buckets.map((x) => x.id)).toEqual(["top0-10", "top10-20", "top20-30"]);
    expect(b.intervals.a).toEqual(boot.intervals.a);
    expect(allNumbersFinite(file) && !hasNullOrUndefined(file)).toBe(true);
  });

  describe("round-trips exactly through @qqt/data's writer and reader", () => {
    const roundTrip = (model: ModelFileV1) => {
      const text = writeModel(model);
      const parsed = parseModel(text, { file: "fit.model.json" });
      expect(parsed.data).toStrictEqual(model);
      expect(writeModel(parsed.data)).toBe(text);
      return parsed;
    };

    it("a fit without bootstrap (fixed d: no standard error for it)", () => {
      const result = fit(input, { seed: 9, fixed: { d: 0.1 }, share: ["tau"] });
      const model = toModelFile(result, {
        name: "synthetic",
        description: "three buckets, noisy",
        metric: { name: "error", description: "synthetic error" },
        source: { synthetic: true, note: "paperDesign, seed 4" },
      });
      const { data, summary } = roundTrip(model);
      expect(data.fit?.standardErrors?.d).toBeUndefined();
      expect(data.fit?.options).toMatchObject({ fixed: { d: 0.1 }, share: ["tau"] });
      expect(summary.buckets.map((b) => b.id)).toEqual(["top0-10", "top10-20", "top20-30"]);
    });

    it("a fit with a bootstrap (intervals and every draw) and a huber-log loss", async () => {
      const result = fit(input, { seed: 2, loss: "huber-log" });
      const boot = await bootstrap(input, { samples: 4, seed: 3, fit: result, loss: "huber-log" });
      const model = toModelFile(result, { bootstrap: boot, createdAt: "2026-01-01T00:00:00.000Z" });
      const { data } = roundTrip(model);
      expect(data.fit?.bootstrap?.draws).toHaveLength(boot.successful);
      expect(data.fit?.bootstrap?.intervals.a).toEqual(boot.intervals.a);
      expect(data.fit?.options).toMatchObject({ huberDelta: 0.05 });
    });
  });

  it("refuses a bootstrap of other buckets", async () => {
    const other = paperDesign({ buckets: TRUE_BUCKETS.slice(1, 3) });
    const boot = await bootstrap(other, { samples: 2, seed: 1 });
    expect(() => toModelFile(fit(input), { bootstrap: boot })).toThrow(/other buckets/);
  });

  it("carries candidate pools, which @qqt/data reads back; refuses pools of unknown buckets", () => {
    const result = fit(input, { seed: 9 });
    const ids = result.buckets.map((b) => b.id);
    const file = toModelFile(result, { candidates: [[ids[2]!], [ids[0]!, ids[1]!]] });
    expect(file.candidates).toEqual([[ids[2]], [ids[0], ids[1]]]);
    expect(parseModel(writeModel(file)).data.candidates).toEqual(file.candidates);
    expect(toModelFile(result)).not.toHaveProperty("candidates");
    expect(() => toModelFile(result, { candidates: [["nope"]] })).toThrow(/candidate pools name bucket "nope"/);
  });

  it("keeps VERSION equal to package.json", () => {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
    expect(VERSION).toBe(pkg.version);
  });
});
