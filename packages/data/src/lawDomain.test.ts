// Model and study files accept exactly the bucket values @qqt/core's LAW_DOMAIN accepts: what `qqt validate` passes,
// `qqt fit` and the advice engine evaluate, and the published JSON Schemas state the same bounds.
import { LAW_DOMAIN, predictError } from "@qqt/core";
import { describe, expect, it } from "vitest";
import { DataError } from "./DataError.js";
import { parseModel } from "./parseModel.js";
import { parseStudy } from "./parseStudy.js";
import { modelSchema, studySchema } from "./index.js";

const model = (bucket: Record<string, unknown>) => ({
  format: "qqt.model/v1",
  law: { formulation: "utility", variant: "paper" },
  task: { a: 0.02, d: 0.1, normalizer: 1e5 },
  buckets: [{ id: "a", size: 12.8e6, b: -0.18, tau: 4.4, ...bucket }],
});
const study = (size: number) => ({
  format: "qqt.study/v1",
  metric: { name: "imagenet1k", kind: "1-accuracy" },
  buckets: [{ id: "a", size }],
  observations: [{ pool: ["a"], samplesSeen: 25.6e6, error: 0.8 }],
});

function issue(read: () => unknown): { field?: string; expected?: string } | undefined {
  try {
    read();
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(DataError);
    return (error as DataError).issues[0];
  }
}

describe("bucket values: the data readers and @qqt/core agree", () => {
  it.each([
    ["size", LAW_DOMAIN.minSize, true],
    ["size", LAW_DOMAIN.maxSize, true],
    ["size", 0.5, false],
    ["size", 2e18, false],
    ["b", LAW_DOMAIN.minUtility, true],
    ["b", -100.5, false],
    ["tau", LAW_DOMAIN.maxHalfLife, true],
    ["tau", 2e12, false],
  ] as const)("model bucket %s = %d: accepted %s", (field, value, ok) => {
    const found = issue(() => parseModel(model({ [field]: value }), { file: "m.json" }));
    const core = coreEvaluates(() => predictError([{ id: "a", size: 12.8e6, b: -0.18, tau: 4.4, [field]: value }], { a: 0.02, d: 0.1 }, 1e8));
    expect(found === undefined).toBe(ok);
    expect(core).toBe(ok);
    if (!ok) expect(found).toMatchObject({ field: `buckets[0].${field}` });
  });

  it.each([
    [1, true],
    [0.5, false],
    [1e19, false],
  ])("study bucket size %d: accepted %s", (size, ok) => {
    const found = issue(() => parseStudy(study(size), { file: "s.json" }));
    expect(found === undefined).toBe(ok);
    if (!ok) expect(found).toMatchObject({ field: "buckets[0].size", expected: "a number of unique samples in [1, 1e18]" });
  });

  it("the published schemas state LAW_DOMAIN's bounds", () => {
    type Bounds = Record<string, { minimum?: number; maximum?: number }>;
    const bucketsOf = (schema: unknown) => (schema as { properties: { buckets: { items: { properties: Bounds } } } }).properties.buckets.items.properties;
    const bucket = bucketsOf(modelSchema);
    expect(bucket.size?.minimum).toBe(LAW_DOMAIN.minSize);
    expect(bucket.size?.maximum).toBe(LAW_DOMAIN.maxSize);
    expect(bucket.b?.minimum).toBe(LAW_DOMAIN.minUtility);
    expect(bucket.tau?.maximum).toBe(LAW_DOMAIN.maxHalfLife);
    const studyBucket = bucketsOf(studySchema);
    expect([studyBucket.size?.minimum, studyBucket.size?.maximum]).toEqual([LAW_DOMAIN.minSize, LAW_DOMAIN.maxSize]);
  });
});

/** True when @qqt/core evaluates the bucket. */
function coreEvaluates(call: () => unknown): boolean {
  try {
    call();
    return true;
  } catch {
    return false;
  }
}
