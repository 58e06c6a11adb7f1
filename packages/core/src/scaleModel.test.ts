import { describe, expect, it } from "vitest";
import { adviceEngine } from "./adviceEngine.js";
import { CoreError } from "./CoreError.js";
import { scaleModel } from "./scaleModel.js";
import { fittedModel } from "./testing/fittedModel.js";

describe("scaleModel", () => {
  it("multiplies every bucket's size and keeps the parameters, draws and record", () => {
    const model = fittedModel();
    const scaled = scaleModel(model, 10);
    expect(scaled.buckets.map((b) => b.size)).toEqual(model.buckets.map((b) => b.size * 10));
    expect(scaled.buckets.map((b) => [b.b, b.tau])).toEqual(model.buckets.map((b) => [b.b, b.tau]));
    expect(scaled.task).toEqual(model.task);
    expect(scaled.fit).toBe(model.fit);
    expect(scaled.name).toBe("T-MARS (test fit) (pool ×10)");
    expect(model.buckets[0]!.size).toBe(12.8e6); // the input is not changed
  });

  it("answers with the same passes at 10× the budget, and says how far that is from the runs", () => {
    const model = fittedModel();
    const small = adviceEngine(model).advise(64e6);
    const large = adviceEngine(scaleModel(model, 10)).advise(640e6);
    // Each pool makes the same passes (the best pool may differ: the first pass sees 10× the samples).
    large.candidates.forEach((c, i) => expect(c.passes).toBeCloseTo(small.candidates[i]!.passes, 12));
    // The runs were at 25.6M–128M samples seen: 640M is 5× beyond them, even though the passes are within.
    expect(large.extrapolation!.samplesSeenFactor).toBeCloseTo(5, 12);
    expect(large.warnings.map((w) => w.code)).toContain("EXTRAPOLATION");
  });

  it.each([0, -2, Infinity, NaN])("refuses the factor %d", (factor) => {
    expect(() => scaleModel(fittedModel(), factor)).toThrow(CoreError);
  });
});
