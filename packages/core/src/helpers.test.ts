import { describe, expect, it } from "vitest";
import { decayFactor } from "./decayFactor.js";
import { halfLife } from "./halfLife.js";
import { utilityAtRepetition } from "./utilityAtRepetition.js";
import { poolHalfLives } from "./poolHalfLives.js";
import { poolUtilityAtRepetition } from "./poolUtilityAtRepetition.js";
import { epochsCompleted } from "./epochsCompleted.js";
import { resolveLaw } from "./resolveLaw.js";
import { CoreError } from "./CoreError.js";

describe("decayFactor / halfLife", () => {
  it.each([
    [1, 0.5],
    [2, Math.SQRT1_2],
    [4.363636363636363, 0.5 ** (1 / 4.363636363636363)],
  ])("decayFactor(%d) = %d", (tau, delta) => {
    expect(decayFactor(tau)).toBeCloseTo(delta, 15);
    expect(halfLife(delta)).toBeCloseTo(tau, 12);
  });
  it("reject what is not a half-life or a decay factor", () => {
    expect(() => decayFactor(0)).toThrow(CoreError);
    expect(() => halfLife(1)).toThrow("decay");
    expect(() => halfLife(0)).toThrow(CoreError);
  });
});

describe("utilityAtRepetition", () => {
  it.each([
    [0, -0.18],
    [4, -0.09],
    [8, -0.045],
    [2, -0.18 * Math.SQRT1_2],
  ])("b = −0.18, tau = 4 at repetition %d is %d", (e, expected) => {
    expect(utilityAtRepetition({ b: -0.18, tau: 4 }, e)).toBeCloseTo(expected, 15);
  });
  it("rejects a negative repetition and a positive b", () => {
    expect(() => utilityAtRepetition({ b: -0.1, tau: 1 }, -1)).toThrow("repetition");
    expect(() => utilityAtRepetition({ b: 0.1, tau: 1 }, 1)).toThrow("bucket.b");
  });
});

describe("poolHalfLives", () => {
  it("multiplies tau by p for p equal buckets (Theorem 1)", () => {
    const pool = [1, 2, 3].map((tau, i) => ({ id: `b${i}`, size: 5, b: -0.1, tau }));
    expect(poolHalfLives(pool)).toEqual([3, 6, 9]);
  });
  it("scales by the pool-to-bucket size ratio for unequal sizes", () => {
    expect(
      poolHalfLives([
        { id: "x", size: 1, b: -0.1, tau: 2 },
        { id: "y", size: 3, b: -0.1, tau: 6 },
      ]),
    ).toEqual([8, 8]);
  });
});

describe("poolUtilityAtRepetition", () => {
  const pool = [
    { id: "x", size: 1, b: -0.2, tau: 1 },
    { id: "y", size: 1, b: -0.1, tau: 1 },
  ];
  it("is the plain average of decayed utilities for equal sizes", () => {
    expect(poolUtilityAtRepetition(pool, 2)).toBeCloseTo(-0.075, 15);
  });
  it("is the δ-weighted average in the effective-data formulation", () => {
    const unequal = [
      { id: "x", size: 1, b: -0.2, tau: 1 },
      { id: "y", size: 1, b: -0.1, tau: 4 },
    ];
    const d1 = 0.5 ** (1 / 2);
    const d2 = 0.5 ** (1 / 8);
    expect(poolUtilityAtRepetition(unequal, 1, { formulation: "effective-data" })).toBeCloseTo(
      (-0.2 * d1 - 0.1 * d2) / (d1 + d2),
      15,
    );
  });
});

describe("epochsCompleted", () => {
  it.each([
    [0, 10, 0],
    [9.999, 10, 0],
    [10, 10, 1],
    [32e6, 12.8e6, 2],
    [25.6e6, 12.8e6, 2],
    [0.3, 0.1, 3], // 0.3 / 0.1 = 2.9999999999999996 in floating point, but 3 · 0.1 ≤ 0.3 is false: K = 2
  ])("epochsCompleted(%d, %d)", (n, S, _k) => {
    const K = epochsCompleted(n, S);
    expect(K * S).toBeLessThanOrEqual(n);
    expect((K + 1) * S).toBeGreaterThan(n);
  });
  it("rejects a non-positive pool size", () => {
    expect(() => epochsCompleted(10, 0)).toThrow("poolSize");
  });
});

describe("resolveLaw", () => {
  it("fills in the defaults", () => {
    expect(resolveLaw(undefined)).toEqual({ formulation: "utility", variant: "paper" });
    expect(resolveLaw({ formulation: "effective-data" })).toEqual({ formulation: "effective-data", variant: "paper" });
  });
});
