// The programmatic API: run() with an injected IO, in-process.
import { describe, expect, it } from "vitest";
import { EXIT_CODES, run, type CliIO } from "../src/index.js";

function io(): CliIO & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { stdout: { write: (t) => out.push(t) }, stderr: { write: (t) => err.push(t) }, isTTY: { stdout: false, stderr: false }, env: {}, out, err };
}

describe("run()", () => {
  it("returns exit codes instead of exiting, and writes to the injected streams", async () => {
    const a = io();
    expect(await run(["--version"], a)).toBe(EXIT_CODES.ok);
    expect(a.out.join("")).toMatch(/^\d+\.\d+\.\d+\n$/);
    const b = io();
    expect(await run(["recommend", "nope.json"], b)).toBe(EXIT_CODES.usage);
    expect(b.err.join("")).toContain("required option");
    const c = io();
    expect(await run(["recommend", "nope.json", "--budgets", "1M"], c)).toBe(EXIT_CODES.failure);
    expect(c.err.join("")).toContain("nope.json — no such file or directory");
    expect(c.out).toEqual([]);
  });

  it("colors when the IO says so", async () => {
    const d = { ...io(), color: true };
    expect(await run(["recommend", "nope.json", "--budgets", "1M"], d)).toBe(1);
    expect(d.err.join("")).toContain("\u001b[");
  });
});
