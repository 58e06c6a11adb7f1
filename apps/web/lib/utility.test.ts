import { describe, expect, it } from "vitest";
import { TMARS as TMARS_IMAGENET } from "./testing/fixtures";
import { utilityCurves } from "./utility";

describe("utilityCurves", () => {
  const { rows, maxRepetition } = utilityCurves(TMARS_IMAGENET);

  it("starts at each bucket's b and halves every tau repetitions (paper Eq. 2)", () => {
    expect(rows[0]).toEqual({ repetition: 0, u1: -0.18, u2: -0.15, u3: -0.12, u4: -0.1 });
    const atThree = rows.find((r) => r.repetition === 3)!;
    expect(atThree.u3).toBeCloseTo(-0.06, 12); // tau = 3 for the 20–30% bucket
    expect(atThree.u1).toBeCloseTo(-0.18 * 0.5 ** (3 / (1 + (9 * 37) / 99)), 12);
  });

  it("covers three half-lives of the slowest bucket in steps of 0.25, decaying towards 0", () => {
    expect(maxRepetition).toBe(Math.ceil(3 * (1 + (9 * 37) / 99)));
    expect(rows).toHaveLength(maxRepetition * 4 + 1);
    expect(rows[1]!.repetition).toBe(0.25);
    for (let i = 1; i < rows.length; i++) {
      for (const k of ["u1", "u2", "u3", "u4"]) {
        expect(rows[i]![k]!).toBeGreaterThan(rows[i - 1]![k]!);
        expect(rows[i]![k]!).toBeLessThan(0);
      }
    }
  });

  it("spans at least 10 repetitions for fast-decaying buckets", () => {
    const fast = { ...TMARS_IMAGENET, buckets: [{ id: "x", size: 1e6, b: -0.1, tau: 1 }] };
    expect(utilityCurves(fast, { step: 1 }).rows.map((r) => r.repetition)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });
});
