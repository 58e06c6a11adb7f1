import { describe, expect, it } from "vitest";
import { AdvisorError } from "./AdvisorError";
import { DEFAULT_BUDGET, DEFAULT_EXAMPLE_ID, EXAMPLES, TMARS_IMAGENET } from "./examples";
import { advisorReducer, initialState, selectedModel, shareStateOf, type AdvisorState } from "./state";
import { syntheticModel } from "./synthetic";

const start = (): AdvisorState => initialState(EXAMPLES, DEFAULT_EXAMPLE_ID, DEFAULT_BUDGET);

describe("advisorReducer", () => {
  it("starts on the default example and budget", () => {
    const s = start();
    expect(s.models.map((m) => m.key)).toEqual(["example:tmars-imagenet", "example:tmars-illustration"]);
    expect(selectedModel(s).model).toBe(TMARS_IMAGENET);
    expect(s.budget).toBe(640e6);
    expect(s.budgetText).toBe("640M");
    expect(s.models[1]!.observations.length).toBe(20);
  });

  it("applies a valid typed budget and keeps the last valid one while the text is invalid", () => {
    let s = advisorReducer(start(), { type: "budget-text", text: "1.28B" });
    expect(s.budget).toBe(1.28e9);
    expect(s.budgetError).toBeUndefined();
    s = advisorReducer(s, { type: "budget-text", text: "1.28Bx" });
    expect(s.budget).toBe(1.28e9);
    expect(s.budgetText).toBe("1.28Bx");
    expect(s.budgetError?.code).toBe("INVALID_BUDGET");
    s = advisorReducer(s, { type: "budget-value", samples: 64e6 });
    expect(s).toMatchObject({ budget: 64e6, budgetText: "64M", budgetError: undefined });
  });

  it("ignores non-finite slider values", () => {
    const s = start();
    expect(advisorReducer(s, { type: "budget-value", samples: Number.NaN })).toBe(s);
  });

  it("adds imported models, selects them, and keeps everything loaded when an import fails", () => {
    const model = syntheticModel({ buckets: 3, seed: 2 });
    let s = advisorReducer(start(), { type: "imported", fileName: "a.json", model });
    expect(s.models).toHaveLength(3);
    expect(selectedModel(s)).toMatchObject({ key: "import:1", origin: "import", fileName: "a.json", model });
    expect(s.notice).toBe("Imported a.json: Synthetic 3-bucket model.");
    const error = new AdvisorError("INVALID_MODEL", "bad", [{ path: "task.a", message: "got 0" }]);
    s = advisorReducer(s, { type: "import-failed", fileName: "b.json", error });
    expect(s.models).toHaveLength(3);
    expect(s.selected).toBe("import:1");
    expect(s.problem).toEqual({ title: "Could not import b.json", error });
    s = advisorReducer(s, { type: "imported", fileName: "a.json", model });
    expect(s.models.map((m) => m.key)).toEqual(["example:tmars-imagenet", "example:tmars-illustration", "import:1", "import:2"]);
    expect(s.problem).toBeUndefined();
    s = advisorReducer(s, { type: "select", key: "example:tmars-imagenet" });
    expect(s.selected).toBe("example:tmars-imagenet");
    expect(advisorReducer(s, { type: "select", key: "nope" })).toBe(s);
  });

  it("restores shared views: examples by id, inline models as new entries", () => {
    let s = advisorReducer(start(), {
      type: "share-restored",
      state: { source: { kind: "example", id: "tmars-illustration" }, budget: 32e6 },
    });
    expect(s).toMatchObject({ selected: "example:tmars-illustration", budget: 32e6, budgetText: "32M" });
    expect(shareStateOf(s)).toEqual({ source: { kind: "example", id: "tmars-illustration" }, budget: 32e6 });
    const model = syntheticModel({ buckets: 2, seed: 1 });
    s = advisorReducer(s, { type: "share-restored", state: { source: { kind: "inline", model }, budget: 1e9 } });
    expect(selectedModel(s)).toMatchObject({ origin: "share", model });
    expect(shareStateOf(s)).toEqual({ source: { kind: "inline", model }, budget: 1e9 });
    const error = new AdvisorError("INVALID_SHARE_LINK", "damaged");
    s = advisorReducer(s, { type: "share-failed", error });
    expect(s.problem?.title).toBe("Could not open the share link");
    expect(advisorReducer(s, { type: "dismiss" }).problem).toBeUndefined();
  });
});
