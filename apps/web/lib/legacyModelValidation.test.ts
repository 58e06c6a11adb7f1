/* eslint-disable @typescript-eslint/no-explicit-any -- these tests mutate parsed JSON into invalid shapes on purpose */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { validateModel } from "./legacyModelValidation";
import { TMARS as TMARS_IMAGENET } from "./testing/fixtures";
import { syntheticModel, withSyntheticDraws } from "./synthetic";

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

describe("validateModel accepts valid models", () => {
  it("accepts the paper's T-MARS model of @qqt/data unchanged", () => {
    const r = validateModel(clone(TMARS_IMAGENET));
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value).toEqual(TMARS_IMAGENET);
  });

  it("accepts a 10-bucket model with 300 draws and drops unknown fields", () => {
    const model = withSyntheticDraws(syntheticModel({ buckets: 10, seed: 4 }), { count: 300, seed: 9 });
    const r = validateModel({ ...clone(model), extra: { x: 1 } });
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value).toEqual(model);
      expect("extra" in r.value).toBe(false);
    }
  });
});

describe("validateModel reports field-level problems", () => {
  const cases: ReadonlyArray<[string, (m: Record<string, any>) => void, string, string]> = [
    ["a wrong format tag", (m) => (m.format = "qqt.model/v2"), "format", 'got "qqt.model/v2"; expected "qqt.model/v1"'],
    ["a study file", (m) => (m.format = "qqt.study/v1"), "format", "this is a study file"],
    ["a missing law", (m) => delete m.law, "law", "got nothing (the field is missing); expected an object"],
    ["an unknown variant", (m) => (m.law.variant = "official"), "law.variant", 'expected one of "paper", "reference"'],
    ["a = 0", (m) => (m.task.a = 0), "task.a", "got 0; expected a finite sample-count scale > 0"],
    ["d < 0", (m) => (m.task.d = -0.1), "task.d", "expected a finite irreducible error >= 0"],
    ["a string normalizer", (m) => (m.task.normalizer = "1e5"), "task.normalizer", 'got "1e5"; expected a finite number > 0'],
    ["no buckets", (m) => (m.buckets = []), "buckets", "got an empty array; expected at least one bucket"],
    ["a positive b", (m) => (m.buckets[1].b = 0.15), "buckets[1].b", "got 0.15; expected a finite utility exponent < 0"],
    ["a null tau", (m) => (m.buckets[2].tau = null), "buckets[2].tau", "got null; expected a finite half-life in repetitions > 0"],
    ["a zero size", (m) => (m.buckets[0].size = 0), "buckets[0].size", "expected a finite number of unique samples > 0"],
    ["a duplicate id", (m) => (m.buckets[3].id = "top0-10"), "buckets[3].id", "already used by buckets[0]"],
    ["an empty id", (m) => (m.buckets[0].id = ""), "buckets[0].id", "expected a non-empty string"],
    ["a numeric label", (m) => (m.buckets[0].label = 5), "buckets[0].label", "got 5; expected a string"],
    ["a non-boolean synthetic flag", (m) => (m.source.synthetic = "yes"), "source.synthetic", "expected true or false"],
  ];
  it.each(cases)("reports %s at its path", (_, mutate, path, message) => {
    const m = clone(TMARS_IMAGENET) as unknown as Record<string, any>;
    mutate(m);
    const r = validateModel(m);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe("INVALID_MODEL");
    const problem = r.error.problems.find((p) => p.path === path);
    expect(problem?.message).toContain(message);
  });

  it("reports every problem at once, not only the first", () => {
    const m = clone(TMARS_IMAGENET) as unknown as Record<string, any>;
    m.task.a = -1;
    m.buckets[0].b = 1;
    m.buckets[3].tau = "long";
    const r = validateModel(m);
    expect(!r.ok && r.error.problems.map((p) => p.path)).toEqual(["task.a", "buckets[0].b", "buckets[3].tau"]);
    expect(!r.ok && r.error.message).toBe("The model is not a valid qqt.model/v1 model: 3 problems found.");
  });

  it("checks that every bootstrap draw has one b and one tau per bucket", () => {
    const m = clone(withSyntheticDraws(TMARS_IMAGENET, { count: 3, seed: 1 })) as unknown as Record<string, any>;
    m.fit.bootstrap.draws[1].b.pop();
    m.fit.bootstrap.draws[2].tau[0] = -2;
    m.fit.bootstrap.confidence = 95;
    const r = validateModel(m);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const byPath = Object.fromEntries(r.error.problems.map((p) => [p.path, p.message]));
    expect(byPath["fit.bootstrap.draws[1].b"]).toContain('got 3 values; expected 4, one per bucket in the order of "buckets"');
    expect(byPath["fit.bootstrap.draws[2].tau[0]"]).toContain("got -2; expected a finite half-life > 0");
    expect(byPath["fit.bootstrap.confidence"]).toContain("expected a level between 0 and 1");
  });

  it("checks the fit record's required fields", () => {
    const m = clone(withSyntheticDraws(TMARS_IMAGENET, { count: 1, seed: 1 })) as unknown as Record<string, any>;
    delete m.fit.loss;
    m.fit.iterations = 2.5;
    m.fit.warnings = [{ code: "X" }];
    const r = validateModel(m);
    const paths = !r.ok ? r.error.problems.map((p) => p.path) : [];
    expect(paths).toEqual(expect.arrayContaining(["fit.loss", "fit.iterations", "fit.warnings[0].message"]));
  });

  it("rejects non-objects without throwing", () => {
    for (const value of [null, 5, "model", [], undefined]) {
      const r = validateModel(value);
      expect(!r.ok && r.error.problems[0]?.path).toBe("");
    }
  });

  it("never throws on arbitrary JSON values (property)", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const r = validateModel(value);
        expect(typeof r.ok).toBe("boolean");
      }),
    );
  });

  it("never throws on randomly damaged versions of a valid model (property)", () => {
    const paths: Array<(m: any) => [any, string]> = [
      (m) => [m, "format"],
      (m) => [m.task, "a"],
      (m) => [m.task, "d"],
      (m) => [m.law, "variant"],
      (m) => [m.buckets[0], "b"],
      (m) => [m.buckets[1], "tau"],
      (m) => [m.buckets[2], "id"],
      (m) => [m.fit.bootstrap.draws[0], "b"],
      (m) => [m.fit.bootstrap, "draws"],
    ];
    const base = withSyntheticDraws(TMARS_IMAGENET, { count: 2, seed: 1 });
    fc.assert(
      fc.property(fc.nat({ max: paths.length - 1 }), fc.jsonValue(), (i, value) => {
        const m = clone(base);
        const [target, key] = paths[i]!(m);
        target[key] = value;
        const r = validateModel(m);
        if (r.ok) expect(r.value.buckets).toHaveLength(4);
        else expect(r.error.problems.length).toBeGreaterThan(0);
      }),
    );
  });
});
