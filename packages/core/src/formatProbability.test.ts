import { describe, expect, it } from "vitest";
import { formatProbability } from "./formatProbability.js";

describe("formatProbability", () => {
  it.each([
    [1, 200, "≥98%"],
    [0, 200, "≤2%"],
    [1, 24, "≥87%"],
    [1, 2, "≥0%"],
    [0.815, 200, "82%"],
    [0.999, undefined, ">99%"],
    [0.001, undefined, "<1%"],
    [1, undefined, "100%"],
    [NaN, 10, "—"],
  ])("%d of %d draws → %s", (p, draws, text) => {
    expect(formatProbability(p, draws)).toBe(text);
  });
});
