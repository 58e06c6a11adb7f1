import { describe, expect, it } from "vitest";
import { extrapolationText, fitWarningSummary, formatFactor } from "./adviceText";

describe("the engine's answers in words", () => {
  it("writes factors as the engine's messages do", () => {
    expect(formatFactor(48.828125)).toBe("48.8");
    expect(formatFactor(156.25)).toBe("156");
    expect(formatFactor(1.5625)).toBe("1.56");
  });

  it("says how far an answer is from the fitted runs, from the engine's extrapolation", () => {
    const fitted = { low: 25.6e6, high: 409.6e6 };
    expect(extrapolationText({ factor: 1, samplesSeenFactor: 1, side: "inside", fitted, passes: 5, maxFittedPasses: 10, passesFactor: 1, bucket: "top10-20" }, "top 20%")).toBe(
      "Within the fitted runs (25.6M–410M samples seen; top 20% makes 5.0 passes, within the 10 fitted runs made over top10-20).",
    );
    expect(
      extrapolationText({ factor: 52.1, samplesSeenFactor: 48.828125, side: "above", fitted, passes: 520.8, maxFittedPasses: 10, passesFactor: 52.08, bucket: "top20-30" }, "top 30%"),
    ).toBe(
      "×52.1 beyond the fitted runs (25.6M–410M samples seen): the budget is 48.8× the largest fitted run (410M); top 30% makes 521 passes, the most any fitted run made over top20-30 is 10. Beyond 3× this is an extrapolation: the law's form, not only its parameters, is trusted there.",
    );
    expect(extrapolationText({ factor: 2, samplesSeenFactor: 2, side: "below", fitted, passes: 1 }, "top 10%")).toBe(
      "×2 beyond the fitted runs (25.6M–410M samples seen): the budget is 2× below the smallest fitted run (25.6M).",
    );
  });

  it("lists the fit's warnings once per code, in plain words", () => {
    expect(
      fitWarningSummary([
        { code: "NOT_IDENTIFIABLE", message: "4 observations for 10 free parameters" },
        { code: "NOT_IDENTIFIABLE", message: "the loss does not depend on d at the optimum" },
        { code: "NO_STANDARD_ERRORS", message: "no residual degrees of freedom" },
      ]),
    ).toEqual([
      { code: "NOT_IDENTIFIABLE", count: 2, headline: "The runs cannot pin down every parameter" },
      { code: "NO_STANDARD_ERRORS", count: 1, headline: "No standard errors" },
    ]);
  });
});
