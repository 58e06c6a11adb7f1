import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AdvisorError } from "./AdvisorError";
import { budgetFromGpuHours, MAX_BUDGET, MIN_BUDGET, parseBudget } from "./budget";
import { DEFAULT_BUDGET, DEFAULT_EXAMPLE_ID } from "./examples";
import { advisorReducer, initialState } from "./state";
import { TMARS } from "./testing/fixtures";

// The budget strings every qqt front end accepts and refuses alike (the CLI tests the same table in
// packages/cli/src/parseBudgets.test.ts).
const CASES = JSON.parse(readFileSync(new URL("../../../packages/data/test-data/budget-cases.json", import.meta.url), "utf8")) as {
  accept: Array<[string, number]>;
  refuse: Array<[string, string]>;
};

/** The page's budget box: what typing `text` does to the advisor's state (the reducer behind the text box). */
function typeInBudgetBox(text: string) {
  const state = initialState([], { id: DEFAULT_EXAMPLE_ID, model: TMARS }, DEFAULT_BUDGET);
  return advisorReducer(state, { type: "budget-text", text });
}

describe("the budget box reads the shared budget table like the CLI", () => {
  it("has cases to check", () => {
    expect(CASES.accept.length).toBeGreaterThan(10);
    expect(CASES.refuse.length).toBeGreaterThan(10);
  });

  it.each(CASES.accept)("accepts %j as %d samples seen", (text, samples) => {
    const state = typeInBudgetBox(text);
    expect(state.budgetError).toBeUndefined();
    expect(state.budget).toBe(samples);
    expect(state.budgetText).toBe(text);
  });

  it.each(CASES.refuse)("refuses %j (%s), keeping the budget in force", (text) => {
    const state = typeInBudgetBox(text);
    expect(state.budgetError).toBeInstanceOf(AdvisorError);
    expect(state.budgetError?.code).toBe("INVALID_BUDGET");
    expect(state.budget).toBe(DEFAULT_BUDGET);
    expect(state.budgetText).toBe(text);
  });
});

describe("parseBudget (the page's messages over @qqt/data's grammar)", () => {
  it("reads counts and GPU-hours", () => {
    expect(parseBudget("640M")).toEqual({ ok: true, value: { samples: 640e6, source: { kind: "samples" } } });
    expect(parseBudget("100 GPU-h x 1000/s")).toEqual({ ok: true, value: { samples: 3.6e8, source: { kind: "gpu-hours", gpuHours: 100, samplesPerSecondPerGpu: 1000 } } });
  });

  it.each([
    ["lots", 'Budget "lots" is not a count. Expected samples seen such as 640M, 1.28B, 6.4e8 or 1_000_000, or GPU-hours × samples/s per GPU such as 500 GPU-h × 2500/s.'],
    ["640m", 'Budget "640m" uses "m", which may mean milli or million (write 640M for million). Expected samples seen'],
    ["12,800,000", "(write 12_800_000 or 12800000)"],
    ["0", 'Budget "0" is 0 samples seen, outside what qqt accepts. Expected a budget from 1 to 1000T'],
    ["", "Budget the value is empty"],
    ["many GPU-h × 2500/s", 'Budget (GPU-hours): "many" is not a count.'],
  ])("says what is wrong with %j, what to write and what is expected", (text, fragment) => {
    const r = parseBudget(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain(fragment);
  });

  it("has the shared limits", () => {
    expect([MIN_BUDGET, MAX_BUDGET]).toEqual([1, 1e15]);
  });

  it("never throws and never returns a budget outside the limits (property)", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        const r = parseBudget(text);
        if (r.ok) {
          expect(r.value.samples).toBeGreaterThanOrEqual(MIN_BUDGET);
          expect(r.value.samples).toBeLessThanOrEqual(MAX_BUDGET);
        } else expect(r.error.code).toBe("INVALID_BUDGET");
      }),
    );
  });
});

describe("budgetFromGpuHours (the calculator's two fields, through the same grammar)", () => {
  it("multiplies hours by 3600 s and the per-GPU throughput", () => {
    const r = budgetFromGpuHours({ gpuHours: "100", samplesPerSecondPerGpu: "1000" });
    expect(r.ok && r.value.samples).toBe(3.6e8);
    expect(budgetFromGpuHours({ gpuHours: "0.5", samplesPerSecondPerGpu: "2.5k" })).toEqual(parseBudget("0.5 GPU-h × 2.5k/s"));
  });

  it.each([
    ["", "1000", "GPU-hours: enter a number"],
    ["10", " ", "Samples / second per GPU: enter a throughput"],
    ["0", "1000", "outside what qqt accepts"],
    ["x", "1000", 'Budget (GPU-hours): "x" is not a count'],
    ["10", "-1", "negative"],
    ["1e12", "1e6", "outside what qqt accepts"],
  ])("refuses %j GPU-h at %j/s", (gpuHours, samplesPerSecondPerGpu, fragment) => {
    const r = budgetFromGpuHours({ gpuHours, samplesPerSecondPerGpu });
    expect(!r.ok && r.error.message).toContain(fragment);
  });

  it("accepts and refuses what the budget box does for the same hours and rate", () => {
    for (const [hours, rate] of [["500", "2500"], ["1e3", "400"], ["2.5k", "2500"], ["0", "10"], ["many", "10"], ["10", "0"]] as const) {
      const box = parseBudget(`${hours} GPU-h × ${rate}/s`);
      const calculator = budgetFromGpuHours({ gpuHours: hours, samplesPerSecondPerGpu: rate });
      expect(calculator.ok).toBe(box.ok);
      if (box.ok && calculator.ok) expect(calculator.value.samples).toBe(box.value.samples);
    }
  });
});
