import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fit } from "./fit.js";
import { goldenCases, scalingCases } from "./testing/goldenCases.js";

// Every fit reaches the optimum the engine reached before the issue-15 rewrites of the global stage and the solver
// (test-data/golden-sse.json, recorded with the engine of commit 553c50f): the same objective within 1e-9 relative,
// or a lower one. Exact fits (noise-free designs) only need to stay at the rounding level.
const golden = JSON.parse(readFileSync(new URL("../test-data/golden-sse.json", import.meta.url), "utf8")) as Record<
  string,
  { sse: number; objective: number }
>;

describe("golden optima", () => {
  it.each([...goldenCases, ...scalingCases])("$name", ({ name, input, options }) => {
    const before = golden[name];
    expect(before).toBeDefined();
    const result = fit(input, options);
    const floor = 1e-24 * input.observations.reduce((s, o) => s + o.error ** 2, 0);
    if (before!.objective <= floor) {
      expect(result.objective).toBeLessThanOrEqual(floor);
      return;
    }
    expect(result.converged).toBe(true);
    expect(result.objective).toBeLessThanOrEqual(before!.objective * (1 + 1e-9));
    expect(Math.abs(result.objective - before!.objective) / before!.objective).toBeLessThanOrEqual(1e-9);
  }, 60_000);
});
