import { writeStudy } from "@qqt/data";
import { describe, expect, it } from "vitest";
import { AdvisorError } from "./AdvisorError";
import { exampleCatalog } from "./exampleCatalog";
import { DEFAULT_BUDGET, DEFAULT_EXAMPLE_ID, exampleFitSettings } from "./examples";
import { readInput, type ReadOutcome } from "./readInput";
import {
  advisorReducer,
  exampleKey,
  exampleStudyKey,
  initialState,
  selectedModel,
  shareStateOf,
  studyOf,
  unloadedExamples,
  type AdvisorState,
} from "./state";
import { syntheticModel } from "./synthetic";
import { DATACOMP_SYNTHETIC, TMARS } from "./testing/fixtures";

const start = (): AdvisorState => initialState(exampleCatalog(), { id: DEFAULT_EXAMPLE_ID, model: TMARS }, DEFAULT_BUDGET);
const read = (name: string, text: string): Extract<ReadOutcome, { ok: true }> => {
  const r = readInput(name, [{ path: name, text }], {});
  if (!r.ok) throw new Error(r.message);
  return r;
};
const CSV = "bucket,pool_size,samples_seen,error\na,12.8M,25.6M,0.84\na,,51.2M,0.76\nb,12.8M,25.6M,0.86\nb,,51.2M,0.79\n";

describe("advisorReducer", () => {
  it("starts on the paper model at 640M with every other example listed to be opened", () => {
    const s = start();
    expect(s.models.map((m) => m.key)).toEqual(["example:tmars-paper"]);
    expect(selectedModel(s).model).toBe(TMARS);
    expect(s).toMatchObject({ budget: 640e6, budgetText: "640M", studies: [], fitStudy: undefined, pendingExample: undefined });
    expect(unloadedExamples(s).map((e) => e.id)).toEqual(["datacomp-synthetic", "laion-openclip/ViT-B-32", "laion-openclip/ViT-B-16", "laion-openclip/ViT-L-14"]);
  });

  it("applies a valid typed budget and keeps the last valid one while the text is invalid", () => {
    let s = advisorReducer(start(), { type: "budget-text", text: "1.28B" });
    expect(s.budget).toBe(1.28e9);
    s = advisorReducer(s, { type: "budget-text", text: "1.28Bx" });
    expect(s).toMatchObject({ budget: 1.28e9, budgetText: "1.28Bx" });
    expect(s.budgetError?.code).toBe("INVALID_BUDGET");
    s = advisorReducer(s, { type: "budget-value", samples: 64e6 });
    expect(s).toMatchObject({ budget: 64e6, budgetText: "64M", budgetError: undefined });
    expect(advisorReducer(s, { type: "budget-value", samples: Number.NaN })).toBe(s);
  });

  it("adds an imported CSV as a study to fit, without changing the model shown", () => {
    const outcome = read("runs.csv", CSV);
    const s = advisorReducer(start(), { type: "imported", importKey: "batch:1", name: "runs.csv", outcome, choices: {} });
    expect(s.studies).toHaveLength(1);
    expect(s.studies[0]).toMatchObject({ key: "study:1", origin: "import", importKey: "batch:1", index: 0, label: "runs.csv" });
    expect(s.fitStudy).toBe("study:1");
    expect(s.selected).toBe("example:tmars-paper");
    expect(s.notice).toBe(
      "Imported runs.csv (tidy CSV): 4 runs of 2 buckets, metric error. Fitting it now with the default settings (the same as qqt fit's); the answer follows.",
    );
  });

  it("adds a study with its model as both, the model shown with the study's runs", () => {
    const text = writeStudy({ ...DATACOMP_SYNTHETIC, model: TMARS });
    const s = advisorReducer(start(), { type: "imported", importKey: "batch:1", name: "s.json", outcome: read("s.json", text), choices: {} });
    const shown = selectedModel(s);
    expect(shown).toMatchObject({ key: "import:2", origin: "import", fileName: "s.json", studyKey: "study:1" });
    expect(shown.observations).toHaveLength(32);
    expect(studyOf(s, shown)?.study.name).toBe(DATACOMP_SYNTHETIC.name);
  });

  it("keeps everything loaded when an import fails, and remembers the choice that may fix it", () => {
    let s = advisorReducer(start(), { type: "imported", importKey: "batch:1", name: "runs.csv", outcome: read("runs.csv", CSV), choices: {} });
    const error = new AdvisorError("INVALID_INPUT", "bad", [{ path: "accuracy", message: "ambiguous" }]);
    const choice = { importKey: "batch:2", name: "acc.csv", choices: {}, choice: { kind: "accuracyScale" as const, options: ["fraction", "percent"], reason: "r" } };
    s = advisorReducer(s, { type: "import-failed", name: "acc.csv", error, choice });
    expect(s.studies).toHaveLength(1);
    expect(s.models).toHaveLength(1);
    expect(s.problem).toEqual({ title: "Could not import acc.csv", error, choice });
    expect(advisorReducer(s, { type: "dismiss" }).problem).toBeUndefined();
  });

  it("replaces a study read again with other choices, keeping its key", () => {
    let s = advisorReducer(start(), { type: "imported", importKey: "batch:1", name: "runs.csv", outcome: read("runs.csv", CSV), choices: {} });
    const other = read("runs.csv", CSV.replace("0.84", "0.83"));
    s = advisorReducer(s, { type: "reread", importKey: "batch:1", name: "runs.csv", outcome: other, choices: { tidyMetric: "x" } });
    expect(s.studies).toHaveLength(1);
    expect(s.studies[0]!.key).toBe("study:1");
    expect(s.studies[0]!.study.observations[0]!.error).toBe(0.83);
    expect(s.studies[0]!.choices).toEqual({ tidyMetric: "x" });
  });

  it("opens an example study: pending, loaded, then fitted as that example (shared by id)", () => {
    let s = advisorReducer(start(), { type: "select", key: exampleKey("datacomp-synthetic") });
    expect(s.pendingExample).toBe("datacomp-synthetic");
    expect(s.selected).toBe("example:tmars-paper");
    s = advisorReducer(s, { type: "example-loaded", exampleId: "datacomp-synthetic", study: DATACOMP_SYNTHETIC });
    expect(s.fitStudy).toBe(exampleStudyKey("datacomp-synthetic"));
    expect(s.studies[0]!.label).toBe("SYNTHETIC DataComp-style T-MARS evaluations");
    const fitted = { ...syntheticModel({ buckets: 4, seed: 1 }), name: "fitted" };
    const settings = exampleFitSettings("datacomp-synthetic");
    s = advisorReducer(s, { type: "fitted", studyKey: exampleStudyKey("datacomp-synthetic"), model: fitted, exampleId: "datacomp-synthetic", elapsedMs: 2100, settings });
    expect(s.pendingExample).toBeUndefined();
    expect(selectedModel(s).settings).toEqual(settings); // the holdout view fits again with them
    expect(selectedModel(s)).toMatchObject({ key: "example:datacomp-synthetic", origin: "example", exampleId: "datacomp-synthetic" });
    expect(selectedModel(s).observations).toBe(DATACOMP_SYNTHETIC.observations);
    expect(s.notice).toBe("Fitted fitted in 2.1 s: RMSE n/a. It is now the model shown.");
    expect(shareStateOf(s).source).toEqual({ kind: "example", id: "datacomp-synthetic" });
    expect(unloadedExamples(s).map((e) => e.id)).not.toContain("datacomp-synthetic");
  });

  it("adds a fit with other settings as a new model, shared inline", () => {
    let s = advisorReducer(start(), { type: "imported", importKey: "batch:1", name: "runs.csv", outcome: read("runs.csv", CSV), choices: {} });
    const model = syntheticModel({ buckets: 2, seed: 3 });
    s = advisorReducer(s, { type: "fitted", studyKey: "study:1", model });
    expect(selectedModel(s)).toMatchObject({ key: "fit:2", origin: "fit", studyKey: "study:1" });
    expect(selectedModel(s).observations).toHaveLength(4);
    expect(shareStateOf(s)).toEqual({ source: { kind: "inline", model }, budget: 640e6 });
    s = advisorReducer(s, { type: "select", key: "example:tmars-paper" });
    expect(s.selected).toBe("example:tmars-paper");
    expect(advisorReducer(s, { type: "select", key: "nope" })).toBe(s);
  });

  it("shows a cancelled fit as a polite notice and a failed one as a problem", () => {
    let s = advisorReducer(start(), { type: "select", key: exampleKey("laion-openclip/ViT-B-32") });
    s = advisorReducer(s, { type: "fit-failed", title: "Could not fit x", error: new AdvisorError("FIT_CANCELLED", "Fit cancelled after 12 bootstrap refits."), exampleId: "laion-openclip/ViT-B-32" });
    expect(s).toMatchObject({ problem: undefined, notice: "Fit cancelled after 12 bootstrap refits.", pendingExample: undefined });
    s = advisorReducer(s, { type: "fit-failed", title: "Could not fit x", error: new AdvisorError("FIT_FAILED", "Not enough runs") });
    expect(s.problem?.title).toBe("Could not fit x");
  });

  it("restores shared views: loaded examples, examples to open (old ids too), inline models", () => {
    let s = advisorReducer(start(), { type: "share-restored", state: { source: { kind: "example", id: "tmars-imagenet" }, budget: 32e6 } });
    expect(s).toMatchObject({ selected: "example:tmars-paper", budget: 32e6, budgetText: "32M", notice: "Restored the shared view." });
    s = advisorReducer(s, { type: "share-restored", state: { source: { kind: "example", id: "datacomp-synthetic" }, budget: 1e9 } });
    expect(s).toMatchObject({ pendingExample: "datacomp-synthetic", budget: 1e9 });
    expect(advisorReducer(s, { type: "share-restored", state: { source: { kind: "example", id: "nope" }, budget: 1 } })).toBe(s);
    const model = syntheticModel({ buckets: 2, seed: 1 });
    s = advisorReducer(s, { type: "share-restored", state: { source: { kind: "inline", model }, budget: 1e9 } });
    expect(selectedModel(s)).toMatchObject({ origin: "share", model });
    expect(s.notice).toBe("Restored the shared model and budget.");
    // A short link says what it left out.
    const short = advisorReducer(s, { type: "share-restored", state: { source: { kind: "inline", model, droppedDraws: 200 }, budget: 1e9 } });
    expect(short.notice).toContain("without its 200 bootstrap draws: no intervals or P(best)");
    s = advisorReducer(s, { type: "share-failed", error: new AdvisorError("INVALID_SHARE_LINK", "damaged") });
    expect(s.problem?.title).toBe("Could not open the share link");
    expect(s.models).toHaveLength(2);
  });
});
