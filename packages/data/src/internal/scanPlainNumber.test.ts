import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { scanCount, scanDecimal } from "../parseCount.js";
import { scanPlainNumber } from "./scanPlainNumber.js";

const plain = (text: string, suffixes: boolean) => scanPlainNumber(`,${text},`, 1, text.length + 1, suffixes);

describe("scanPlainNumber", () => {
  it("reads plain decimals and counts with suffixes", () => {
    expect(plain("42", false)).toBe(42);
    expect(plain("0.836", false)).toBe(0.836);
    expect(plain(".5", false)).toBe(0.5);
    expect(plain("2.", false)).toBe(2);
    expect(plain("007", false)).toBe(7);
    expect(plain("12.8M", true)).toBe(12_800_000);
    expect(plain("640k", true)).toBe(640_000);
    expect(plain("640K", true)).toBe(640_000);
    expect(plain("1.28B", true)).toBe(1_280_000_000);
    expect(plain("3bn", true)).toBe(3e9);
    expect(plain("3b", true)).toBe(3e9);
    expect(plain("2G", true)).toBe(2e9);
    expect(plain("1.5T", true)).toBe(1.5e12);
    expect(plain("123456789012345", false)).toBe(123456789012345);
  });

  it("returns NaN for anything the full parser must decide", () => {
    for (const text of ["", ".", "-1", "+1", " 1", "1 ", "1e6", "1,000", "1_000", "50%", "12.8m", "1 M", "1Mb", "1bnx", "NaN", "Infinity", "1.2.3", "1234567890123456", "0x10"]) {
      expect(plain(text, true), text).toBeNaN();
    }
    expect(plain("12.8M", false)).toBeNaN();
  });

  it("gives the full parsers' doubles for every plain number it reads", () => {
    const digits = fc.stringMatching(/^\d{0,9}$/);
    fc.assert(
      fc.property(digits, fc.boolean(), digits, fc.constantFrom("", "k", "K", "M", "B", "b", "bn", "G", "T"), (int, dot, frac, suffix) => {
        const body = dot ? `${int}.${frac}` : int;
        const decimal = plain(body, false);
        const count = plain(body + suffix, true);
        const d = scanDecimal(body);
        const c = scanCount(body + suffix);
        if (Number.isNaN(decimal)) expect(d.ok && body.replace(/\D/g, "").length <= 15).toBe(false);
        else expect(d).toEqual({ ok: true, value: decimal, percent: false });
        if (Number.isNaN(count)) expect(c.ok && body.replace(/\D/g, "").length <= 15).toBe(false);
        else expect(c).toEqual({ ok: true, value: count });
      }),
      { numRuns: 2000 },
    );
  });
});
