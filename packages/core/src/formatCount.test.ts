import { describe, expect, it } from "vitest";
import { formatCount } from "./formatCount.js";

describe("formatCount", () => {
  it.each([
    [32e6, "32M"],
    [1.28e9, "1.28B"],
    [12.8e6, "12.8M"],
    [38.4e6, "38.4M"],
    [439_631_927, "439.6M"],
    [49_254_321, "49.25M"],
    [640e3, "640k"],
    [950, "950"],
    [0, "0"],
    [1e12, "1T"],
    [999_990_000, "1B"],
    [999_960, "1M"],
    [2.5, "2.5"],
    [999.9e12, "999.9T"],
    [999.96e12, "1e15"],
    [1e15, "1e15"],
    [2.5e17, "2.5e17"],
    [1.2345e288, "1.235e288"],
  ])("%d → %s", (n, text) => {
    expect(formatCount(n)).toBe(text);
  });
});
