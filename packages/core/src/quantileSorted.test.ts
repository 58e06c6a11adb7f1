import { describe, expect, it } from "vitest";
import { percentileInterval, quantileSorted } from "./quantileSorted.js";

describe("quantileSorted (type 7, as numpy.quantile)", () => {
  it.each([
    [[1, 2, 3, 4], 0.5, 2.5],
    [[1, 2, 3, 4], 0.25, 1.75],
    [[1, 2, 3, 4], 0, 1],
    [[1, 2, 3, 4], 1, 4],
    [[10], 0.3, 10],
    [[0, 10], 0.025, 0.25],
    [[1, 2, 3, 4], 1.5, 4],
  ])("%j at %d → %d", (values, q, expected) => {
    expect(quantileSorted(values, q)).toBeCloseTo(expected, 14);
  });
  it("is NaN for no values", () => expect(quantileSorted([], 0.5)).toBeNaN());
});

describe("percentileInterval", () => {
  it("sorts a copy, leaves out non-finite values, gives the median", () => {
    const values = [5, 1, NaN, 4, 2, 3, Infinity];
    expect(percentileInterval(values, 0.5)).toEqual({ low: 2, median: 3, high: 4 });
    expect(values[0]).toBe(5);
    expect(percentileInterval([NaN], 0.95)).toBeUndefined();
  });
});
