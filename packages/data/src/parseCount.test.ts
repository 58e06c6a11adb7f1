import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DataError } from "./DataError.js";
import { complement, parseCount, safeParseCount, scanDecimal } from "./parseCount.js";

describe("parseCount: accepted forms", () => {
  it.each([
    ["12800000", 12_800_000],
    ["12.8M", 12_800_000],
    ["12.8 M", 12_800_000],
    ["1.28B", 1_280_000_000],
    ["1.28b", 1_280_000_000],
    ["1.28bn", 1_280_000_000],
    ["1.28G", 1_280_000_000],
    ["3e9", 3_000_000_000],
    ["3E+9", 3_000_000_000],
    ["1.2e3", 1200],
    ["1_000_000", 1_000_000],
    ["12,800,000", 12_800_000],
    ["1,280", 1280],
    ["640k", 640_000],
    ["640K", 640_000],
    ["2T", 2e12],
    [".5M", 500_000],
    ["+25.6M", 25_600_000],
    ["  32M  ", 32_000_000],
    ["0", 0],
    ["-0", 0],
    ["12800000000.0", 12_800_000_000],
    ["34215895056.0", 34_215_895_056],
  ])("%s = %d", (text, value) => {
    expect(parseCount(text)).toBe(value);
  });

  it("rounds the decimal string once: 2.01M is exactly 2010000 (2.01 * 1e6 is not)", () => {
    expect(2.01 * 1e6).not.toBe(2_010_000);
    expect(parseCount("2.01M")).toBe(2_010_000);
    expect(parseCount("1.28B")).toBe(1_280_000_000);
    expect(parseCount("0.3B")).toBe(300_000_000);
  });
});

describe("parseCount: refused forms", () => {
  it.each([
    ["", "MISSING_VALUE"],
    ["   ", "MISSING_VALUE"],
    ["-5", "NEGATIVE_NUMBER"],
    ["-12.8M", "NEGATIVE_NUMBER"],
    ["12.8m", "INVALID_NUMBER"],
    ["12,8M", "INVALID_NUMBER"],
    ["12,8", "INVALID_NUMBER"],
    ["1,28,000", "INVALID_NUMBER"],
    ["1__000", "INVALID_NUMBER"],
    ["_1000", "INVALID_NUMBER"],
    ["1000_", "INVALID_NUMBER"],
    ["3e9M", "INVALID_NUMBER"],
    ["NaN", "INVALID_NUMBER"],
    ["Infinity", "INVALID_NUMBER"],
    ["0x10", "INVALID_NUMBER"],
    ["twelve", "INVALID_NUMBER"],
    ["1e400", "OUT_OF_RANGE"],
    ["12.8MM", "INVALID_NUMBER"],
  ])("%j → %s", (text, code) => {
    const r = safeParseCount(text, "budget");
    expect(r.success).toBe(false);
    if (!r.success) {
      expect(r.error).toBeInstanceOf(DataError);
      expect(r.error.code).toBe(code);
      expect(r.error.field).toBe("budget");
      expect(r.error.message).toContain("budget");
    }
  });

  it("explains the lowercase m and suggests M", () => {
    const r = safeParseCount("12.8m");
    expect(r.success || r.error.issues[0]!.suggestion).toBe("write 12.8M for million");
  });
});

describe("parseCount: properties", () => {
  it("every safe integer, written plainly, with _ or with , groups, parses back exactly", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (n) => {
        expect(parseCount(String(n))).toBe(n);
        expect(parseCount(n.toLocaleString("en-US"))).toBe(n);
        expect(parseCount(n.toLocaleString("en-US").replaceAll(",", "_"))).toBe(n);
      }),
    );
  });

  it("x with a suffix equals Number(x + 'e' + power)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99999 }), fc.integer({ min: 0, max: 3 }), fc.constantFrom(["k", 3], ["M", 6], ["B", 9], ["T", 12]), (whole, decimals, [suffix, power]) => {
        const text = (whole / 10 ** decimals).toFixed(decimals);
        expect(parseCount(`${text}${suffix}`)).toBe(Number(`${text}e${power}`));
      }),
    );
  });

  it("any string either parses to a finite number >= 0 or throws a DataError", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (text) => {
        const r = safeParseCount(text);
        if (r.success) expect(Number.isFinite(r.data) && r.data >= 0).toBe(true);
        else expect(r.error).toBeInstanceOf(DataError);
      }),
    );
  });
});

describe("scanDecimal and complement", () => {
  it("reads decimals, exponents and a percent sign", () => {
    expect(scanDecimal("0.83")).toEqual({ ok: true, value: 0.83, percent: false });
    expect(scanDecimal("83 %")).toEqual({ ok: true, value: 83, percent: true });
    expect(scanDecimal("1e-2")).toEqual({ ok: true, value: 0.01, percent: false });
    expect(scanDecimal("-0")).toEqual({ ok: true, value: 0, percent: false });
    expect(scanDecimal("0,83")).toMatchObject({ ok: false, code: "INVALID_NUMBER" });
    expect(scanDecimal("")).toMatchObject({ ok: false, code: "MISSING_VALUE" });
    expect(scanDecimal("1e999")).toMatchObject({ ok: false, code: "OUT_OF_RANGE" });
  });

  it("complement removes binary noise only", () => {
    expect(1 - 0.51938).toBe(0.48062000000000005);
    expect(complement(0.51938)).toBe(0.48062);
    expect(complement(1)).toBe(0);
    expect(complement(0)).toBe(1);
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), (x) => {
        expect(Math.abs(complement(x) - (1 - x))).toBeLessThan(1e-14);
      }),
    );
  });
});
