import { readFileSync } from "node:fs";
import { adviceEngine, predictError } from "@qqt/core";
import { describe, expect, it } from "vitest";
import { fit } from "./fit.js";
import type { FitInput, Observation } from "./types.js";

// Scale transfer on real runs: the seven DataComp filtering baselines trained at both the small (12.8M pool and
// samples seen) and the medium scale (128M). Each filter is a quality group: its small and medium subsets share b and
// tau, a and d are shared by all. (test-data/README.md credits the data.)
const SAMPLES_SEEN: Record<string, number> = { small: 12.8e6, medium: 128e6 };

interface Baseline {
  scale: string;
  name: string;
  error: number;
  size: number;
}

function baselines(): Baseline[] {
  const lines = readFileSync(new URL("../test-data/datacomp-baselines.csv", import.meta.url), "utf8").trim().split("\n").slice(1);
  return lines
    .map((line) => line.split(","))
    .filter((f) => f[0] === "filtering" && (f[1] === "small" || f[1] === "medium"))
    .map((f) => ({ scale: f[1]!, name: f[3]!.replace(/^Baseline: /, ""), error: 1 - Number(f[4]), size: Number(f[6]) }));
}

function study(rows: Baseline[]): FitInput {
  return {
    buckets: rows.map((r) => ({ id: `${r.scale}:${r.name}`, size: r.size, quality: { group: r.name } })),
    observations: rows.map((r): Observation => ({ pool: [`${r.scale}:${r.name}`], samplesSeen: SAMPLES_SEEN[r.scale]!, error: r.error })),
  };
}

describe("DataComp baselines: small → medium", () => {
  const rows = baselines();
  const filters = [...new Set(rows.map((r) => r.name))].filter((name) => rows.filter((r) => r.name === name).length === 2);

  it("has the seven filters at both scales", () => {
    expect(filters).toHaveLength(7);
  });

  it("from the small runs alone the fit is under-determined, and the advice says not estimable", () => {
    const small = rows.filter((r) => r.scale === "small" && filters.includes(r.name));
    const medium = rows.filter((r) => r.scale === "medium" && filters.includes(r.name));
    const input = study([...small, ...medium]);
    input.observations = input.observations.filter((o) => o.pool[0]!.startsWith("small:"));
    const result = fit(input, { share: ["tau"] });
    expect(result.observations).toBe(7);
    expect(result.freeParameters).toBe(10); // a, d, a b per filter, one tau
    expect(adviceEngine(result.model).uncertainty.reasons.join(" ")).toMatch(/7 runs for 10 free parameters/);
  });

  it("predicts each filter's medium run from its small run and the other medium runs (leave one out)", () => {
    const kept = rows.filter((r) => filters.includes(r.name));
    const errors: Array<{ name: string; observed: number; predicted: number }> = [];
    for (const name of filters) {
      const input = study(kept);
      const target = `medium:${name}`;
      input.observations = input.observations.filter((o) => o.pool[0] !== target);
      const result = fit(input, { share: ["tau"] });
      const bucket = result.buckets.find((b) => b.id === target)!;
      const observed = kept.find((r) => r.scale === "medium" && r.name === name)!.error;
      errors.push({ name, observed, predicted: predictError([bucket], result.task, SAMPLES_SEEN["medium"]!, result.law) });
    }
    const mae = errors.reduce((s, e) => s + Math.abs(e.predicted - e.observed), 0) / errors.length;
    // The naive baseline: a filter's medium error is the mean of the other filters' medium errors.
    const naive =
      errors.reduce((s, e) => s + Math.abs(errors.filter((o) => o !== e).reduce((t, o) => t + o.observed, 0) / (errors.length - 1) - e.observed), 0) / errors.length;
    const rank = (xs: number[]) => xs.map((x) => xs.filter((y) => y < x).length);
    const ro = rank(errors.map((e) => e.observed));
    const rp = rank(errors.map((e) => e.predicted));
    const n = errors.length;
    const spearman = 1 - (6 * ro.reduce((s, r, i) => s + (r - rp[i]!) ** 2, 0)) / (n * (n * n - 1));
    console.log(
      `DataComp small → medium, leave one out (13 runs, 10 free parameters each): MAE ${mae.toFixed(4)} on ImageNet error ` +
        `(naive mean of the other medium runs: ${naive.toFixed(4)}); Spearman rank correlation ${spearman.toFixed(2)}\n` +
        errors.map((e) => `  ${e.name.padEnd(36)} observed ${e.observed.toFixed(3)} predicted ${e.predicted.toFixed(3)}`).join("\n"),
    );
    // Measured: MAE 0.0259 against 0.0358 naive, Spearman 0.57. The small scale is near chance on ImageNet (2.5–5% accuracy), so
    // one small run per filter says little: the transfer beats the naive guess only slightly. Kept as a guard.
    expect(mae).toBeLessThan(naive);
    expect(mae).toBeLessThan(0.03);
  });
});
