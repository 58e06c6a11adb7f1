import type { Bucket } from "@qqt/core";
import { describe, expect, it } from "vitest";
import { DataError } from "./DataError.js";
import { resolvePool } from "./resolvePool.js";

const tmars: Bucket[] = [
  { id: "top0-10", size: 12.8e6, b: -0.18, tau: 4.36, label: "top 0–10% by T-MARS" },
  { id: "top10-20", size: 12.8e6, b: -0.15, tau: 4.27, label: "top 10–20% by T-MARS" },
  { id: "top20-30", size: 12.8e6, b: -0.12, tau: 3 },
  { id: "top30-40", size: 12.8e6, b: -0.1, tau: 1.55 },
];
const laion: Bucket[] = [
  { id: "LAION-80M", size: 80e6, b: -0.1, tau: 5 },
  { id: "LAION-400M", size: 407.3e6, b: -0.1, tau: 5 },
  { id: "LAION-2B", size: 2.32e9, b: -0.1, tau: 5 },
];

describe("resolvePool: the pool grammar", () => {
  it.each([
    ["top10-20", ["top10-20"]],
    ["top-1", ["top0-10"]],
    ["top-3", ["top0-10", "top10-20", "top20-30"]],
    ["top30%", ["top0-10", "top10-20", "top20-30"]],
    ["top 10%", ["top0-10"]],
    ["all", ["top0-10", "top10-20", "top20-30", "top30-40"]],
    ["top30-40+top0-10", ["top0-10", "top30-40"]],
    ["top30-40,top0-10", ["top0-10", "top30-40"]],
  ])("%s → %j", (spec, ids) => {
    expect(resolvePool(spec, tmars)).toEqual(ids);
  });

  it.each([
    ["top-5", "INVALID_VALUE", /the model has 4/],
    ["top-0", "INVALID_VALUE", /the model has 4/],
    ["top25%", "INVALID_VALUE", /Pools by percent: top 10%, 20%, 30%, 40%/],
    ["top0-10+nope", "UNKNOWN_BUCKET", /unknown bucket "nope".*Buckets: top0-10, top10-20/],
    ["top0-10+", "INVALID_VALUE", /empty bucket id/],
    ["top0-10+top0-10", "INVALID_VALUE", /twice/],
  ])("refuses %s (%s)", (spec, code, message) => {
    let error: unknown;
    try {
      resolvePool(spec, tmars, "--pool");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DataError);
    const issue = (error as DataError).issues[0]!;
    expect(issue.code).toBe(code);
    expect(issue.field).toBe("--pool");
    expect(issue.message).toMatch(/^--pool: /);
    expect(issue.message).toMatch(message);
  });

  it("makes the user choose when a bucket id reads like a pool: bucket:<id> for the bucket", () => {
    const odd: Bucket[] = [
      { id: "top-2", size: 1e6, b: -0.1, tau: 5 },
      { id: "all", size: 1e6, b: -0.1, tau: 5 },
      { id: "x", size: 1e6, b: -0.1, tau: 5 },
    ];
    for (const spec of ["all", "top-2"]) {
      expect(() => resolvePool(spec, odd)).toThrow(new RegExp(`"${spec}" is both a bucket id and a pool of the best buckets\\. Write "bucket:${spec}" for the bucket`));
    }
    expect(resolvePool("bucket:all", odd)).toEqual(["all"]);
    expect(resolvePool("bucket:top-2", odd)).toEqual(["top-2"]);
    expect(resolvePool("top-3", odd)).toEqual(["top-2", "all", "x"]);
    expect(() => resolvePool("bucket:nope", odd)).toThrow(/unknown bucket "nope"/);
  });

  it("has no percent pools when ids and labels give no ranges, and quotes long input briefly", () => {
    expect(() => resolvePool("top10%", laion)).toThrow(/use top-K/);
    expect(resolvePool("top-2", laion)).toEqual(["LAION-80M", "LAION-400M"]);
    try {
      resolvePool("x".repeat(5000), laion);
    } catch (e) {
      expect((e as DataError).issues[0]!.message.length).toBeLessThan(400);
    }
  });
});
