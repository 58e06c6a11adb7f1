import { formatCount } from "@qqt/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseCount } from "./parseCount.js";

// @qqt/core's formatCount writes counts that this package's parseCount reads back: the two halves of one grammar.
describe("parseCount(formatCount(n))", () => {
  it("is read back exactly for counts with up to four significant digits", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9999 }), fc.integer({ min: 0, max: 300 }), (mantissa, exponent) => {
        const n = Number(`${mantissa}e${exponent}`);
        expect(parseCount(formatCount(n))).toBe(n);
      }),
    );
  });

  it("stays within 0.05% of any count", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), (n) => {
        expect(Math.abs(parseCount(formatCount(n)) - n) / n).toBeLessThanOrEqual(5e-4);
      }),
    );
  });
});
