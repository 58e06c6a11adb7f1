import { describe, expect, it } from "vitest";
import { compileAdvisor } from "./advisor";
import { crossoverRows } from "./crossoverTable";
import { exportNotes } from "./exportNotes";
import { TMARS, TMARS_WITH_DRAWS } from "./testing/fixtures";

const RANGE = { min: 1e7, max: 1e11 };

describe("exportNotes", () => {
  it("names the model, the metric and every crossover of the paper model", () => {
    const advisor = compileAdvisor(TMARS);
    expect(exportNotes(TMARS, crossoverRows(advisor.crossovers(RANGE), advisor.pools))).toEqual([
      "Model: T-MARS ImageNet (paper parameters)",
      "Metric: imagenet1k error — ImageNet zero-shot top-1 error (1 − acc1)",
      "Best pool changes at 49.3M: top 10% → top 20%",
      "Best pool changes at 440M: top 20% → top 30%",
    ]);
  });

  it("carries the crossovers' intervals, and says when there is none or nothing to list", () => {
    const advisor = compileAdvisor(TMARS_WITH_DRAWS);
    const notes = exportNotes(TMARS_WITH_DRAWS, crossoverRows(advisor.crossovers(RANGE, { intervals: true }), advisor.pools));
    expect(notes[0]).toBe("Model: T-MARS with synthetic draws (tests)");
    expect(notes[2]).toMatch(/^Best pool changes at 49\.\dM: top 10% → top 20% \(95% interval [\d.]+M–[\d.]+M\)$/);
    expect(exportNotes({ metric: { name: "val", kind: "loss" } }, [])).toEqual(["Model: unnamed model", "Metric: val loss", "The same pool is best over the whole range shown."]);
    expect(exportNotes({ name: "x" }, undefined)).toEqual(["Model: x", "Metric: error"]);
  });
});
