import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { knownRunsCsv } from "./knownRuns";

describe("the e2e fixture of runs from known parameters", () => {
  it("is exactly what knownRunsCsv generates (regenerate it from there when the generator changes)", () => {
    const file = readFileSync(new URL("../../e2e/data/known-params-runs.csv", import.meta.url), "utf8");
    expect(file).toBe(knownRunsCsv());
    expect(file.split("\n").filter((l) => l !== "" && !l.startsWith("#"))).toHaveLength(22); // header + 21 runs
  });
});
