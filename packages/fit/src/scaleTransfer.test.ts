import { adviceEngine, predictError, scaleModel, type Bucket } from "@qqt/core";
import { describe, expect, it } from "vitest";
import { fit } from "./fit.js";
import { paperDesign, TRUE_BUCKETS, TRUE_TASK } from "./testing/synthetic.js";
import type { FitInput, Observation } from "./types.js";

// Scale transfer: runs on a pilot pool 1/10 the size of the full one predict the same top-k% at the full pool. The
// truth is the law with the T-MARS parameters at both scales: pilot buckets of 12.8M (the paper's), full ones of 128M.
// (At 1.28M buckets the pilot's runs would sit below normalizer / a = 4.5M samples, outside the law's range.)
const LAW = { variant: "reference" as const };
const PILOT: Bucket[] = TRUE_BUCKETS.slice(0, 4).map((b) => ({ ...b, id: `pilot-${b.id}` }));
const FULL: Bucket[] = TRUE_BUCKETS.slice(0, 4).map((b) => ({ ...b, size: b.size * 10 }));
const BUDGETS = [320e6, 640e6, 1.28e9, 6.4e9];
const nested = (buckets: Bucket[]) => buckets.map((_, k) => buckets.slice(0, k + 1));

describe("scale transfer", () => {
  it("a fit at 1/10 scale, scaled ×10, picks the full pool's best top-k% and says it extrapolates", () => {
    let right = 0;
    let total = 0;
    const errors: number[] = [];
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const pilot = paperDesign({ buckets: PILOT, noise: 0.002, seed, law: LAW });
      const model = scaleModel(fit(pilot, { law: LAW, seed }).model, 10);
      expect(model.buckets.map((b) => b.size)).toEqual(FULL.map((b) => b.size));
      const engine = adviceEngine(model);
      for (const budget of BUDGETS) {
        const advice = engine.advise(budget);
        const truth = nested(FULL).map((pool) => predictError(pool, TRUE_TASK, budget, LAW));
        total++;
        if (advice.best.index === truth.indexOf(Math.min(...truth))) right++;
        advice.candidates.forEach((c, i) => errors.push(Math.abs(c.error - truth[i]!)));
        // The pilot's runs saw at most 128M samples: every full-scale budget here is 2.5× to 50× beyond them.
        expect(advice.extrapolation!.samplesSeenFactor).toBeCloseTo(budget / 128e6, 9);
        expect(advice.warnings.some((w) => w.code === "EXTRAPOLATION")).toBe(budget / 128e6 > 3);
      }
    }
    const mae = errors.reduce((s, e) => s + e, 0) / errors.length;
    console.log(`scale transfer ×10: best pool right in ${right} of ${total}; MAE of the predicted errors ${mae.toFixed(4)}`);
    // Measured: the best pool right in 31 of 32; errors off by 0.021 on average (the pilot's a and d trade off).
    expect(right).toBeGreaterThanOrEqual(30);
    expect(mae).toBeLessThan(0.035);
  });

  it("quality groups fit pilot and full-scale runs jointly: one b and tau per group, and better full-scale predictions", () => {
    const pilotRuns = paperDesign({ buckets: PILOT, noise: 0.002, seed: 9, law: LAW });
    const full = paperDesign({ buckets: FULL, noise: 0.002, seed: 10, law: LAW }, [1, 2, 4, 8]);
    const early = (o: Observation) => o.samplesSeen <= 2 * 128e6;
    const buckets = [
      ...FULL.map((b) => ({ id: b.id, size: b.size, quality: { group: b.id } })),
      ...PILOT.map((b, i) => ({ id: b.id, size: b.size, quality: { group: FULL[i]!.id } })),
    ];
    const joint: FitInput = { buckets, observations: [...full.observations.filter(early), ...pilotRuns.observations] };
    const alone: FitInput = { buckets: FULL.map(({ id, size }) => ({ id, size })), observations: full.observations.filter(early) };
    const grouped = fit(joint, { law: LAW, seed: 9 });
    expect(grouped.freeParameters).toBe(2 + 2 * 4); // a, d and one (b, tau) per group: the pilot buckets add none
    grouped.buckets.slice(4).forEach((b, i) => {
      expect(b.b).toBe(grouped.buckets[i]!.b);
      expect(b.tau).toBe(grouped.buckets[i]!.tau);
    });
    // Default candidates: the same top-k% at the largest scale of each group.
    expect(grouped.model.candidates).toEqual(nested(FULL).map((pool) => pool.map((b) => b.id)));
    const byId = (r: ReturnType<typeof fit>) => new Map(r.buckets.map((b) => [b.id, b]));
    const heldOut = full.observations.filter((o) => !early(o));
    const mae = (r: ReturnType<typeof fit>) => {
      const m = byId(r);
      return heldOut.reduce((s, o) => s + Math.abs(predictError(o.pool.map((id) => m.get(id)!), r.task, o.samplesSeen, r.law) - o.error), 0) / heldOut.length;
    };
    const withPilot = mae(grouped);
    const fullOnly = mae(fit(alone, { law: LAW, seed: 9 }));
    expect(withPilot).toBeLessThan(0.006);
    expect(withPilot).toBeLessThan(fullOnly);
    // Coverage pools a group's runs: the full-scale top0-10 is covered to 10 passes by its pilot.
    expect(grouped.coverage.buckets[0]).toEqual({ id: "top0-10", runs: 7, maxPasses: 10 });
    console.log(`quality groups: held-out full-scale runs at 4 and 8 epochs, MAE ${withPilot.toFixed(4)} with the pilot's runs, ${fullOnly.toFixed(4)} without`);
  });

  it("says what is wrong with a group that cannot be fitted or is fixed inconsistently", () => {
    const runs = paperDesign({ buckets: PILOT.slice(0, 2), law: LAW });
    const buckets = [
      { id: "top0-10", size: 12.8e6, quality: { group: "q1" } },
      { id: "lonely", size: 12.8e6, quality: { group: "nobody-ran-me" } },
      ...PILOT.slice(0, 2).map((b, i) => ({ id: b.id, size: b.size, quality: { group: i === 0 ? "q1" : "q2" } })),
    ];
    expect(() => fit({ buckets, observations: runs.observations }, { law: LAW })).toThrow(/bucket "lonely" is in no observation's pool.*give it a quality group with fitted buckets/);
    const ok = buckets.filter((b) => b.id !== "lonely");
    expect(() => fit({ buckets: ok, observations: runs.observations }, { law: LAW, fixed: { tau: { "top0-10": 4 } } })).toThrow(/share the quality group "q1", so they have one tau/);
    expect(() => fit({ buckets: [{ id: "x", size: 1, quality: { group: "" } }], observations: runs.observations })).toThrow(/quality\.group/);
  });
});
