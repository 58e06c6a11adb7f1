import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { budgetToSlider, errorDomain, logSpace, logTicks, niceAxis, SLIDER_STEPS, sliderToBudget } from "./scale";

describe("log slider", () => {
  const range = { min: 1e6, max: 1e11 };
  it("maps the ends and the middle in log scale", () => {
    expect(sliderToBudget(0, range)).toBe(1e6);
    expect(sliderToBudget(SLIDER_STEPS, range)).toBe(1e11);
    expect(sliderToBudget(500, { min: 1e6, max: 1e10 })).toBe(1e8);
    expect(sliderToBudget(200, range)).toBe(1e7);
    expect(sliderToBudget(-5, range)).toBe(1e6);
    expect(sliderToBudget(5000, range)).toBe(1e11);
  });
  it("rounds to 3 significant digits so the text box shows clean values", () => {
    expect(sliderToBudget(321, range)).toBe(Number(sliderToBudget(321, range).toPrecision(3)));
  });
  it("inverts within one step and is monotonic (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: SLIDER_STEPS - 1 }), (pos) => {
        const b = sliderToBudget(pos, range);
        expect(Math.abs(budgetToSlider(b, range) - pos)).toBeLessThanOrEqual(1);
        expect(sliderToBudget(pos + 1, range)).toBeGreaterThanOrEqual(b);
      }),
    );
  });
  it("clamps budgets outside the range", () => {
    expect(budgetToSlider(1e3, range)).toBe(0);
    expect(budgetToSlider(1e13, range)).toBe(SLIDER_STEPS);
    expect(budgetToSlider(Number.NaN, range)).toBe(0);
    expect(budgetToSlider(640e6, range)).toBe(Math.round((Math.log10(640) / 5) * 1000));
  });
});

describe("logTicks", () => {
  it("uses 1-2-5 ticks over two decades", () => {
    expect(logTicks({ min: 1e7, max: 1e9 }).map((t) => t.label)).toEqual(["10M", "20M", "50M", "100M", "200M", "500M", "1B"]);
  });
  it("uses 1-3 ticks over five decades", () => {
    expect(logTicks({ min: 1e6, max: 1e11 }).map((t) => t.label)).toEqual([
      "1M", "3M", "10M", "30M", "100M", "300M", "1B", "3B", "10B", "30B", "100B",
    ]);
  });
  it("uses only powers of ten, thinned, over wide ranges", () => {
    // Labels are @qqt/core's formatCount: from 1000T on in scientific notation.
    expect(logTicks({ min: 1e3, max: 1e15 }).map((t) => t.label)).toEqual(["1k", "100k", "10M", "1B", "100B", "10T", "1e15"]);
  });
  it("labels a narrow range by its ends", () => {
    expect(logTicks({ min: 1.1e7, max: 1.15e7 })).toEqual([
      { value: 1.1e7, label: "11M" },
      { value: 1.15e7, label: "11.5M" },
    ]);
  });
  it("returns ascending ticks inside the range, and nothing for an invalid one (property)", () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 12, noNaN: true }), fc.double({ min: 0.01, max: 10, noNaN: true }), (lo, span) => {
        const range = { min: 10 ** lo, max: 10 ** (lo + span) };
        const ticks = logTicks(range);
        expect(ticks.length).toBeGreaterThanOrEqual(2);
        expect(ticks.length).toBeLessThanOrEqual(40);
        for (let i = 1; i < ticks.length; i++) expect(ticks[i]!.value).toBeGreaterThan(ticks[i - 1]!.value);
        for (const t of ticks) {
          expect(t.value).toBeGreaterThanOrEqual(range.min * (1 - 1e-9));
          expect(t.value).toBeLessThanOrEqual(range.max * (1 + 1e-9));
        }
      }),
    );
    expect(logTicks({ min: 10, max: 1 })).toEqual([]);
    expect(logTicks({ min: 0, max: 1 })).toEqual([]);
  });
});

describe("logSpace and errorDomain", () => {
  it("spaces evenly in log scale with exact ends", () => {
    const xs = Array.from(logSpace({ min: 1e6, max: 1e8 }, 3));
    expect(xs[0]).toBe(1e6);
    expect(xs[1]).toBeCloseTo(1e7, 3);
    expect(xs[2]).toBe(1e8);
    expect(Array.from(logSpace({ min: 5, max: 50 }, 1))).toEqual([5]);
  });
  it("pads the error axis to nice steps", () => {
    expect(errorDomain([0.61, 0.93])).toEqual({ min: 0.6, max: 0.95 });
    expect(errorDomain([0.5992, 1.2143, Number.NaN])).toEqual({ min: 0.5, max: 1.3 });
    expect(errorDomain([])).toEqual({ min: 0, max: 1 });
    const flat = errorDomain([0.5, 0.5]);
    expect(flat.min).toBeLessThan(0.5);
    expect(flat.max).toBeGreaterThan(0.5);
  });
});

describe("niceAxis", () => {
  it.each([
    [[0.57, 0.99], { min: 0.5, max: 1, ticks: [0.5, 0.6, 0.7, 0.8, 0.9, 1], decimals: 2 }],
    [[-0.0073, 0.0081], { min: -0.01, max: 0.01, ticks: [-0.01, -0.005, 0, 0.005, 0.01], decimals: 3 }],
    [[-0.18, 0], { min: -0.2, max: 0, ticks: [-0.2, -0.15, -0.1, -0.05, 0], decimals: 2 }],
  ])("fits %j", (values, axis) => {
    const a = niceAxis(values);
    expect(a.ticks[0]).toBe(a.min);
    expect(a.ticks[a.ticks.length - 1]).toBe(a.max);
    expect(a.min).toBeLessThanOrEqual(Math.min(...values));
    expect(a.max).toBeGreaterThanOrEqual(Math.max(...values));
    expect(a).toEqual(axis);
  });
  it("has evenly spaced ticks ending on the domain for any values (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 1, maxLength: 20 }), (values) => {
        const a = niceAxis(values);
        const slack = 1e-9 * (a.max - a.min); // ticks snap within a billionth of a step
        expect(a.min).toBeLessThanOrEqual(Math.min(...values) + slack);
        expect(a.max).toBeGreaterThanOrEqual(Math.max(...values) - slack);
        expect(a.ticks.length).toBeGreaterThanOrEqual(2);
        expect(a.ticks.length).toBeLessThanOrEqual(14);
        const step = a.ticks[1]! - a.ticks[0]!;
        for (let i = 1; i < a.ticks.length; i++) expect(a.ticks[i]! - a.ticks[i - 1]!).toBeCloseTo(step, 9);
        expect(a.ticks.every((t) => !Object.is(t, -0))).toBe(true);
      }),
    );
  });
});
