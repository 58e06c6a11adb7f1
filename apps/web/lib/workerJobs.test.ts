import { recommend } from "@qqt/core";
import { parseModel, type Study } from "@qqt/data";
import { describe, expect, it } from "vitest";
import { compileAdvisor, recommendationSentence } from "./advisor";
import { exampleFitSettings } from "./examples";
import { DEFAULT_FIT_SETTINGS } from "./fitSettings";
import { readInput } from "./readInput";
import { KNOWN_PARAMETERS, knownRunsCsv } from "./testing/knownRuns";
import { runJob } from "./workerJobs";
import type { WorkerJob, WorkerResponse } from "./workerProtocol";

/** Runs a job as the worker would, collecting its messages. */
async function run(job: WorkerJob, signal = new AbortController().signal): Promise<WorkerResponse[]> {
  const messages: WorkerResponse[] = [];
  let clock = 0;
  await runJob(job, (m) => messages.push(structuredClone(m)), signal, () => (clock += 10));
  return messages;
}

const knownStudy = (): Study => {
  const r = readInput("runs.csv", [{ path: "runs.csv", text: knownRunsCsv() }], {});
  if (!r.ok) throw new Error(r.message);
  return r.studies[0]!;
};

describe("worker jobs", () => {
  it("read: parses an import and answers with the outcome", async () => {
    const [m, ...rest] = await run({ kind: "read", id: 7, name: "runs.csv", files: [{ path: "runs.csv", text: new TextEncoder().encode(knownRunsCsv()) }], choices: {} });
    expect(rest).toEqual([]);
    expect(m!.kind).toBe("read-done");
    if (m!.kind !== "read-done" || !m!.outcome.ok) throw new Error("not read");
    expect(m!.id).toBe(7);
    expect(m!.outcome.studies[0]!.observations).toHaveLength(21);
  });

  it("fit: recovers the known parameters, reports progress, and returns a valid qqt.model/v1 with bootstrap draws", async () => {
    const study = knownStudy();
    const messages = await run({ kind: "fit", id: 1, study, settings: { ...DEFAULT_FIT_SETTINGS, bootstrapSamples: 30 }, label: "runs.csv" });
    const progress = messages.filter((m) => m.kind === "progress");
    expect(progress[0]).toEqual({ kind: "progress", id: 1, phase: "fit", done: 0, total: 1, failures: 0 });
    expect(progress.at(-1)).toMatchObject({ phase: "bootstrap", done: 30, total: 30 });
    const done = messages.at(-1)!;
    expect(done.kind).toBe("fit-done");
    if (done.kind !== "fit-done") return;
    // What the page downloads is what @qqt/data reads back.
    const model = parseModel(JSON.stringify(done.model), { file: "model.json" }).data;
    expect(model.name).toBe("runs"); // a tidy CSV study is named after its file
    expect(model.description).toBe(
      "Fitted in the browser by @qqt/fit to 21 runs of runs.csv: utility law (paper variant); b per bucket, tau per bucket; SSE loss; seed 0; 30 bootstrap refits (residuals, 95%).",
    );
    expect(model.fit?.bootstrap?.draws).toHaveLength(30);
    expect(model.fit?.observations).toBe(21);
    // The fit recovers the parameters the runs were generated from (noise sd 0.002).
    const truth = KNOWN_PARAMETERS.buckets;
    model.buckets.forEach((b, i) => expect(Math.abs(b.b - truth[i]!.b)).toBeLessThan(0.02));
    expect(Math.abs(model.task.d - KNOWN_PARAMETERS.task.d)).toBeLessThan(0.05);
    // …and recommends what the true parameters recommend at 640M.
    const { buckets, task, law } = model;
    const fitted = recommend(buckets, task, [640e6], law)[0]!;
    const known = recommend(truth, KNOWN_PARAMETERS.task, [640e6], KNOWN_PARAMETERS.law)[0]!;
    expect(fitted.best).toBe(known.best);
    expect(Math.abs(fitted.errors[fitted.best - 1]! - known.errors[known.best - 1]!)).toBeLessThan(0.01);
  });

  it("fit: a synthetic study gives a model marked synthetic, with the study's metric", async () => {
    const example = await run({ kind: "example", id: 2, exampleId: "datacomp-synthetic" });
    const loaded = example[0]!;
    if (loaded.kind !== "example-done") throw new Error(loaded.kind);
    const messages = await run({ kind: "fit", id: 3, study: loaded.study!, settings: { ...exampleFitSettings("datacomp-synthetic"), bootstrapSamples: 0 }, label: "x" });
    const done = messages.at(-1)!;
    if (done.kind !== "fit-done") throw new Error(done.kind);
    expect(done.model.source?.synthetic).toBe(true);
    expect(done.model.name).toBe("SYNTHETIC DataComp-style T-MARS evaluations");
    // With its kind: the advice engine knows a 1 − accuracy error cannot exceed 1.
    expect(done.model.metric).toEqual({ name: "imagenet1k", description: "1 − DataComp main_metric of imagenet1k", kind: "1-accuracy" });
    expect(done.model.law).toEqual({ formulation: "utility", variant: "reference" });
    expect(done.model.fit?.bootstrap).toBeUndefined();
    expect(messages.filter((m) => m.kind === "progress").map((m) => m.kind === "progress" && m.phase)).toEqual(["fit", "fit"]);
  });

  it("fit: an OpenCLIP study keeps its candidates (each LAION dataset alone), and the advice names a dataset", async () => {
    const example = await run({ kind: "example", id: 2, exampleId: "laion-openclip/ViT-B-32" });
    const loaded = example[0]!;
    if (loaded.kind !== "example-done") throw new Error(loaded.kind);
    expect(loaded.study!.candidates).toEqual([["LAION-80M"], ["LAION-400M"], ["LAION-2B"]]);
    const messages = await run({ kind: "fit", id: 3, study: loaded.study!, settings: { ...exampleFitSettings("laion-openclip/ViT-B-32"), bootstrapSamples: 0 }, label: "x" });
    const done = messages.at(-1)!;
    if (done.kind !== "fit-done") throw new Error(done.kind);
    expect(parseModel(JSON.stringify(done.model)).data.candidates).toEqual([["LAION-80M"], ["LAION-400M"], ["LAION-2B"]]);
    const advice = compileAdvisor(done.model).advise(34e9);
    expect(advice.pool.buckets).toBe(1);
    expect(["LAION-80M", "LAION-400M", "LAION-2B"]).toContain(advice.pool.name);
    expect(recommendationSentence(advice.pool, 34e9)).toMatch(/^Train on LAION-(80M|400M|2B): 1 bucket, /);
  });

  it("fit: cancel aborts a running bootstrap, which ends with ABORTED (and nothing else)", async () => {
    const controller = new AbortController();
    const messages: WorkerResponse[] = [];
    await runJob(
      { kind: "fit", id: 4, study: knownStudy(), settings: { ...DEFAULT_FIT_SETTINGS, bootstrapSamples: 2000 }, label: "runs.csv" },
      (m) => {
        messages.push(m);
        if (m.kind === "progress" && m.phase === "bootstrap" && m.done >= 3) controller.abort();
      },
      controller.signal,
      () => performance.now() * 1000, // every message passes the throttle
    );
    const last = messages.at(-1)!;
    expect(last).toMatchObject({ kind: "failed", id: 4, error: { name: "FitError", code: "ABORTED" } });
    expect(messages.filter((m) => m.kind === "fit-done")).toEqual([]);
    const refits = messages.filter((m) => m.kind === "progress" && m.phase === "bootstrap").length;
    expect(refits).toBeLessThan(2000);
  });

  it("fit: too few runs fail with the fitter's code and field, never a crash", async () => {
    const study = knownStudy();
    study.observations = study.observations.slice(0, 1);
    const [m] = (await run({ kind: "fit", id: 5, study, settings: DEFAULT_FIT_SETTINGS, label: "runs.csv" })).filter((x) => x.kind === "failed");
    expect(m).toMatchObject({ kind: "failed", id: 5, error: { name: "FitError", code: "INSUFFICIENT_DATA" } });
  });

  it("example: loads the paper model, or fails for an unknown id", async () => {
    const [ok] = await run({ kind: "example", id: 6, exampleId: "tmars-paper" });
    expect(ok).toMatchObject({ kind: "example-done", exampleId: "tmars-paper", model: { task: { a: 0.022, d: 0.1, normalizer: 100000 } } });
    const [bad] = await run({ kind: "example", id: 7, exampleId: "nope" });
    expect(bad).toMatchObject({ kind: "failed", id: 7, error: { code: "INVALID_ARGUMENT" } });
  });
});
