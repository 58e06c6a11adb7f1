import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { IssueDraft } from "../DataError.js";
import type { Study } from "../types.js";
import { Checker } from "./check.js";
import { checkStudy, studyLooksValid } from "./checkStudy.js";

// The fast predicate readers use must agree with the full study check on every study (duplicates aside).
const base = (): Study => ({
  format: "qqt.study/v1",
  metric: { name: "m", kind: "1-accuracy" },
  buckets: [
    { id: "a", size: 12.8e6 },
    { id: "b", size: 1e6 },
  ],
  observations: [
    { pool: ["a"], samplesSeen: 25.6e6, error: 0.8 },
    { pool: ["a", "b"], samplesSeen: 51.2e6, error: 0.7, weight: 2 },
  ],
});
const bad = fc.constantFrom(0, -1, NaN, Infinity, -Infinity, 1.5, 1e-300, "x", "", undefined);

describe("studyLooksValid agrees with checkStudy", () => {
  it("on studies with one value changed", () => {
    fc.assert(
      fc.property(fc.nat(7), fc.nat(1), bad, fc.constantFrom<"error" | "1-accuracy" | "loss">("error", "1-accuracy", "loss"), (which, k, value, kind) => {
        const s = base();
        s.metric!.kind = kind;
        const o = s.observations[k]! as unknown as Record<string, unknown>;
        const b = s.buckets[k]! as unknown as Record<string, unknown>;
        if (which === 0) o["samplesSeen"] = value;
        else if (which === 1) o["error"] = value;
        else if (which === 2) o["weight"] = value;
        else if (which === 3) b["size"] = value;
        else if (which === 4) b["id"] = value;
        else if (which === 5) o["pool"] = [value];
        else if (which === 6) o["pool"] = ["a", "a"];
        else o["pool"] = [];
        const drafts: IssueDraft[] = [];
        checkStudy(s, new Checker(drafts));
        const problems = drafts.filter((d) => d.code !== "DUPLICATE_OBSERVATION");
        expect(studyLooksValid(s)).toBe(problems.length === 0);
      }),
      { numRuns: 400, seed: 7 },
    );
  });
});
