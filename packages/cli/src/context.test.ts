import { describe, expect, it } from "vitest";
import { Context } from "./context.js";
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
