import { describe, expect, it } from "vitest";
import { lawStart } from "./lawStart.js";
import { nestedPercents, percentRange, poolName } from "./poolName.js";
import { TMARS_BUCKETS } from "./testing/tmars.js";

const laion = [
  { id: "LAION-80M", size: 8e7 },
  { id: "LAION-400M", size: 4e8 },
  { id: "LAION-2B", size: 2.32e9 },
];
const plain = [{ id: "a" }, { id: "b" }, { id: "c" }];

describe("poolName", () => {
  it.each([
    [["top0-10"], TMARS_BUCKETS, "top 10%"],
    [["top0-10", "top10-20", "top20-30"], TMARS_BUCKETS, "top 30%"],
    [["top10-20", "top20-30"], TMARS_BUCKETS, "10–30%"],
    [["top0-10", "top30-40"], TMARS_BUCKETS, "top 10% + 30–40%"],
    [["LAION-400M"], laion, "LAION-400M"],
    [["a", "b"], plain, "top-2"],
    [["a", "c"], plain, "a+c"],
    [["a"], plain, "a"],
  ])("%j → %s", (ids, buckets, name) => {
    expect(poolName(ids, buckets)).toBe(name);
  });

  it("does not call a pool top-2 when a bucket is named so", () => {
    expect(poolName(["x", "top-2"], [{ id: "x" }, { id: "top-2" }])).toBe("x+top-2");
  });
});

describe("percentRange and nestedPercents", () => {
  it.each([
    [{ id: "top10-20" }, { from: 10, to: 20 }],
    [{ id: "b3", label: "top 20–30% by CLIP score" }, { from: 20, to: 30 }],
    [{ id: "q", label: "10% to 25%" }, { from: 10, to: 25 }],
    [{ id: "top20-10" }, undefined],
    [{ id: "LAION-2B" }, undefined],
  ])("%j → %j", (bucket, range) => {
    expect(percentRange(bucket)).toEqual(range);
  });
  it("lists the nested percents while the ranges are contiguous from 0", () => {
    expect(nestedPercents(TMARS_BUCKETS)).toEqual([10, 20, 30, 40]);
    expect(nestedPercents([{ id: "top0-10" }, { id: "top20-30" }])).toEqual([10]);
  });
});

describe("lawStart", () => {
  it("is normalizer / a", () => {
    expect(lawStart({ a: 0.022, d: 0.1 })).toBeCloseTo(4545454.545454, 5);
    expect(lawStart({ a: 2, d: 0, normalizer: 10 })).toBe(5);
  });
});
