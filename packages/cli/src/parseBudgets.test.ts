import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CliError } from "./errors.js";
import { DEFAULT_RANGE_POINTS, MAX_BUDGETS, parseBudgets } from "./parseBudgets.js";

describe("parseBudgets: lists", () => {
  it.each([
    ["640M", [640e6]],
    ["1.28B", [1.28e9]],
    ["6.4e8", [6.4e8]],
    ["1_000_000", [1e6]],
    ["640k", [640e3]],
    ["32M,128M,640M", [32e6, 128e6, 640e6]],
    [" 640M , 32M,128M ", [32e6, 128e6, 640e6]],
    ["128M,32M,128M", [32e6, 128e6]],
    ["2.01M", [2_010_000]],
  ])("%s → %j", (spec, expected) => {
    expect(parseBudgets(spec)).toEqual(expected);
  });
});

describe("parseBudgets: ranges", () => {
  it("log-spaces --points budgets with both ends exact", () => {
    expect(parseBudgets("1M..1B", { points: 4 })).toEqual([1e6, 1e7, 1e8, 1e9]);
    const r = parseBudgets("32M..10B", { points: 7 });
    expect(r).toHaveLength(7);
    expect(r[0]).toBe(32e6);
    expect(r[6]).toBe(10e9);
    // Constant ratio between neighbours (to rounding of whole samples).
    const ratio = (10e9 / 32e6) ** (1 / 6);
    for (let i = 1; i < r.length; i++) expect(r[i]! / r[i - 1]!).toBeCloseTo(ratio, 6);
  });

  it("uses the default number of points", () => {
    expect(parseBudgets("1M..10M")).toHaveLength(DEFAULT_RANGE_POINTS);
  });

  it("steps geometrically with :xF, up to the end", () => {
    expect(parseBudgets("32M..1B:x2")).toEqual([32e6, 64e6, 128e6, 256e6, 512e6]);
    expect(parseBudgets("32M..512M:x2")).toEqual([32e6, 64e6, 128e6, 256e6, 512e6]);
    expect(parseBudgets("1M..10M:*3")).toEqual([1e6, 3e6, 9e6]);
    expect(parseBudgets("10M..100M:x1.5")).toEqual([10e6, 15e6, 22.5e6, 33.75e6, 50.625e6, 75.9375e6]);
  });

  it("steps linearly with :+S", () => {
    expect(parseBudgets("12.8M..64M:+12.8M")).toEqual([12.8e6, 25.6e6, 38.4e6, 51.2e6, 64e6]);
    expect(parseBudgets("12.8M..128M:+12.8M")).toHaveLength(10);
  });

  it("mixes counts and ranges, sorted and deduplicated", () => {
    expect(parseBudgets("12.8M,32M..128M:x2,64M")).toEqual([12.8e6, 32e6, 64e6, 128e6]);
  });
});

describe("parseBudgets: errors say what was expected", () => {
  it.each([
    ["", /no budget given/],
    ["12,800,000", /commas separate budgets.*12_800_000/],
    ["32M,,64M", /empty item/],
    ["32M..", /needs both ends/],
    ["..1B", /needs both ends/],
    ["1B..32M", /smaller to a larger/],
    ["32M..1B:x1", /factor .* above 1/],
    ["32M..1B:x0.5", /factor .* above 1/],
    ["32M..1B:/2", /unknown step/],
    ["0", /"0" is 0 samples seen, outside what qqt accepts/],
    ["12.8m", /milli or million.*12\.8M/],
    ["abc", /not a count.*Expected a list such as 32M,128M,640M/],
    ["-5M", /negative/],
    ["1k..1T:+1k", new RegExp(`more than ${MAX_BUDGETS} budgets`)],
  ])("%j", (spec, message) => {
    let error: unknown;
    try {
      parseBudgets(spec);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).code).toBe("USAGE");
    expect((error as CliError).exitCode).toBe(2);
    expect((error as CliError).message).toMatch(message);
  });

  it("names the option and refuses bad --points", () => {
    expect(() => parseBudgets("x", { option: "--samples" })).toThrow(/^--samples:/);
    expect(() => parseBudgets("1M..1B", { points: 1 })).toThrow(/--points/);
    expect(() => parseBudgets("1M..1B", { points: 2.5 })).toThrow(/--points/);
  });
});

describe("parseBudgets: properties", () => {
  it("a log-spaced range is strictly increasing, inside its ends, with the requested count", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 1e9 }), fc.double({ min: 10, max: 1e4, noNaN: true }), fc.integer({ min: 2, max: 50 }), (from, factor, points) => {
        const to = Math.round(from * factor);
        const r = parseBudgets(`${from}..${to}`, { points });
        expect(r).toHaveLength(points);
        expect(r[0]).toBe(from);
        expect(r[r.length - 1]).toBe(to);
        for (let i = 1; i < r.length; i++) expect(r[i]!).toBeGreaterThan(r[i - 1]!);
      }),
    );
  });

  it("a list is the sorted set of its counts, in any order", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 1e12 }), { minLength: 1, maxLength: 20 }), (counts) => {
        expect(parseBudgets(counts.map((c) => `${c}`).join(","))).toEqual([...new Set(counts)].sort((u, v) => u - v));
      }),
    );
  });
});

// The budget cases every front end shares (packages/data/test-data/budget-cases.json; the web's tests read it too).
describe("parseBudgets: the shared budget grammar", () => {
  const cases = JSON.parse(readFileSync(new URL("../../data/test-data/budget-cases.json", import.meta.url), "utf8")) as {
    accept: Array<[string, number]>;
    refuse: Array<[string, string]>;
  };
  it.each(cases.accept)("accepts %j as %d", (text, samples) => {
    expect(parseBudgets(text)).toEqual([samples]);
  });
  it.each(cases.refuse)("refuses %j (%s) with a usage error", (text) => {
    expect(() => parseBudgets(text)).toThrow(CliError);
  });
});
