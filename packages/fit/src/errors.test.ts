import { describe, expect, it } from "vitest";
import { bootstrap } from "./bootstrap.js";
import { fit } from "./fit.js";
import { FitError, type FitErrorCode } from "./FitError.js";
import { referenceGridSearch } from "./referenceGridSearch.js";
import { nestedDesign, paperDesign, TRUE_BUCKETS } from "./testing/synthetic.js";
import type { FitInput, FitOptions } from "./types.js";

const good = paperDesign({ buckets: TRUE_BUCKETS.slice(0, 2) });
const withObs = (patch: (input: FitInput) => void): FitInput => {
  const input = structuredClone(good);
  patch(input);
  return input;
};

function codeOf(run: () => unknown): { code: FitErrorCode; path: string; message: string } {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(FitError);
    const err = e as FitError;
    return { code: err.code, path: err.path, message: err.message };
  }
  throw new Error("expected a FitError");
}

// Every code, with the field it names and the hint in its message.
const CASES: Array<[string, FitErrorCode, () => unknown, string | RegExp]> = [
  ["no observations", "INSUFFICIENT_DATA", () => fit({ buckets: good.buckets, observations: [] }), "observations"],
  ["one observation", "INSUFFICIENT_DATA", () => fit({ buckets: good.buckets, observations: good.observations.slice(0, 1) }), /at least 2 runs/],
  ["bucket without runs", "INSUFFICIENT_DATA", () => fit({ ...good, buckets: [...good.buckets, { id: "idle", size: 1e6 }] }), /"idle" is in no observation's pool/],
  ["unknown bucket in a pool", "UNKNOWN_BUCKET", () => fit(withObs((i) => (i.observations[3]!.pool = ["top0-10", "top90-100"]))), "observations[3].pool[1]"],
  ["unknown bucket in fixed", "UNKNOWN_BUCKET", () => fit(good, { fixed: { tau: { nope: 2 } } }), "options.fixed.tau.nope"],
  ["duplicate bucket id", "INVALID_BUCKET", () => fit({ ...good, buckets: [good.buckets[0]!, good.buckets[0]!] }), "buckets[1].id"],
  ["bucket size 0", "INVALID_BUCKET", () => fit({ ...good, buckets: [{ id: "top0-10", size: 0 }, good.buckets[1]!] }), "buckets[0].size"],
  ["NaN error", "INVALID_OBSERVATION", () => fit(withObs((i) => (i.observations[2]!.error = NaN))), "observations[2].error"],
  ["negative error", "INVALID_OBSERVATION", () => fit(withObs((i) => (i.observations[2]!.error = -0.1))), "observations[2].error"],
  ["zero error with the log loss", "INVALID_OBSERVATION", () => fit(withObs((i) => (i.observations[0]!.error = 0)), { loss: "huber-log" }), /huber-log/],
  ["samplesSeen 0", "INVALID_OBSERVATION", () => fit(withObs((i) => (i.observations[1]!.samplesSeen = 0))), "observations[1].samplesSeen"],
  ["empty pool", "INVALID_OBSERVATION", () => fit(withObs((i) => (i.observations[1]!.pool = []))), "observations[1].pool"],
  ["bucket twice in a pool", "INVALID_OBSERVATION", () => fit(withObs((i) => (i.observations[1]!.pool = ["top0-10", "top0-10"]))), /appears twice/],
  ["weight 0", "INVALID_OBSERVATION", () => fit(withObs((i) => (i.observations[4]!.weight = 0))), "observations[4].weight"],
  ["min above max", "INVALID_BOUNDS", () => fit(good, { bounds: { tau: { min: 5, max: 2 } } }), "options.bounds.tau"],
  ["positive b bound", "INVALID_BOUNDS", () => fit(good, { bounds: { b: { max: 0.1 } } }), "options.bounds.b.max"],
  ["negative d bound", "INVALID_BOUNDS", () => fit(good, { bounds: { d: { min: -1 } } }), "options.bounds.d.min"],
  ["infinite a bound", "INVALID_BOUNDS", () => fit(good, { bounds: { a: { max: Infinity } } }), "options.bounds.a.max"],
  ["bad law", "INVALID_OPTION", () => fit(good, { law: { variant: "official" as "paper" } }), "options.law"],
  ["bad share", "INVALID_OPTION", () => fit(good, { share: ["a" as "b"] }), "options.share"],
  ["bad seed", "INVALID_OPTION", () => fit(good, { seed: -1 }), "options.seed"],
  ["bad loss", "INVALID_OPTION", () => fit(good, { loss: "l1" as "sse" }), "options.loss"],
  ["positive fixed b", "INVALID_OPTION", () => fit(good, { fixed: { b: 0.2 } }), "options.fixed.b"],
  ["fixed d above every observed error", "INVALID_OPTION", () => fit(good, { fixed: { d: 5 } }), /cannot exceed an observed error/],
  ["fixed tau outside its bounds", "INVALID_OPTION", () => fit(good, { fixed: { tau: 50 }, bounds: { tau: { max: 20 } } }), "options.fixed.tau.top0-10"],
  ["shared b fixed per bucket", "INVALID_OPTION", () => fit(good, { share: ["b"], fixed: { b: { "top0-10": -0.1 } } }), /single number/],
  ["no global stage and no start", "INVALID_OPTION", () => fit(good, { globalStage: "none" }), "options.initial"],
  ["zero iterations", "INVALID_OPTION", () => fit(good, { maxIterations: 0 }), "options.maxIterations"],
  ["grid on pooled runs", "UNSUPPORTED", () => referenceGridSearch(nestedDesign({ buckets: TRUE_BUCKETS.slice(0, 2) })), "observations"],
  ["strict and too few iterations", "NOT_CONVERGED", () => fit(paperDesign({ noise: 0.01 }), { strict: true, maxIterations: 1 } as FitOptions), "options.maxIterations"],
];

describe("FitError", () => {
  for (const [name, code, run, where] of CASES) {
    it(`${code}: ${name}`, () => {
      const err = codeOf(run);
      expect(err.code).toBe(code);
      if (typeof where === "string") expect(err.path).toBe(where);
      else expect(err.message).toMatch(where);
      expect(err.message.length).toBeGreaterThan(20);
    });
  }

  it("ABORTED: a signal that has already fired stops the bootstrap before any refit", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(bootstrap(good, { samples: 10, signal: controller.signal })).rejects.toMatchObject({
      code: "ABORTED",
      path: "options.signal",
    });
  });

  it("without strict, non-convergence is a warning and the result still has finite parameters", () => {
    const result = fit(paperDesign({ noise: 0.01 }), { maxIterations: 1 });
    expect(result.converged).toBe(false);
    expect(result.warnings.map((w) => w.code)).toContain("NOT_CONVERGED");
    expect([result.task.a, result.task.d, ...result.buckets.flatMap((b) => [b.b, b.tau])].every(Number.isFinite)).toBe(true);
  });

  it("covers every code of the union", () => {
    const codes = new Set<string>([...CASES.map((c) => c[1]), "ABORTED"]);
    const all: FitErrorCode[] = [
      "INSUFFICIENT_DATA",
      "UNKNOWN_BUCKET",
      "INVALID_BUCKET",
      "INVALID_OBSERVATION",
      "INVALID_BOUNDS",
      "INVALID_OPTION",
      "UNSUPPORTED",
      "NOT_CONVERGED",
      "ABORTED",
    ];
    expect([...codes].sort()).toEqual([...all].sort());
  });
});

describe("issue 17: only FitErrors, held-out runs checked, no Infinity", () => {
  it("planNextRuns refuses a model core cannot evaluate with a FitError naming the field", async () => {
    const { planNextRuns } = await import("./plan.js");
    const { pointModel } = await import("./toModelFile.js");
    const model = pointModel(fit(good));
    const broken = { ...model, buckets: model.buckets.map((b, i) => (i === 0 ? { ...b, tau: 1e300 } : b)) };
    expect(() => planNextRuns(broken, [1e9])).toThrow(expect.objectContaining({ name: "FitError", code: "INVALID_BUCKET", path: "model.buckets[0].tau" }));
  });

  it("holdout checks a held-out run as the fit would: a NaN weight there is refused, not a NaN summary", async () => {
    const { holdout } = await import("./holdout.js");
    const input = structuredClone(good);
    const last = input.observations.length - 1;
    (input.observations[last] as { weight?: number }).weight = NaN;
    const until = Math.min(...input.observations.map((o) => o.samplesSeen)) * 1.5;
    await expect(holdout(input, { fitUntil: until })).rejects.toMatchObject({ name: "FitError", code: "INVALID_OBSERVATION", path: `observations[${last}].weight` });
  });

  it("a held-out run with error 0 has no relative error rather than Infinity", async () => {
    const { holdout } = await import("./holdout.js");
    const input = structuredClone(good);
    const largest = Math.max(...input.observations.map((o) => o.samplesSeen));
    const held = input.observations.map((o, j) => ({ o, j })).filter(({ o }) => o.samplesSeen === largest);
    for (const { o } of held) (o as { error: number }).error = 0;
    const { predictions, summary } = await holdout(input, { fitUntil: largest * 0.99 });
    expect(predictions.length).toBe(held.length);
    for (const p of predictions) {
      expect(p.relativeError).toBeUndefined();
      expect(p.absoluteError).toBeGreaterThan(0);
    }
    expect(summary.meanRelativeError).toBeUndefined();
    expect(Number.isFinite(summary.meanAbsoluteError)).toBe(true);
  });

  it("bounds outside core's LAW_DOMAIN are a FitError INVALID_BOUNDS", () => {
    expect(() => fit(good, { bounds: { b: { min: -1000 } } })).toThrow(expect.objectContaining({ name: "FitError", code: "INVALID_BOUNDS", path: "options.bounds.b.min" }));
    expect(() => fit(good, { bounds: { tau: { max: 1e13 } } })).toThrow(expect.objectContaining({ code: "INVALID_BOUNDS", path: "options.bounds.tau.max" }));
  });

  it("null is not a default: options set to null are refused with their path (found by the fuzz suite)", async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ loss: null }, "options.loss"],
      [{ huberDelta: null }, "options.huberDelta"],
      [{ normalizer: null }, "options.normalizer"],
      [{ tolerance: null }, "options.tolerance"],
      [{ globalStage: null }, "options.globalStage"],
      [{ strict: null }, "options.strict"],
    ];
    for (const [options, path] of cases) {
      expect(() => fit(good, options as FitOptions)).toThrow(expect.objectContaining({ name: "FitError", code: "INVALID_OPTION", path }));
    }
    // A run weight of null, which @qqt/data refuses in a study file, is refused by the fit too (found at 10^3 cases).
    const nullWeight = withObs((input) => ((input.observations[0] as { weight?: unknown }).weight = null));
    expect(() => fit(nullWeight)).toThrow(expect.objectContaining({ code: "INVALID_OBSERVATION", path: "observations[0].weight" }));
    await expect(bootstrap(good, { samples: 4, fit: null } as never)).rejects.toMatchObject({ code: "INVALID_OPTION", path: "options.fit" });
    const { planNextRuns } = await import("./plan.js");
    const { pointModel } = await import("./toModelFile.js");
    const model = pointModel(fit(good));
    expect(() => planNextRuns(model, [1e9], undefined, { next: null } as never)).toThrow(expect.objectContaining({ code: "INVALID_OPTION", path: "options.next" }));
    expect(() => planNextRuns(model, [1e9], undefined, { studyBudgets: "1e9" } as never)).toThrow(expect.objectContaining({ code: "INVALID_OPTION", path: "options.studyBudgets" }));
    expect(() => planNextRuns(model, [1e9], undefined, { shareTau: "yes" } as never)).toThrow(expect.objectContaining({ code: "INVALID_OPTION", path: "options.shareTau" }));
    expect(() => planNextRuns(model, [1e9], "all" as never)).toThrow(expect.objectContaining({ code: "INVALID_OPTION", path: "candidates" }));
  });
});
