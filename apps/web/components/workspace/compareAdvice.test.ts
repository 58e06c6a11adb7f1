import { adviceEngine } from "@qqt/core";
import { describe, expect, it } from "vitest";
import type { ModelFileV1 } from "@qqt/data";
import { TMARS } from "../../lib/testing/fixtures";
import { compareAdvice } from "./compareAdvice";

const scaled = (bScale: number): ModelFileV1 => ({ ...TMARS, name: `b × ${bScale}`, buckets: TMARS.buckets.map((b) => ({ ...b, b: b.b * bScale })) });

/** The paper model against itself with the top 20–30% bucket's tau cut to 1: from 640M on, top 30% is no longer best. */
const SHORT_LIVED = [
  ["12.8M", "top 10%", "top 10%", false],
  ["32M", "top 10%", "top 10%", false],
  ["64M", "top 20%", "top 20%", false],
  ["128M", "top 20%", "top 20%", false],
  ["640M", "top 30%", "top 20%", true],
  ["1.28B", "top 30%", "top 20%", true],
  ["12.8B", "top 30%", "top 40%", true],
];

describe("compareAdvice", () => {
  it("gives each version's recommendation at the standard budgets from its own engine, and marks where they differ", () => {
    const a = scaled(1.05);
    const b = TMARS;
    const c = compareAdvice(a, b);
    const engineA = adviceEngine(a);
    const engineB = adviceEngine(b);
    expect(c.budgets.map((r) => r.budgetText)).toEqual(["12.8M", "32M", "64M", "128M", "640M", "1.28B", "12.8B"]);
    for (const r of c.budgets) {
      const bestA = engineA.advise(r.budget).best;
      const bestB = engineB.advise(r.budget).best;
      expect(r.a!.ids).toEqual(bestA.pool);
      expect(r.b!.ids).toEqual(bestB.pool);
      expect(r.b!.error).toBe(bestB.error);
      expect(r.changed).toBe(bestA.index !== bestB.index);
    }
    expect(c.budgets.filter((r) => r.changed)).toEqual([]); // b × 1.05 moves no recommendation…
    // …a shorter-lived top 20–30% bucket does.
    const shortLived: ModelFileV1 = { ...TMARS, buckets: TMARS.buckets.map((x) => (x.id === "top20-30" ? { ...x, tau: 1 } : x)) };
    const d = compareAdvice(TMARS, shortLived);
    expect(d.budgets.map((r) => [r.budgetText, r.a!.pool, r.b!.pool, r.changed])).toEqual(SHORT_LIVED);
  });

  it("pairs the crossovers of the same two pools and marks those that moved or exist in one version only", () => {
    const a = scaled(1.05);
    const c = compareAdvice(a, TMARS);
    const range = { min: 1e7, max: 1e11 };
    const fromEngine = (m: ModelFileV1) => adviceEngine(m).crossovers(range).map((x) => x.budget);
    expect(c.crossovers.map((x) => x.a?.budget).filter((x) => x !== undefined)).toEqual(fromEngine(a));
    expect(c.crossovers.map((x) => x.b?.budget).filter((x) => x !== undefined)).toEqual(fromEngine(TMARS));
    for (const x of c.crossovers) expect(x.changed).toBe(x.a === null || x.b === null || x.a.budgetText !== x.b.budgetText);
    expect(c.crossovers.map((x) => [x.from, x.to, x.a?.budgetText, x.b?.budgetText, x.changed])).toEqual([
      ["top 10%", "top 20%", "49.4M", "49.3M", true],
      ["top 20%", "top 30%", "440M", "440M", false],
    ]);

    const same = compareAdvice(TMARS, TMARS);
    expect(same.budgets.some((r) => r.changed)).toBe(false);
    expect(same.crossovers.some((x) => x.changed)).toBe(false);
    expect(same.crossovers).toHaveLength(2);
  });

  it("a version without a model: the other's answers, every row marked", () => {
    const c = compareAdvice(null, TMARS);
    expect(c.budgets.every((r) => r.a === null && r.b !== null && r.changed)).toBe(true);
    expect(c.crossovers.map((x) => [x.a, x.b?.budgetText, x.changed])).toEqual([
      [null, "49.3M", true],
      [null, "440M", true],
    ]);
    expect(compareAdvice(null, null)).toEqual({ budgets: [], crossovers: [] });
  });
});
