// The CSV template the import panel offers (public/qqt-runs-template.csv) is a real example: it imports with
// @qqt/data as the page reads it, and fits with the page's default settings to its known parameters' error curve.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { fit } from "@qqt/fit";
import { describe, expect, it } from "vitest";
import { RUNS_TEMPLATE_PATH } from "./template";
import { readInput } from "./readInput";

const TEMPLATE = fileURLToPath(new URL(`../public${RUNS_TEMPLATE_PATH}`, import.meta.url));

describe("the runs template", () => {
  it("imports as a tidy CSV of 21 runs of 3 buckets, and fits", () => {
    const text = readFileSync(TEMPLATE, "utf8");
    const outcome = readInput("qqt-runs-template.csv", [{ path: "qqt-runs-template.csv", text }], {});
    if (!outcome.ok) throw new Error(outcome.message);
    expect(outcome.studies).toHaveLength(1);
    const study = outcome.studies[0]!;
    expect(study.observations).toHaveLength(21);
    expect(study.buckets.map((b) => [b.id, b.size])).toEqual([
      ["top0-10", 12.8e6],
      ["top10-20", 12.8e6],
      ["top20-30", 12.8e6],
    ]);
    const model = fit(study);
    // The runs carry noise of about 0.002; the fit finds it, not more.
    expect(model.rmse).toBeGreaterThan(5e-4);
    expect(model.rmse).toBeLessThan(3e-3);
  });
});
