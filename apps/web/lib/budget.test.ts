import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AdvisorError } from "./AdvisorError";
import { budgetFromGpuHours, MAX_BUDGET, MIN_BUDGET, parseBudget } from "./budget";

describe("parseBudget", () => {
  it.each([
    ["640M", 640e6],
    ["1.28B", 1.28e9],
    ["6.4e8", 6.4e8],
    ["1_000_000", 1e6],
    ["1,000,000", 1e6],
    ["12.8m", 12.8e6],
    ["  32 M ", 32e6],
    ["2T", 2e12],
    ["3G", 3e9],
    ["500k", 5e5],
    ["1.5e3k", 1.5e6],
    ["128000000", 128e6],
    [".5B", 5e8],
    ["1e3", 1e3],
  ])("reads %j as %d samples", (text, samples) => {
    const r = parseBudget(text);
    expect(r).toEqual({ ok: true, value: { samples, source: { kind: "samples" } } });
  });

  it.each([
    ["100 GPU-h x 1000/s", 100, 1000],
    ["100 gpu-hours × 1k samples/s per GPU", 100, 1000],
    ["2.5k GPUh * 2500 / s", 2500, 2500],
    ["8 gpu hours at 1,500 samples per second", 8, 1500],
    ["1e3 GPU-hrs @ 400/sec/gpu", 1000, 400],
  ])("reads GPU-hour budget %j", (text, gpuHours, samplesPerSecondPerGpu) => {
    const r = parseBudget(text);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.samples).toBe(gpuHours * 3600 * samplesPerSecondPerGpu);
    expect(r.value.source).toEqual({ kind: "gpu-hours", gpuHours, samplesPerSecondPerGpu });
  });

  it.each([
    ["", "Budget is empty"],
    ["lots", 'Budget "lots" is not a number of samples'],
    ["12x", 'Budget "12x" is not a number'],
    ["-5M", "not a number of samples"],
    ["1,00,000", "not a number of samples"],
    ["1__000", "not a number of samples"],
    ["NaN", "not a number of samples"],
    ["Infinity", "not a number of samples"],
    ["0", "out of range"],
    ["999", "out of range"],
    ["2000T", "out of range"],
    ["1e400", "not a number of samples"],
    ["5 GPU-h x 0/s", "Samples per second per GPU must be a finite number > 0"],
    ["x GPU-h x 10/s", "not a valid GPU-hour budget"],
  ])("rejects %j with a message saying what was expected", (text, fragment) => {
    const r = parseBudget(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toBeInstanceOf(AdvisorError);
    expect(r.error.code).toBe("INVALID_BUDGET");
    expect(r.error.message).toContain(fragment);
  });

  it("names the accepted formats in its message", () => {
    const r = parseBudget("twelve");
    expect(!r.ok && r.error.message).toContain("640M, 1.28B, 6.4e8 or 1_000_000");
  });

  it("reads back any in-range number written by JavaScript (property)", () => {
    fc.assert(
      fc.property(fc.double({ min: MIN_BUDGET, max: MAX_BUDGET, noNaN: true }), (n) => {
        const r = parseBudget(String(n));
        expect(r.ok && r.value.samples).toBe(n);
      }),
    );
  });

  it("never throws and never returns a non-finite budget (property)", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        const r = parseBudget(text);
        if (r.ok) {
          expect(Number.isFinite(r.value.samples)).toBe(true);
          expect(r.value.samples).toBeGreaterThanOrEqual(MIN_BUDGET);
        } else {
          expect(r.error.code).toBe("INVALID_BUDGET");
        }
      }),
    );
  });
});

describe("budgetFromGpuHours", () => {
  it("multiplies hours by 3600 s and the per-GPU throughput", () => {
    const r = budgetFromGpuHours({ gpuHours: 100, samplesPerSecondPerGpu: 1000 });
    expect(r.ok && r.value.samples).toBe(3.6e8);
  });
  it.each([
    [0, 1000, "GPU-hours must be a finite number > 0"],
    [Number.NaN, 1000, "GPU-hours must be a finite number > 0"],
    [10, -1, "Samples per second per GPU"],
    [1e12, 1e6, "out of range"],
  ])("rejects %d GPU-h at %d/s", (gpuHours, samplesPerSecondPerGpu, fragment) => {
    const r = budgetFromGpuHours({ gpuHours, samplesPerSecondPerGpu });
    expect(!r.ok && r.error.message).toContain(fragment);
  });
});
