import { afterEach, describe, expect, it, vi } from "vitest";
import { Context, formatByteProgress } from "./context.js";
import type { CliIO } from "./io.js";

function fakeIO(overrides: Partial<CliIO> = {}): CliIO & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    stdout: { write: (t: string) => out.push(t) },
    stderr: { write: (t: string) => err.push(t) },
    isTTY: { stdout: false, stderr: false },
    env: {},
    out,
    err,
    ...overrides,
  };
}

describe("Context", () => {
  it("draws a progress bar on a terminal's stderr and removes it when done", () => {
    const io = fakeIO({ isTTY: { stdout: false, stderr: true } });
    const ctx = new Context(io, { quiet: false, debug: false, color: true });
    const bar = ctx.progress("bootstrap");
    bar.update(5, 10);
    bar.update(10, 10);
    bar.stop();
    const text = io.err.join("");
    expect(text).toContain("bootstrap [############............] 5/10");
    expect(text).toContain("bootstrap [########################] 10/10");
    expect(io.err[io.err.length - 1]).toBe("\r\u001b[K");
    expect(io.out).toEqual([]);
  });

  it("counts rows for the pool commands' DuckDB progress", () => {
    const io = fakeIO({ isTTY: { stdout: false, stderr: true } });
    const ctx = new Context(io, { quiet: false, debug: false, color: true });
    const bar = ctx.progress("pool: assignment", { unit: "rows" });
    bar.update(25e6, 100e6);
    bar.stop();
    expect(io.err.join("")).toContain("pool: assignment [######..................] 25M/100M rows");
  });

  it("counts bytes in the largest unit the total reaches", () => {
    expect(formatByteProgress(0, 512)).toBe("0/512 B");
    expect(formatByteProgress(1500, 4096)).toBe("1.5/4.1 kB");
    expect(formatByteProgress(12_345_678, 98_700_000)).toBe("12.3/98.7 MB");
    expect(formatByteProgress(2.5e9, 3e9)).toBe("2.5/3.0 GB");
  });

  describe("a read's byte bar", () => {
    afterEach(() => vi.useRealTimers());
    it("stays hidden for a read that ends within its delay, and appears with sizes after it", () => {
      vi.useFakeTimers({ now: 0 });
      const io = fakeIO({ isTTY: { stdout: false, stderr: true } });
      const ctx = new Context(io, { quiet: false, debug: false, color: true });
      const quick = ctx.progress("reading a.csv", { unit: "bytes", delayMs: 300 });
      quick.update(0, 2e6);
      vi.advanceTimersByTime(100);
      quick.update(2e6, 2e6);
      quick.stop();
      expect(io.err).toEqual([]);
      const slow = ctx.progress("reading big.csv", { unit: "bytes", delayMs: 300 });
      slow.update(0, 8e7);
      vi.advanceTimersByTime(400);
      slow.update(2e7, 8e7);
      slow.stop();
      const text = io.err.join("");
      expect(text).toContain("reading big.csv [######..................] 20.0/80.0 MB");
      expect(io.err.at(-1)).toBe("\r\u001b[K");
    });
  });

  it("draws nothing when stderr is not a terminal, or with --quiet", () => {
    for (const [tty, quiet] of [
      [false, false],
      [true, true],
    ] as const) {
      const io = fakeIO({ isTTY: { stdout: true, stderr: tty } });
      const ctx = new Context(io, { quiet, debug: false, color: true });
      const bar = ctx.progress("bootstrap");
      bar.update(1, 2);
      bar.update(2, 2);
      bar.stop();
      ctx.warn("careful");
      expect(io.err.join("")).toBe(quiet ? "" : "warning: careful\n");
    }
  });

  it("colors a stream only on a terminal, never with NO_COLOR or --no-color, and with FORCE_COLOR", () => {
    const cases: Array<[Partial<CliIO>, boolean, boolean]> = [
      [{ isTTY: { stdout: true, stderr: true } }, true, true],
      [{ isTTY: { stdout: false, stderr: false } }, true, false],
      [{ isTTY: { stdout: true, stderr: true }, env: { NO_COLOR: "1" } }, true, false],
      [{ isTTY: { stdout: true, stderr: true }, env: { NO_COLOR: "" } }, true, true],
      [{ isTTY: { stdout: true, stderr: true } }, false, false],
      [{ env: { FORCE_COLOR: "1" } }, true, true],
      [{ env: { FORCE_COLOR: "1", NO_COLOR: "1" } }, true, false],
      [{ env: { FORCE_COLOR: "0" } }, true, false],
      [{ color: true }, true, true],
      [{ color: true }, false, false],
    ];
    for (const [overrides, flag, expected] of cases) {
      const ctx = new Context(fakeIO(overrides), { quiet: false, debug: false, color: flag });
      expect(ctx.out.enabled, JSON.stringify(overrides)).toBe(expected);
      expect(ctx.out.bold("x") !== "x").toBe(expected);
    }
  });
});
