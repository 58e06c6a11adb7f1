import { holdout } from "@qqt/fit";
import { describe, expect, it } from "vitest";
import { exampleFitSettings } from "./examples";
import { DEFAULT_FIT_SETTINGS } from "./fitSettings";
import { defaultHoldoutSplit, holdoutOptionsOf, holdoutView, parseSplit, splitText } from "./holdout";
import { DATACOMP_SYNTHETIC } from "./testing/fixtures";
import { holdoutStudy, runJob } from "./workerJobs";
import type { WorkerResponse } from "./workerProtocol";

describe("the holdout form", () => {
  it("starts by fitting about the smaller 60% of the study's budgets (or pass counts)", () => {
    expect(defaultHoldoutSplit(DATACOMP_SYNTHETIC, "samplesSeen")).toEqual({ by: "samplesSeen", until: 1.4e8 });
    expect(defaultHoldoutSplit(DATACOMP_SYNTHETIC, "passes")).toEqual({ by: "passes", until: 7 });
    expect(splitText({ by: "samplesSeen", until: 1.4e8 })).toBe("140M");
    expect(splitText({ by: "passes", until: 7 })).toBe("7");
    const one = { ...DATACOMP_SYNTHETIC, observations: DATACOMP_SYNTHETIC.observations.filter((o) => o.samplesSeen === 25.6e6) };
    expect(defaultHoldoutSplit(one, "samplesSeen")).toBeUndefined();
  });

  it("reads the limit with the one budget grammar, or as a number of passes", () => {
    expect(parseSplit("samplesSeen", "64M")).toEqual({ ok: true, value: { by: "samplesSeen", until: 64e6 } });
    expect(parseSplit("passes", "6")).toEqual({ ok: true, value: { by: "passes", until: 6 } });
    const bad = parseSplit("samplesSeen", "64m");
    expect(!bad.ok && bad.error.message).toContain('Budget "64m" uses "m"');
    const zero = parseSplit("passes", "0");
    expect(!zero.ok && zero.error.message).toBe('Passes: enter a number of passes > 0, e.g. 6 (got "0").');
  });

  it("becomes @qqt/fit holdout options with the model's settings", () => {
    expect(holdoutOptionsOf(DEFAULT_FIT_SETTINGS, { by: "passes", until: 6 }, 200)).toEqual({
      law: { formulation: "utility", variant: "paper" },
      seed: 0,
      loss: "sse",
      fitUntilPasses: 6,
      bootstrap: { samples: 200, method: "residuals", confidence: 0.95 },
    });
    expect(holdoutOptionsOf({ ...DEFAULT_FIT_SETTINGS, share: { b: true, tau: true } }, { by: "samplesSeen", until: 2e10 }, 0)).toEqual({
      law: { formulation: "utility", variant: "paper" },
      seed: 0,
      loss: "sse",
      share: ["b", "tau"],
      fitUntil: 2e10,
    });
  });
});

describe("the holdout job", () => {
  const settings = exampleFitSettings("datacomp-synthetic");

  it("fits the smaller budgets in the worker and shows @qqt/fit's holdout: predicted vs observed, intervals, coverage", async () => {
    const split = { by: "passes", until: 6 } as const;
    const messages: WorkerResponse[] = [];
    let clock = 0;
    await runJob({ kind: "holdout", id: 9, study: DATACOMP_SYNTHETIC, settings, split, refits: 30 }, (m) => messages.push(structuredClone(m)), new AbortController().signal, () => (clock += 10));
    const done = messages.at(-1)!;
    if (done.kind !== "holdout-done") throw new Error(JSON.stringify(done));
    expect(messages.filter((m) => m.kind === "progress").at(-1)).toMatchObject({ phase: "bootstrap", done: 30, total: 30 });
    const view = done.holdout;
    // Exactly @qqt/fit's holdout with the same options (the fit and its bootstrap are seeded).
    const direct = await holdout(DATACOMP_SYNTHETIC, holdoutOptionsOf(settings, split, 30));
    expect(view).toEqual(holdoutView(direct, DATACOMP_SYNTHETIC, { ...settings, bootstrapSamples: 30 }));
    expect(view.fitted).toBe(21);
    expect(view.heldOut).toBe(11);
    expect(view.rows.every((r) => r.passes > 6)).toBe(true);
    expect(view.rows[0]).toMatchObject({ name: "top 10%", samplesSeen: 102.4e6, passes: 8 });
    expect(view.rows.every((r) => r.interval !== undefined && r.covered === (r.observed >= r.interval.low && r.observed <= r.interval.high))).toBe(true);
    expect(view.summary.coverage).toEqual({
      covered: view.rows.filter((r) => r.covered).length,
      count: 11,
      fraction: view.rows.filter((r) => r.covered).length / 11,
      confidence: 0.95,
    });
    expect(view.uncertainty.kind).toBe("estimated");
    expect(view.settings).toBe("utility law (reference variant); b per bucket, tau per bucket; SSE loss; seed 0; 30 bootstrap refits (residuals, 95%)");
  });

  it("without refits gives point predictions and says why there is no interval", async () => {
    const view = await holdoutStudy(DATACOMP_SYNTHETIC, settings, { by: "samplesSeen", until: 1.4e8 }, 0, new AbortController().signal, () => 0, () => {});
    expect(view.heldOut).toBe(5);
    expect(view.summary.coverage).toBeUndefined();
    expect(view.rows.every((r) => r.interval === undefined && r.covered === undefined)).toBe(true);
    expect(view.uncertainty.kind).toBe("none");
  });

  it("fails with the fitter's code when nothing is held out", async () => {
    const messages: WorkerResponse[] = [];
    await runJob({ kind: "holdout", id: 10, study: DATACOMP_SYNTHETIC, settings, split: { by: "samplesSeen", until: 1e12 }, refits: 0 }, (m) => messages.push(m), new AbortController().signal);
    expect(messages.at(-1)).toMatchObject({ kind: "failed", id: 10, error: { name: "FitError", code: "INSUFFICIENT_DATA" } });
  });
});
