import { PLAN_TOLERANCE } from "@qqt/fit";
import { describe, expect, it } from "vitest";
import { practicalTie } from "./practicalTie";

const NAMES = ["top 10%", "top 20%", "top 30%", "top 40%"];

describe("practicalTie", () => {
  it("uses @qqt/fit's PLAN_TOLERANCE", () => {
    expect(PLAN_TOLERANCE).toBe(0.002);
    expect(practicalTie([0.7, 0.61, 0.6, 0.6017], NAMES, 2)?.tolerance).toBe(PLAN_TOLERANCE);
  });

  it.each([
    // The 10B case: top 30% beats top 40% by 0.0017 → a tie.
    { errors: [0.7, 0.61, 0.6, 0.6017], best: 2, names: ["top 30%", "top 40%"], text: "top 30% or top 40%: within 0.002, any of them" },
    // Three pools within the tolerance, best first then by error.
    { errors: [0.6019, 0.6005, 0.6, 0.7], best: 2, names: ["top 30%", "top 20%", "top 10%"], text: "top 30%, top 20% or top 10%: within 0.002, any of them" },
    // Exactly the tolerance apart is not a tie (strictly less than).
    { errors: [0.7, 0.602, 0.6, 0.65], best: 2, names: undefined, text: undefined },
    // A 0.02 margin is a clear win.
    { errors: [0.7, 0.62, 0.6, 0.65], best: 2, names: undefined, text: undefined },
  ])("$errors (best $best) → $text", ({ errors, best, names, text }) => {
    const tie = practicalTie(errors, NAMES, best);
    expect(tie?.names).toEqual(names);
    expect(tie?.text).toBe(text);
  });

  it("a single candidate, a NaN error and a non-positive tolerance give no tie", () => {
    expect(practicalTie([0.6], ["top 10%"], 0)).toBeUndefined();
    expect(practicalTie([0.6, Number.NaN], ["a", "b"], 0)).toBeUndefined();
    expect(practicalTie([0.6, 0.6001], ["a", "b"], 0, 0)).toBeUndefined();
    expect(practicalTie([0.6, 0.6001], ["a", "b"], 0, 0.001)?.text).toBe("a or b: within 0.001, any of them");
  });
});
