import { describe, expect, it } from "vitest";
import { studentTCdf, studentTQuantile } from "./studentT.js";

// Reference quantiles from published t tables (R's qt to 12+ digits).
describe("studentTQuantile", () => {
  it.each([
    [0.975, 1, 12.706204736174707],
    [0.975, 2, 4.302652729749464],
    [0.975, 3, 3.182446305284263],
    [0.975, 10, 2.228138851986273],
    [0.975, 30, 2.042272456301238],
    [0.95, 5, 2.015048372669157],
    [0.995, 20, 2.845339709785559],
    [0.975, 1e9, 1.959963986],
  ])("q(%d; df %d) = %d", (p, df, q) => {
    expect(studentTQuantile(p, df)).toBeCloseTo(q, 8);
    expect(studentTQuantile(1 - p, df)).toBeCloseTo(-q, 8);
  });

  it("inverts the CDF", () => {
    for (const df of [1.5, 4, 7, 50, 1000]) {
      for (const p of [0.001, 0.05, 0.3, 0.8, 0.999]) expect(studentTCdf(studentTQuantile(p, df), df)).toBeCloseTo(p, 12);
    }
  });

  it("has the ends and the invalid inputs of a quantile", () => {
    expect(studentTQuantile(0.5, 3)).toBe(0);
    expect(studentTQuantile(0, 3)).toBe(-Infinity);
    expect(studentTQuantile(1, 3)).toBe(Infinity);
    expect(studentTQuantile(0.5, 0)).toBeNaN();
    expect(studentTCdf(1, -1)).toBeNaN();
  });
});

describe("studentTCdf", () => {
  it("is symmetric, 1/2 at 0, and tends to the normal for large df", () => {
    expect(studentTCdf(0, 7)).toBe(0.5);
    expect(studentTCdf(-1.3, 7) + studentTCdf(1.3, 7)).toBeCloseTo(1, 15);
    expect(studentTCdf(-3, 1e12)).toBeCloseTo(0.0013498980316301, 12); // Φ(−3)
    expect(studentTCdf(1, 1)).toBeCloseTo(0.75, 14); // Cauchy: 1/2 + atan(1)/π
    expect(studentTCdf(Infinity, 3)).toBe(1);
  });
});
