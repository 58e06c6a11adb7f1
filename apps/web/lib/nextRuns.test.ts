import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { DEFAULT_FIT_SETTINGS } from "./fitSettings";
import { planFor, planRequest } from "./nextRuns";
import { readInput } from "./readInput";
import { fitStudy } from "./workerJobs";

const TEMPLATE = fileURLToPath(new URL("../public/qqt-runs-template.csv", import.meta.url));

async function templateModel() {
  const outcome = readInput("t.csv", [{ path: "t.csv", text: readFileSync(TEMPLATE, "utf8") }], {});
  if (!outcome.ok) throw new Error(outcome.message);
  const study = outcome.studies[0]!;
  const model = await fitStudy(study, { ...DEFAULT_FIT_SETTINGS, bootstrapSamples: 40 }, "t", new AbortController().signal, () => 0, () => {});
  return { study, model };
}

describe("planFor", () => {
  it("asks planNextRuns with the study's budgets: ranked runs with cost, or settled with none", async () => {
    const { study, model } = await templateModel();
    const request = planRequest(7, model, 640e6, study);
    expect(request.studyBudgets).toEqual([25.6e6, 38.4e6, 51.2e6, 76.8e6, 102.4e6, 128e6, 153.6e6]);
    for (const budget of [50e6, 640e6, 20e9]) {
      const out = planFor(planRequest(1, model, budget, study));
      if (!out.ok) throw new Error(out.message);
      const plan = out.plan;
      expect(plan.decision[0]!.budget).toBe(budget);
      if (plan.settled) expect(plan.next).toEqual([]);
      else {
        expect(plan.next.length).toBeGreaterThan(0);
        for (const r of plan.next) {
          expect(r.cost).toBeGreaterThanOrEqual(r.samplesSeen);
          expect(r.passes).toBeGreaterThan(0);
        }
      }
      console.log(budget, plan.settled, plan.expectedRegret, plan.next.map((r) => `${r.name}@${r.samplesSeen}`));
    }
  });

  it("a bad target is a message, not a throw", () => {
    const out = planFor({ id: 3, model: { format: "qqt.model/v1" } as never, budget: -1 });
    expect(out.ok).toBe(false);
    expect(out.id).toBe(3);
  });
});
