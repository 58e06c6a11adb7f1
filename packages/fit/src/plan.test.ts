import { adviceEngine, predictError, seededRandom, standardNormal, type Bucket } from "@qqt/core";
import { describe, expect, it } from "vitest";
import { bootstrap } from "./bootstrap.js";
import { fit } from "./fit.js";
import { FitError } from "./FitError.js";
import { coldStartDesign, planNextRuns, PLAN_TOLERANCE } from "./plan.js";
import { simulatePlanning } from "./testing/planSimulation.js";
import { paperDesign, TRUE_BUCKETS, TRUE_TASK } from "./testing/synthetic.js";
import type { FitInput, Observation } from "./types.js";

const LAW = { variant: "reference" as const };
const TWO = TRUE_BUCKETS.slice(0, 2);
const S = 12.8e6;
/** Where top 10% and top 20% cross under the true parameters (the decision there is as hard as it gets). */
const CROSSOVER = 49_251_998;

/** Two buckets: top 10% run to 2 passes only, top10-20 and the top-20% pool to 4: top 10% at the target is unknown. */
function thinStudy(seed: number): FitInput {
  const random = seededRandom(seed);
  const observations: Observation[] = [];
  const run = (pool: string[], n: number) =>
    observations.push({ pool, samplesSeen: n, error: predictError(TWO.filter((b) => pool.includes(b.id)), TRUE_TASK, n, LAW) + 0.003 * standardNormal(random) });
  for (const p of [1, 2]) run(["top0-10"], p * S);
  for (const p of [1, 2, 4]) run(["top10-20"], p * S);
  for (const p of [1, 2, 4]) run(["top0-10", "top10-20"], 2 * p * S);
  return { buckets: TWO.map(({ id, size }) => ({ id, size })), observations };
}

const CANDIDATES = [
  { pool: ["top0-10"], samplesSeen: CROSSOVER },
  { pool: ["top0-10", "top10-20"], samplesSeen: CROSSOVER },
  { pool: ["top0-10"], samplesSeen: S },
  { pool: ["top0-10", "top10-20"], samplesSeen: 409.6e6 },
];

describe("planNextRuns", () => {
  it("proposes first the run the decision hinges on: the smaller pool at the target's passes, beyond its data", async () => {
    const boot = await bootstrap(thinStudy(4), { samples: 100, law: LAW, seed: 4 });
    const plan = planNextRuns(boot.model, [CROSSOVER], CANDIDATES, { next: 2 });
    expect(plan.method).toBe("value-of-information");
    expect(plan.settled).toBe(false);
    expect(plan.decision[0]!.expectedRegret).toBeGreaterThan(PLAN_TOLERANCE);
    expect(plan.next[0]).toMatchObject({ pool: ["top0-10"], samplesSeen: CROSSOVER, name: "top 10%" });
    expect(plan.next[0]!.passes).toBeCloseTo(CROSSOVER / S, 9);
    expect(plan.next[0]!.expectedRegretAfter!).toBeLessThan(plan.expectedRegret! / 2);
    expect(plan.next[0]!.why).toMatch(/^decides top \d+% against top \d+% at 49\.25M \(P\(best\) \d+%\): expected regret/);
    // The second run accounts for the first: its expected regret after is for both observed, and lower.
    expect(plan.next[1]!.expectedRegretAfter!).toBeLessThan(plan.next[0]!.expectedRegretAfter!);
    expect(plan.totalCost).toBe(plan.next[0]!.cost + plan.next[1]!.cost);
  });

  it("changes once the proposed run is done: the decision is surer and the next run is another", async () => {
    const study = thinStudy(4);
    const first = await bootstrap(study, { samples: 100, law: LAW, seed: 4 });
    const before = planNextRuns(first.model, [CROSSOVER], CANDIDATES, { next: 1 });
    const done = before.next[0]!;
    const outcome = predictError(TWO.filter((b) => done.pool.includes(b.id)), TRUE_TASK, done.samplesSeen, LAW) + 0.003 * standardNormal(seededRandom(99));
    const second = await bootstrap({ ...study, observations: [...study.observations, { pool: done.pool, samplesSeen: done.samplesSeen, error: outcome }] }, { samples: 100, law: LAW, seed: 4 });
    const remaining = CANDIDATES.filter((c) => !(c.pool.join() === done.pool.join() && c.samplesSeen === done.samplesSeen));
    const after = planNextRuns(second.model, [CROSSOVER], remaining, { next: 1 });
    expect(after.expectedRegret!).toBeLessThan(before.expectedRegret!);
    expect(after.settled || after.next[0]!.pool.join() + after.next[0]!.samplesSeen !== done.pool.join() + done.samplesSeen).toBe(true);
  });

  it("says settled, with no runs, when the decision is already sure", async () => {
    const input = paperDesign({ buckets: TRUE_BUCKETS.slice(0, 4), noise: 0.002, seed: 1, law: LAW });
    const boot = await bootstrap(input, { samples: 60, law: LAW, seed: 1 });
    const plan = planNextRuns(boot.model, [26e6]); // half the first crossover's budget: top 10% by a wide margin
    expect(plan.decision[0]!.name).toBe("top 10%");
    expect(plan.settled).toBe(true);
    expect(plan.next).toEqual([]);
    expect(plan.expectedRegret!).toBeLessThan(PLAN_TOLERANCE);
  });

  it("asks for the runs that make a fit identifiable when it cannot weigh the decision yet", () => {
    const input = paperDesign({ buckets: TRUE_BUCKETS.slice(0, 4), law: LAW }, [2]); // 4 runs for 10 parameters
    const plan = planNextRuns(fit(input, { law: LAW }).model, [640e6]);
    expect(plan.method).toBe("identifiability");
    expect(plan.next.length).toBeGreaterThanOrEqual(8); // at least 10 + 2 − 4 more runs
    expect(plan.next.every((r) => r.pool.length === 1)).toBe(true);
    expect(plan.notes[0]).toMatch(/4 runs for 10 free parameters: at least 8 more runs/);
    expect(plan.decision[0]!.probability).toBeUndefined();
  });

  it("refuses targets below every run, unknown buckets, and candidates that cannot change the decision", async () => {
    const boot = await bootstrap(thinStudy(4), { samples: 40, law: LAW, seed: 4 });
    expect(() => planNextRuns(boot.model, [1e6])).toThrow(/every target \(1M\) is below the smallest fitted run \(12\.8M samples seen\)/);
    expect(() => planNextRuns(boot.model, [CROSSOVER], [{ pool: ["nope"], samplesSeen: 1e8 }])).toThrow(expect.objectContaining({ code: "UNKNOWN_BUCKET", path: "candidates[0].pool[0]" }));
    expect(() => planNextRuns(boot.model, [CROSSOVER], CANDIDATES, { maxCost: 1e6 })).toThrow(/none of the 4 candidate runs can change the decision at 49\.25M.*within --max-cost 1M/);
    expect(() => planNextRuns(boot.model, [CROSSOVER], undefined, { next: 0 })).toThrow(FitError);
  });
});

describe("coldStartDesign", () => {
  it("proposes a design whose fit is identifiable, at a fraction of the paper's cost", async () => {
    const buckets: Bucket[] = TRUE_BUCKETS.slice(0, 4);
    const design = coldStartDesign(buckets, [640e6]);
    expect(design.method).toBe("cold-start");
    expect(design.next).toHaveLength(12); // 1, 2 and 4 passes per bucket
    expect(design.totalCost).toBe(7 * 4 * S);
    expect(design.paperDesign).toEqual({ runs: 20, cost: 30 * 4 * S });
    expect(design.notes[0]).toMatch(/12 runs for 10 free parameters.*23% of the paper's design/);
    // Simulate its outcome from the truth and fit it: identifiable, estimable.
    const random = seededRandom(3);
    const observations = design.next.map((r) => ({
      pool: r.pool,
      samplesSeen: r.samplesSeen,
      error: predictError(buckets.filter((b) => r.pool.includes(b.id)), TRUE_TASK, r.samplesSeen, LAW) + 0.003 * standardNormal(random),
    }));
    const boot = await bootstrap({ buckets: buckets.map(({ id, size }) => ({ id, size })), observations }, { samples: 60, law: LAW });
    expect(boot.fit.warnings.filter((w) => w.code === "NOT_IDENTIFIABLE" || w.code === "NO_STANDARD_ERRORS")).toEqual([]);
    expect(adviceEngine(boot.model).uncertainty.kind).toBe("estimated");
  });

  it("adds runs for few buckets, and shares tau when asked", () => {
    const two = coldStartDesign(TWO, [640e6]);
    expect(two.next.length).toBeGreaterThanOrEqual(8); // 6 free parameters + 2
    expect(two.next.some((r) => r.pool.length === 2)).toBe(true);
    const shared = coldStartDesign(TRUE_BUCKETS.slice(0, 5), [640e6], { shareTau: true });
    expect(shared.notes[0]).toMatch(/for 8 free parameters \(a, d, b per bucket, one shared tau\)/);
    expect(shared.totalCost).toBeLessThan(coldStartDesign(TRUE_BUCKETS.slice(0, 5), [640e6]).totalCost);
  });
});

describe("the planning simulation (small version of pnpm bench)", () => {
  it("decides better than the paper design at equal compute (6 truths; the full run is bench/planSimulation.test.ts)", async () => {
    const rows = await simulatePlanning({ truths: 6, buckets: [4, 5], samples: 30, rounds: 6 });
    const at = (policy: string, f: number) => rows.find((r) => r.policy === policy && r.fraction === f)!;
    for (const f of [0.25, 0.5]) {
      expect(at("qqt plan", f).accuracy).toBeGreaterThanOrEqual(at("paper design", f).accuracy);
      expect(at("qqt plan", f).meanRegret).toBeLessThanOrEqual(at("paper design", f).meanRegret);
    }
    expect(at("qqt plan", 1).spent).toBeLessThanOrEqual(1);
  }, 600_000);
});
