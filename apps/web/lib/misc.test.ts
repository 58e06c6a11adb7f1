import { describe, expect, it } from "vitest";
import { formatProblem, problemFromIssue, problemLocation } from "./AdvisorError";
import { TMARS as TMARS_IMAGENET } from "./testing/fixtures";
import { modelSummary } from "./model";
import { readModel } from "./modelFile";
import { OKABE_ITO, seriesStyle } from "./palette";
import { syntheticModel, syntheticObservations } from "./synthetic";

describe("model summary", () => {
  it("summarises a model", () => {
    expect(modelSummary(TMARS_IMAGENET)).toBe("4 buckets, 51.2M unique samples, utility law (reference)");
  });
});

describe("synthetic data", () => {
  it("is deterministic, marked synthetic, and valid for @qqt/data", () => {
    expect(syntheticModel({ buckets: 10, seed: 3, draws: 5 })).toEqual(syntheticModel({ buckets: 10, seed: 3, draws: 5 }));
    expect(syntheticModel({ buckets: 10, seed: 3 }).source?.synthetic).toBe(true);
    expect(readModel(syntheticModel({ buckets: 10, seed: 3, draws: 5 }), "synthetic.json").ok).toBe(true);
    expect(syntheticObservations(TMARS_IMAGENET, { seed: 2, noise: 0.01 })).toEqual(syntheticObservations(TMARS_IMAGENET, { seed: 2, noise: 0.01 }));
  });
  it("is the same data as before it used @qqt/core's seeded RNG (values pinned from the web's own former mulberry32)", () => {
    const m = syntheticModel({ buckets: 10, seed: 10, draws: 3 });
    expect(m.buckets[0]!.b).toBe(-0.20615376674300157);
    expect(m.buckets[9]!.tau).toBe(1.4464557103313103);
    expect(m.fit!.bootstrap!.draws[2]!.a).toBe(0.020785146839097428);
    expect(syntheticObservations(TMARS_IMAGENET, { seed: 2, noise: 0.005 })[7]!.error).toBe(0.7960345367292959);
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

describe("formatProblem", () => {
  it("writes file, line, column and path before the message", () => {
    expect(formatProblem({ file: "m.json", line: 3, column: 7, path: "task.a", message: "got 0" })).toBe("m.json line 3:7, task.a: got 0");
    expect(formatProblem({ path: "", message: "not JSON" })).toBe("not JSON");
    expect(formatProblem({ file: "f", path: "", message: "m" })).toBe("f: m");
  });
  it("adds the expected value and the suggestion of @qqt/data's issues", () => {
    const problem = problemFromIssue({
      code: "MISSING_COLUMN",
      file: "runs.csv",
      line: 1,
      field: "samples_seen",
      message: "column `samples_seen` is missing",
      expected: "a samples_seen column",
      suggestion: "rename `samples` to `samples_seen`",
    });
    expect(problem).toEqual({
      file: "runs.csv",
      line: 1,
      path: "samples_seen",
      message: "column `samples_seen` is missing",
      expected: "a samples_seen column",
      suggestion: "rename `samples` to `samples_seen`",
      code: "MISSING_COLUMN",
    });
    expect(formatProblem(problem)).toBe(
      "runs.csv line 1, samples_seen: column `samples_seen` is missing. Expected a samples_seen column. Rename `samples` to `samples_seen`.",
    );
    expect(problemLocation(problem)).toBe("runs.csv line 1");
    expect(problemFromIssue({ code: "INVALID_JSON", file: "<input>", message: "m", suggestion: "" })).toEqual({ path: "", message: "m", code: "INVALID_JSON" });
  });
});
