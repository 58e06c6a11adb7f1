import { describe, expect, it } from "vitest";
import { formatPasses } from "./numbers.js";

describe("formatPasses", () => {
  it.each([
    [1, "1 pass"],
    [2.5, "2.5 passes"],
    [16.666, "~17 passes"],
    [0.5, "0.5 passes"],
    [0.026041, "~0.026 passes"],
    [0.1, "0.1 passes"],
    [999_999, "999999 passes"],
    [2.6041666e9, "~2.6e9 passes"],
    [2.6041666666666668e292, "~2.6e292 passes"],
    [3e6, "3e6 passes"],
  ])("%d → %s", (passes, text) => {
    expect(formatPasses(passes)).toBe(text);
  });
});
