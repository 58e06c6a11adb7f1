import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseBudget } from "./budget";
import { formatError, formatMargin, formatPassCount, formatPasses, formatPlain, formatProbability, formatSamples, roundSignificant } from "./format";

describe("formatSamples", () => {
  it.each([
    [32e6, "32M"],
    [1.28e9, "1.28B"],
    [12.8e6, "12.8M"],
    [640e6, "640M"],
    [12.8e9, "12.8B"],
    [38.4e6, "38.4M"],
    [1e3, "1k"],
    [1500, "1.5k"],
    [999, "999"],
    [0.5, "0.5"],
    [0, "0"],
    [1e12, "1T"],
    [3.4e13, "34T"],
    [999_960_000, "1B"],
    [999_400, "999k"],
    [999_500, "1M"],
    [123_456_789, "123M"],
    [-2e6, "-2M"],
    [Number.NaN, "—"],
    [Number.POSITIVE_INFINITY, "—"],
  ])("formats %d as %s", (n, label) => {
    expect(formatSamples(n)).toBe(label);
  });

  it("honours the number of significant digits", () => {
    expect(formatSamples(439_612_345, 4)).toBe("439.6M");
    expect(formatSamples(49_312_000, 2)).toBe("49M");
  });

  it("reads back through parseBudget within the rounding of 3 significant digits (property)", () => {
    fc.assert(
      fc.property(fc.double({ min: 1e3, max: 1e15, noNaN: true }), (n) => {
        const parsed = parseBudget(formatSamples(n));
        expect(parsed.ok).toBe(true);
        if (parsed.ok) expect(Math.abs(parsed.value.samples - n) / n).toBeLessThanOrEqual(0.005 + 1e-12);
      }),
    );
  });
});

describe("other formats", () => {
  it.each([
    [0.6072551, "0.6073"],
    [0.599218, "0.5992"],
    [1, "1.0000"],
    [Number.NaN, "—"],
  ])("formatError(%d) = %s", (x, s) => expect(formatError(x)).toBe(s));

  it.each([
    [0.815, "82%"],
    [1, "100%"],
    [0, "0%"],
    [0.999, ">99%"],
    [0.004, "<1%"],
    [0.5, "50%"],
    [Number.NaN, "—"],
  ])("formatProbability(%d) = %s", (p, s) => expect(formatProbability(p)).toBe(s));

  it.each([
    [640 / 38.4, "about 17 passes"],
    [1, "1 pass"],
    [2, "2 passes"],
    [2.54, "about 2.5 passes"],
    [0.5, "0.5 of one pass (no sample repeated)"],
    [12, "12 passes"],
    [-1, "—"],
  ])("formatPasses(%d) = %s", (p, s) => expect(formatPasses(p)).toBe(s));

  it.each([
    [16.67, "17"],
    [2.54, "2.5"],
    [0.5, "0.5"],
    [Number.NaN, "—"],
  ])("formatPassCount(%d) = %s", (p, s) => expect(formatPassCount(p)).toBe(s));

  it.each([
    [0.0080374, "0.0080"],
    [0.0000312, "0.000031"],
    [0, "0 (a tie)"],
    [Number.NaN, "—"],
  ])("formatMargin(%d) = %s", (m, s) => expect(formatMargin(m)).toBe(s));

  it("writes plain numbers in full precision and nothing for non-finite values", () => {
    expect(formatPlain(0.1 + 0.2)).toBe("0.30000000000000004");
    expect(formatPlain(6.4e8)).toBe("640000000");
    expect(formatPlain(Number.NaN)).toBe("");
    expect(formatPlain(undefined)).toBe("");
    expect(roundSignificant(123456, 2)).toBe(120000);
  });
});
