import { describe, expect, it } from "vitest";
import { fit } from "./fit.js";
import { laionStudy } from "./testing/laion.js";

describe("diagnostics: WEAK_ESTIMATE wording", () => {
  // ViT-B-16 on the three LAION pools, all nine runs: d lands on its lower bound 0 with a large standard error.
  const { input } = laionStudy("ViT-B-16", ["3B", "13B", "34B"]);
  const result = fit(input);
  const weak = result.warnings.find((w) => w.code === "WEAK_ESTIMATE")!;

  it("says a zero estimate sits on its bound instead of giving an infinite relative error", () => {
    expect(result.task.d).toBe(0);
    expect(weak.message).not.toMatch(/Infinity|NaN/);
    const se = result.standardErrors.d!;
    expect(se).toBeGreaterThan(1);
    expect(weak.message).toContain(`d = 0 ± ${Number(se.toPrecision(4))} (on its lower bound 0)`);
  });

  it("prints values and standard errors with four significant digits, with a relative error when the value is not 0", () => {
    const a = result.task.a;
    const se = result.standardErrors.a!;
    expect(weak.message).toContain(`a = ${Number(a.toPrecision(4))} ± ${Number(se.toPrecision(4))} (${Math.round((100 * se) / a)}%)`);
    for (const [, digits] of weak.message.matchAll(/[=±] (-?[\d.]+)/g)) expect(digits!.replace(/^-?0?\.?0*/, "").replace(".", "").length).toBeLessThanOrEqual(4);
  });
});
