import type { Bucket } from "@qqt/core";
import { describe, expect, it } from "vitest";
import { CliError } from "./errors.js";
import { percentRange, poolLabel, poolName, resolvePool } from "./pools.js";

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

describe("resolvePool", () => {
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
    ["top-5", /the model has 4/],
    ["top-0", /the model has 4/],
    ["top25%", /Pools by percent: top 10%, 20%|top 10%, top 20%/],
    ["top0-10+nope", /unknown bucket "nope".*Buckets: top0-10, top10-20/],
    ["top0-10+", /empty bucket id/],
    ["top0-10+top0-10", /twice/],
  ])("refuses %s with a usage error", (spec, message) => {
    let error: unknown;
    try {
      resolvePool(spec, tmars);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(2);
    expect((error as CliError).message).toMatch(message);
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
    // The pool of the two best is not named "top-2", which is a bucket here.
    expect(poolName(["top-2", "all"], odd)).toBe("top-2+all");
    expect(poolName(["top-2", "all", "x"], odd)).toBe("top-3");
  });

  it("has no percent pools when ids and labels give no ranges", () => {
    expect(() => resolvePool("top10%", laion)).toThrow(/use top-K/);
    expect(resolvePool("top-2", laion)).toEqual(["LAION-80M", "LAION-400M"]);
  });
});

describe("pool names and labels", () => {
  it("reads percent ranges from labels, then ids", () => {
    expect(percentRange(tmars[0]!)).toEqual({ from: 0, to: 10 });
    expect(percentRange(tmars[3]!)).toEqual({ from: 30, to: 40 });
    expect(percentRange({ id: "top_5-15" })).toEqual({ from: 5, to: 15 });
    expect(percentRange(laion[0]!)).toBeUndefined();
  });

  it.each([
    [["top0-10"], "top 10%"],
    [["top0-10", "top10-20", "top20-30"], "top 30%"],
    [["top10-20", "top20-30"], "10–30%"],
    [["top0-10", "top30-40"], "top 10% + 30–40%"],
  ])("%j → %s", (ids, name) => {
    expect(poolName(ids, tmars)).toBe(name);
  });

  it("names prefixes of unnamed buckets top-K, other pools by ids", () => {
    expect(poolName(["LAION-80M", "LAION-400M"], laion)).toBe("top-2");
    expect(poolName(["LAION-80M"], laion)).toBe("LAION-80M");
    expect(poolName(["LAION-80M", "LAION-2B"], laion)).toBe("LAION-80M+LAION-2B");
  });

  it("labels a pool with buckets, unique samples and passes at a budget", () => {
    expect(poolLabel(["top0-10", "top10-20", "top20-30"], tmars, 640e6)).toBe("top 30%: 3 buckets, 38.4M unique samples, ~17 passes");
    expect(poolLabel(["top0-10"], tmars, 32e6)).toBe("top 10%: 1 bucket, 12.8M unique samples, 2.5 passes");
    expect(poolLabel(["top0-10"], tmars, 12.8e6)).toBe("top 10%: 1 bucket, 12.8M unique samples, 1 pass");
    expect(poolLabel(["top0-10", "top10-20"], tmars)).toBe("top 20%: 2 buckets, 25.6M unique samples");
  });
});
