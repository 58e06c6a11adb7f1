import { readFileSync } from "node:fs";
import { predictError } from "@qqt/core";
import { describe, expect, it } from "vitest";
import { parseModel, safeParseModel } from "./parseModel.js";
import { issuesOf, issueWith } from "./testing/helpers.js";
import type { ModelFileV1 } from "./types.js";
import { writeModel } from "./writeModel.js";

const TMARS_TEXT = readFileSync(new URL("../examples/tmars-paper/tmars-imagenet.model.json", import.meta.url), "utf8");
const file = "model.json";
const base = (): ModelFileV1 => ({
  format: "qqt.model/v1",
  law: { formulation: "utility", variant: "paper" },
  task: { a: 0.02, d: 0.1, normalizer: 100000 },
  buckets: [
    { id: "a", size: 12.8e6, b: -0.18, tau: 4.4 },
    { id: "b", size: 12.8e6, b: -0.15, tau: 4.2 },
  ],
});
const fitted = (): ModelFileV1 => ({
  ...base(),
  fit: {
    generator: "@qqt/fit 0.1.0",
    createdAt: "2024-06-01T12:00:00Z",
    loss: "sse",
    seed: 7,
    options: { share: ["tau"], fixed: { d: 0.1 } },
    observations: 10,
    sse: 1.5e-5,
    rmse: 0.0012,
    iterations: 31,
    converged: true,
    warnings: [{ code: "AT_BOUND", message: "tau of a is at its upper bound" }],
    standardErrors: { a: 0.001, buckets: [{ id: "a", b: 0.01, tau: 0.3 }, { id: "b", b: 0.02 }] },
    bootstrap: {
      method: "runs",
      samples: 2,
      seed: 9,
      confidence: 0.95,
      intervals: { a: { low: 0.018, high: 0.022 }, buckets: [{ id: "a", b: { low: -0.2, high: -0.16 } }] },
      draws: [
        { a: 0.019, d: 0.1, b: [-0.17, -0.14], tau: [4.1, 4.0] },
        { a: 0.021, d: 0.1, b: [-0.19, -0.16], tau: [4.6, 4.3] },
      ],
    },
  },
});

describe("parseModel: good models", () => {
  it("reads the tmars-paper example: the paper's parameters, tau exactly on the official grid", () => {
    const { data, summary } = parseModel(TMARS_TEXT, { file });
    expect(data.law).toEqual({ formulation: "utility", variant: "reference" });
    expect(data.task).toEqual({ a: 0.022, d: 0.1, normalizer: 100000 });
    expect(data.buckets.map((b) => [b.id, b.size, b.b, b.tau])).toEqual([
      ["top0-10", 12_800_000, -0.18, 1 + (9 * 37) / 99],
      ["top10-20", 12_800_000, -0.15, 1 + (9 * 36) / 99],
      ["top20-30", 12_800_000, -0.12, 1 + (9 * 22) / 99],
      ["top30-40", 12_800_000, -0.1, 1 + (9 * 6) / 99],
    ]);
    expect(summary.buckets.map((b) => b.observations)).toEqual([0, 0, 0, 0]);
  });

  it("is @qqt/core's Model as it is: the golden values of spec §6 with no conversion", () => {
    const { buckets, task, law } = parseModel(TMARS_TEXT).data;
    expect(predictError(buckets.slice(0, 1), task, 32e6, law)).toBeCloseTo(0.811987, 6);
    expect(predictError(buckets.slice(0, 2), task, 128e6, law)).toBeCloseTo(0.679157, 6);
    expect(predictError(buckets, task, 640e6, law)).toBeCloseTo(0.616552, 6);
  });

  it("the example file is exactly what writeModel writes (stable form)", () => {
    expect(writeModel(parseModel(TMARS_TEXT).data)).toBe(TMARS_TEXT);
  });

  it("round-trips a fitted model with bootstrap draws exactly", () => {
    const model = fitted();
    const text = writeModel(model);
    expect(parseModel(text).data).toEqual(model);
    expect(writeModel(parseModel(text).data)).toBe(text);
  });

  it("round-trips awkward numbers exactly (shortest round-trip decimal form)", () => {
    const model = base();
    model.task.a = 0.1 + 0.2;
    model.buckets[0]!.tau = 1 + 9 / 99;
    model.buckets[1]!.b = -1e-300;
    expect(parseModel(writeModel(model)).data).toEqual(model);
  });
});

describe("parseModel: candidates", () => {
  it("round-trip, and name only the model's buckets", () => {
    const model = { ...base(), candidates: [["b"], ["a"]] };
    expect(parseModel(writeModel(model)).data.candidates).toEqual([["b"], ["a"]]);
    const issue = issueWith(safeParseModel({ ...base(), candidates: [["a"], ["c"]] }, { file }), "UNKNOWN_BUCKET");
    expect(issue).toMatchObject({ file, field: "candidates[1][0]", message: 'bucket "c" is not in buckets' });
  });
});

describe("parseModel: bad models", () => {
  const parse = (m: unknown) => safeParseModel(JSON.stringify(m, null, 2), { file });

  it("a study file given as a model", () => {
    expect(issueWith(parse({ format: "qqt.study/v1" }), "UNKNOWN_FORMAT").suggestion).toContain("parseStudy");
  });

  it("reports every missing part", () => {
    expect(issuesOf(parse({ format: "qqt.model/v1" })).map((i) => [i.code, i.field])).toEqual([
      ["MISSING_FIELD", "law"],
      ["MISSING_FIELD", "task"],
      ["MISSING_FIELD", "buckets"],
    ]);
  });

  it("parameters outside the law's domain, each located", () => {
    const m = base() as unknown as { law: Record<string, unknown>; task: Record<string, unknown>; buckets: Array<Record<string, unknown>> };
    m.law.variant = "refrence";
    m.task.a = 0;
    m.task.d = -0.1;
    m.buckets[0]!.b = 0.1;
    m.buckets[1]!.tau = 0;
    m.buckets[1]!.id = "a";
    const issues = issuesOf(parse(m));
    expect(issues.map((i) => [i.code, i.field, i.line])).toEqual([
      ["INVALID_VALUE", "law.variant", 5],
      ["OUT_OF_RANGE", "task.a", 8],
      ["NEGATIVE_NUMBER", "task.d", 9],
      ["OUT_OF_RANGE", "buckets[0].b", 16],
      ["DUPLICATE_BUCKET", "buckets[1].id", 20],
      ["OUT_OF_RANGE", "buckets[1].tau", 23],
    ]);
    expect(issues[0]!.suggestion).toBe('did you mean "reference"?');
  });

  it("fit diagnostics: wrong types, unknown buckets, draws of the wrong length, reversed intervals", () => {
    const m = fitted() as unknown as { fit: Record<string, unknown> & { bootstrap: Record<string, unknown> & { draws: unknown[]; intervals: { buckets: unknown[] } }; standardErrors: { buckets: unknown[] } } };
    m.fit.converged = "yes";
    m.fit.iterations = 1.5;
    m.fit.createdAt = "yesterday";
    m.fit.standardErrors.buckets.push({ id: "zz", b: 0.1 });
    m.fit.bootstrap.draws.push({ a: 0.02, d: 0.1, b: [-0.1], tau: [1, 2] });
    m.fit.bootstrap.intervals.buckets.push({ id: "b", tau: { low: 5, high: 4 } });
    m.fit.bootstrap.confidence = 95;
    const fields = issuesOf(parse(m)).map((i) => `${i.code} ${i.field}`);
    expect(fields).toEqual([
      "INVALID_VALUE fit.createdAt",
      "OUT_OF_RANGE fit.iterations",
      "INVALID_TYPE fit.converged",
      "UNKNOWN_BUCKET fit.standardErrors.buckets[2].id",
      "OUT_OF_RANGE fit.bootstrap.confidence",
      "OUT_OF_RANGE fit.bootstrap.intervals.buckets[1].tau",
      "INVALID_VALUE fit.bootstrap.draws[2].b",
    ]);
  });

  it("writeModel refuses an invalid model", () => {
    const m = base();
    m.buckets[0]!.tau = Infinity;
    expect(() => writeModel(m)).toThrow(/buckets\[0\]\.tau is Infinity/);
  });
});

describe("parseModel: the fit's record (free parameters, coverage, noise, metric kind)", () => {
  const recorded = (): ModelFileV1 => {
    const m = fitted();
    m.metric = { name: "imagenet1k", kind: "1-accuracy" };
    m.fit!.freeParameters = 6;
    m.fit!.coverage = {
      samplesSeen: { low: 25.6e6, high: 128e6 },
      buckets: [
        { id: "a", runs: 5, maxPasses: 10 },
        { id: "b", runs: 5, maxPasses: 10 },
      ],
      pools: [
        { pool: ["a"], runs: 5, samplesSeen: { low: 25.6e6, high: 128e6 } },
        { pool: ["b"], runs: 5, samplesSeen: { low: 25.6e6, high: 128e6 } },
      ],
    };
    m.fit!.noise = { sd: 0.0016, degreesOfFreedom: 4, scale: "error", source: "residuals" };
    return m;
  };

  it("round-trips every field", () => {
    const m = recorded();
    expect(parseModel(writeModel(m), { file }).data).toEqual(m);
  });

  it.each([
    [(m: ModelFileV1) => void (m.metric!.kind = "percent" as never), "metric.kind"],
    [(m: ModelFileV1) => void (m.fit!.freeParameters = 2.5), "fit.freeParameters"],
    [(m: ModelFileV1) => void (m.fit!.coverage!.buckets[1]!.id = "zz"), "fit.coverage.buckets[1].id"],
    [(m: ModelFileV1) => void (m.fit!.coverage!.pools[0]!.pool = ["a", "nope"]), "fit.coverage.pools[0].pool[1]"],
    [(m: ModelFileV1) => void (m.fit!.coverage!.samplesSeen = { low: 2, high: 1 }), "fit.coverage.samplesSeen"],
    [(m: ModelFileV1) => void (m.fit!.noise!.degreesOfFreedom = 0), "fit.noise.degreesOfFreedom"],
    [(m: ModelFileV1) => void (m.fit!.noise!.scale = "linear" as never), "fit.noise.scale"],
  ])("locates a bad record field (%#: %s)", (mutate, field) => {
    const m = recorded();
    mutate(m);
    const issues = issuesOf(safeParseModel(JSON.stringify(m), { file }));
    expect(issues.map((i) => i.field)).toContain(field);
  });
});
