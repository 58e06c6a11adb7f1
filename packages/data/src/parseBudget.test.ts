import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DataError } from "./DataError.js";
import { parseBudget, safeParseBudget } from "./parseBudget.js";

// The shared table: the CLI's and the web's tests run the same cases through their own input paths.
const cases = JSON.parse(readFileSync(new URL("../test-data/budget-cases.json", import.meta.url), "utf8")) as {
  accept: Array<[string, number]>;
  refuse: Array<[string, string]>;
};

describe("parseBudget: the one budget grammar", () => {
  it.each(cases.accept)("accepts %j as %d samples seen", (text, samples) => {
    expect(parseBudget(text).samples).toBe(samples);
  });
  it.each(cases.refuse)("refuses %j (%s)", (text, code) => {
    const r = safeParseBudget(text);
    expect(r.success).toBe(false);
    if (!r.success) {
      expect(r.error).toBeInstanceOf(DataError);
      expect(r.error.issues[0]!.code).toBe(code);
    }
  });
  it("says how a GPU-hour budget was written", () => {
    expect(parseBudget("500 GPU-h × 2500/s").source).toEqual({ kind: "gpu-hours", gpuHours: 500, samplesPerSecondPerGpu: 2500 });
    expect(parseBudget("640M").source).toEqual({ kind: "samples" });
  });
  it("suggests the fix for a lowercase m and names the field", () => {
    const r = safeParseBudget("640m", "--budgets");
    expect(r.success).toBe(false);
    if (!r.success) {
      expect(r.error.issues[0]!.message).toMatch(/^--budgets: "640m" uses "m"/);
      expect(r.error.issues[0]!.suggestion).toBe("write 640M for million");
    }
  });
});

describe("parseBudget: decimal commas", () => {
  it.each(["12,8M", "1,2345"])("refuses %j", (text) => {
    expect(safeParseBudget(text).success).toBe(false);
  });
});
