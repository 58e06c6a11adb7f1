import type { Bucket } from "@qqt/core";
import { describe, expect, it } from "vitest";
import { CliError } from "./errors.js";
import { resolvePool } from "./pools.js";

// The grammar itself is @qqt/data's (resolvePool.test.ts there); here: its errors become usage errors naming the option.
const tmars: Bucket[] = ["top0-10", "top10-20", "top20-30", "top30-40"].map((id, i) => ({ id, size: 12.8e6, b: -0.18 + 0.02 * i, tau: 4 }));

describe("resolvePool (CLI)", () => {
  it("resolves the pool grammar", () => {
    expect(resolvePool("top30%", tmars)).toEqual(["top0-10", "top10-20", "top20-30"]);
    expect(resolvePool("top30-40+top0-10", tmars, "--candidates")).toEqual(["top0-10", "top30-40"]);
  });
  it.each([
    ["top-5", "--pool", /^--pool: "top-5" asks for the 5 best buckets, but the model has 4/],
    ["nope", "--candidates", /^--candidates: unknown bucket "nope"/],
  ])("refuses %s with a usage error (exit 2)", (spec, option, message) => {
    let error: unknown;
    try {
      resolvePool(spec, tmars, option);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(2);
    expect((error as CliError).message).toMatch(message);
  });
});
