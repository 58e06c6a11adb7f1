import { describe, expect, it } from "vitest";
import { formatProblem } from "./AdvisorError";
import { EXAMPLES, TMARS_IMAGENET, TMARS_ILLUSTRATION } from "./examples";
import { modelSummary, poolInfos } from "./model";
import { validateModel } from "./modelFile";
import { OKABE_ITO, seriesStyle } from "./palette";
import { centralInterval, quantileSorted } from "./quantile";
import { mulberry32 } from "./random";
import { syntheticModel, syntheticObservations } from "./synthetic";

describe("pool names", () => {
  it("names T-MARS pools by quality percentile", () => {
    expect(poolInfos(TMARS_IMAGENET).map((p) => [p.name, p.uniqueSamples])).toEqual([
      ["top 10%", 12.8e6],
      ["top 20%", 25.6e6],
      ["top 30%", 38.4e6],
      ["top 40%", 51.2e6],
    ]);
    expect(poolInfos(TMARS_IMAGENET)[1]!.bucketLabels).toBe("top 0–10% + top 10–20%");
  });
  it("falls back to bucket counts when percentiles are absent or not contiguous from 0", () => {
    const plain = { ...TMARS_IMAGENET, buckets: TMARS_IMAGENET.buckets.map((b, i) => ({ id: `q${i}`, size: b.size, b: b.b, tau: b.tau })) };
    expect(poolInfos(plain).map((p) => p.name)).toEqual(["top bucket", "top 2 buckets", "top 3 buckets", "top 4 buckets"]);
    const gap = { ...TMARS_IMAGENET, buckets: [TMARS_IMAGENET.buckets[0]!, TMARS_IMAGENET.buckets[2]!] };
    expect(poolInfos(gap).map((p) => p.name)).toEqual(["top bucket", "top 2 buckets"]);
    expect(poolInfos(syntheticModel({ buckets: 3, seed: 1 })).map((p) => p.name)).toEqual(["top 33.33%", "top 66.67%", "top 100%"]);
  });
  it("summarises a model", () => {
    expect(modelSummary(TMARS_IMAGENET)).toBe("4 buckets, 51.2M unique samples, utility law (reference)");
  });
});

describe("examples and synthetic data", () => {
  it("labels the paper model with its source and the illustration as synthetic", () => {
    expect(TMARS_IMAGENET.source?.citation).toContain("CVPR 2024, Fig. 4");
    expect(TMARS_IMAGENET.source?.synthetic).toBeUndefined();
    expect(TMARS_IMAGENET.buckets.map((b) => b.tau)).toEqual([37, 36, 22, 6].map((i) => 1 + (9 * i) / 99));
    expect(TMARS_ILLUSTRATION.source?.synthetic).toBe(true);
    expect(TMARS_ILLUSTRATION.name).toContain("synthetic");
    expect(TMARS_ILLUSTRATION.fit?.bootstrap?.draws).toHaveLength(200);
    expect(new Set(EXAMPLES.map((e) => e.id)).size).toBe(EXAMPLES.length);
  });
  it("is deterministic and valid", () => {
    expect(syntheticModel({ buckets: 10, seed: 3, draws: 5 })).toEqual(syntheticModel({ buckets: 10, seed: 3, draws: 5 }));
    expect(validateModel(syntheticModel({ buckets: 10, seed: 3, draws: 5 })).ok).toBe(true);
    expect(syntheticObservations(TMARS_IMAGENET, { seed: 2, noise: 0.01 })).toEqual(syntheticObservations(TMARS_IMAGENET, { seed: 2, noise: 0.01 }));
    expect(mulberry32(42)()).toBe(mulberry32(42)());
  });
});

describe("palette", () => {
  it("gives 32 distinguishable series styles, Okabe–Ito colours first", () => {
    const styles = Array.from({ length: 32 }, (_, i) => seriesStyle(i));
    expect(new Set(styles.map((s) => `${s.color}|${s.dash}`)).size).toBe(32);
    expect(styles.slice(0, 8).map((s) => s.color)).toEqual([...OKABE_ITO]);
    expect(styles.slice(0, 8).every((s) => s.dash === undefined)).toBe(true);
  });
});

describe("quantiles", () => {
  it.each([
    [[1, 2, 3, 4], 0.5, 2.5],
    [[1, 2, 3, 4], 0, 1],
    [[1, 2, 3, 4], 1, 4],
    [[1, 2, 3, 4, 5], 0.25, 2],
    [[7], 0.9, 7],
  ])("quantileSorted(%j, %d) = %d", (xs, p, q) => expect(quantileSorted(xs, p)).toBe(q));
  it("computes equal-tailed intervals ignoring non-finite values", () => {
    expect(centralInterval([5, 1, 4, 2, 3], 0.5)).toEqual({ low: 2, high: 4 });
    expect(centralInterval([Number.NaN, 2], 0.9)).toEqual({ low: 2, high: 2 });
    expect(centralInterval([], 0.9)).toBeUndefined();
    expect(Number.isNaN(quantileSorted([], 0.5))).toBe(true);
  });
});

describe("formatProblem", () => {
  it("writes file, line, column and path before the message", () => {
    expect(formatProblem({ file: "m.json", line: 3, column: 7, path: "task.a", message: "got 0" })).toBe("m.json line 3:7, task.a: got 0");
    expect(formatProblem({ path: "", message: "not JSON" })).toBe("not JSON");
    expect(formatProblem({ file: "f", path: "", message: "m" })).toBe("f: m");
  });
});
