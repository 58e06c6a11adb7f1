import { fit } from "@qqt/fit";
import { describe, expect, it } from "vitest";
import { explainWarning, fitErrorHeadline, parameterInWords } from "./fitWarnings";

describe("fit warnings in plain words", () => {
  it.each([
    ["a", "the sample-count scale a"],
    ["d", "the irreducible error d"],
    ["b", "the shared utility exponent b"],
    ["tau", "the shared half-life tau"],
    ["b[top0-10]", "the utility exponent b of bucket top0-10"],
    ["tau[LAION-2B]", "the half-life tau of bucket LAION-2B"],
    ["theta", "theta"],
  ])("names %s as %s", (name, words) => expect(parameterInWords(name)).toBe(words));

  // The messages below are @qqt/fit's, as its diagnostics write them (packages/fit/src/diagnostics.ts).
  it.each([
    [
      "AT_BOUND",
      "d = 0 is on or near its lower bound 0; widen options.bounds.d or fix the parameter if this is not intended.",
      "A parameter hit the edge of its range",
      "The fit pushed the irreducible error d to the edge of its allowed range (0, its lower limit 0). The best fit may lie beyond it, so this value is a limit rather than an estimate. If that is unexpected, fix the parameter to a value you trust.",
    ],
    [
      "NOT_IDENTIFIABLE",
      "6 observations for 8 free parameters: the fit cannot pin them all down; add runs, share parameters (options.share) or fix some (options.fixed).",
      "The runs cannot pin down every parameter",
      "There are 6 runs for 8 unknown parameters, so the runs cannot determine them all. Individual parameter values are not meaningful; predictions close to the measured budgets can still be fine, but extrapolations are guesses. Add runs at other budgets or pools, share b or tau across buckets, or fix a parameter.",
    ],
    [
      "NOT_IDENTIFIABLE",
      "the loss does not depend on tau[top30-40] at the optimum (zero Jacobian column); fix it or add runs that involve it.",
      "The runs cannot pin down every parameter",
      "No run tells anything about the half-life tau of bucket top30-40. Individual parameter values are not meaningful; predictions close to the measured budgets can still be fine, but extrapolations are guesses. Add runs at other budgets or pools, share b or tau across buckets, or fix a parameter.",
    ],
    [
      "NOT_IDENTIFIABLE",
      "flat direction in JᵀJ (eigenvalue ratio 1.2e-13): a, d, b[top0-10] can trade off against each other without changing the fit; share or fix one of them, or add runs at other budgets.",
      "The runs cannot pin down every parameter",
      "Changing the sample-count scale a, the irreducible error d and the utility exponent b of bucket top0-10 together fits the runs equally well, so the runs cannot tell them apart. Individual parameter values are not meaningful; predictions close to the measured budgets can still be fine, but extrapolations are guesses. Add runs at other budgets or pools, share b or tau across buckets, or fix a parameter.",
    ],
    [
      "WEAK_ESTIMATE",
      "the data barely pin down a = 0.0007113 ± 0.0005 (70%), b = -0.8145 ± 0.6 (74%); predictions may still be good, but read these values with their bootstrap intervals, or add runs at more distant budgets.",
      "Some parameters are only loosely pinned down",
      "The runs determine the sample-count scale a and the shared utility exponent b only roughly: the standard error is more than half the value. This is typical of a few budgets close together, where a, d and b can compensate for each other. Predictions may still be good; read them with the bootstrap intervals and bands rather than as single numbers, or add runs at more distant budgets.",
    ],
    [
      "NO_STANDARD_ERRORS",
      "no residual degrees of freedom (8 observations, 8 free parameters): standard errors are not available.",
      "No standard errors",
      "There are no more runs than unknown parameters, so the fit passes through the runs exactly and nothing measures its error. Standard errors are not available; add runs or share or fix parameters.",
    ],
    [
      "NO_STANDARD_ERRORS",
      "JᵀJ is singular at the optimum: standard errors are not available (see NOT_IDENTIFIABLE).",
      "No standard errors",
      "Some parameters trade off against each other, so standard errors cannot be computed. Use the bootstrap intervals instead, or share or fix parameters.",
    ],
    [
      "NOT_CONVERGED",
      "the polish stopped after 1000 iterations before the relative stopping rule held; the result may not be a minimum (raise options.maxIterations).",
      "The optimizer did not finish",
      "The optimizer stopped after 1000 iterations before it was sure it had found the best fit, so the parameters may not be the best possible. Try another seed, fewer free parameters (share or fix some), or check the runs for mistakes.",
    ],
    [
      "BOOTSTRAP_FAILURES",
      "3 of 200 refits failed and were left out (first failure: INSUFFICIENT_DATA); intervals use the 197 others.",
      "Some bootstrap refits failed",
      "3 of 200 bootstrap refits could not be fitted and were left out; the intervals, bands and probabilities use the 197 others. Many failures mean the data are fragile: with few runs per pool, prefer the residual bootstrap.",
    ],
  ])("explains %s: %s", (code, message, headline, text) => {
    expect(explainWarning({ code, message })).toEqual({ code, headline, text, detail: message });
  });

  it("keeps an unknown code's own message", () => {
    expect(explainWarning({ code: "SOMETHING_NEW", message: "m" })).toEqual({ code: "SOMETHING_NEW", headline: "something new", text: "m", detail: "m" });
  });

  it("explains the warnings @qqt/fit really raises on too few runs", () => {
    // Two buckets, two budgets each: 4 runs for 6 free parameters.
    const result = fit(
      {
        buckets: [
          { id: "x", size: 12.8e6 },
          { id: "y", size: 12.8e6 },
        ],
        observations: [
          { pool: ["x"], samplesSeen: 25.6e6, error: 0.84 },
          { pool: ["x"], samplesSeen: 51.2e6, error: 0.76 },
          { pool: ["y"], samplesSeen: 25.6e6, error: 0.86 },
          { pool: ["y"], samplesSeen: 51.2e6, error: 0.8 },
        ],
      },
      { seed: 1 },
    );
    const explained = result.warnings.map(explainWarning);
    expect(explained.map((e) => e.code)).toContain("NOT_IDENTIFIABLE");
    expect(explained.find((e) => e.code === "NOT_IDENTIFIABLE")!.text).toMatch(/^There are 4 runs for 6 unknown parameters/);
    for (const e of explained) expect(e.text).not.toBe(e.detail); // every code it raised has a plain-words explanation
  });

  it.each([
    ["INSUFFICIENT_DATA", "Not enough runs for this fit"],
    ["ABORTED", "Fit cancelled"],
    ["UNKNOWN_BUCKET", "A run names a bucket the data does not define"],
    ["WHATEVER", "The fit failed"],
  ])("heads a %s error with %s", (code, headline) => expect(fitErrorHeadline(code)).toBe(headline));
});
