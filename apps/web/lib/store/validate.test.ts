import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { makeModel, makeStudy } from "./testing/fixtures";
import {
  checkStudyValue,
  MAX_ISSUES,
  validateCreateStudy,
  validateModelDocument,
  validateSaveVersion,
  validateSession,
  validateStudyDocument,
  validateUpdateStudy,
} from "./validate";

const MINIMAL = '{"format":"qqt.study/v1","buckets":[{"id":"top0-10","size":12800000}],"observations":[{"pool":["top0-10"],"samplesSeen":25600000,"error":0.83}]}';

type Mutation = [string, (s: Record<string, unknown> & { buckets: Array<Record<string, unknown>>; observations: Array<Record<string, unknown>> }) => void, string, string];

// Each case breaks one thing in a valid study and names the issue expected (path and the start of the message).
const CASES: Mutation[] = [
  ["wrong format", (s) => (s.format = "qqt.study/v2"), "format", 'got "qqt.study/v2"; expected "qqt.study/v1"'],
  ["a model file", (s) => (s.format = "qqt.model/v1"), "format", 'got "qqt.model/v1"; expected "qqt.study/v1" (this is a model file'],
  ["no buckets", (s) => (s.buckets = []), "buckets", "got an empty array; expected at least one bucket"],
  ["buckets not an array", (s) => ((s as Record<string, unknown>).buckets = { id: "a" }), "buckets", "got an object; expected an array of buckets"],
  ["empty bucket id", (s) => (s.buckets[0]!.id = ""), "buckets[0].id", 'got ""; expected a non-empty string'],
  ["duplicate bucket id", (s) => (s.buckets[1]!.id = "top0-10"), "buckets[1].id", 'got "top0-10", already used by buckets[0]; expected unique bucket ids'],
  ["zero size", (s) => (s.buckets[2]!.size = 0), "buckets[2].size", "got 0; expected a finite number of unique samples > 0"],
  ["size as string", (s) => (s.buckets[2]!.size = "12.8M"), "buckets[2].size", 'got "12.8M"; expected a finite number'],
  ["percentiles reversed", (s) => (s.buckets[0]!.quality = { fromPercentile: 20, toPercentile: 10 }), "buckets[0].quality", "got fromPercentile 20 > toPercentile 10"],
  ["percentile over 100", (s) => (s.buckets[0]!.quality = { toPercentile: 120 }), "buckets[0].quality.toPercentile", "got 120; expected a percentile in [0, 100]"],
  ["observations missing", (s) => delete (s as Record<string, unknown>).observations, "observations", "got nothing (the field is missing); expected an array of observations"],
  ["empty pool", (s) => (s.observations[3]!.pool = []), "observations[3].pool", "got an empty array; expected at least one bucket id"],
  ["unknown bucket in pool", (s) => (s.observations[3]!.pool = ["top0-10", "nope"]), "observations[3].pool[1]", 'got "nope", which is not a bucket of this study'],
  ["bucket twice in pool", (s) => (s.observations[3]!.pool = ["top0-10", "top0-10"]), "observations[3].pool[1]", 'got "top0-10" twice'],
  ["negative samples", (s) => (s.observations[0]!.samplesSeen = -1), "observations[0].samplesSeen", "got -1; expected a finite number of samples seen > 0"],
  ["error in percent", (s) => (s.observations[0]!.error = 83), "observations[0].error", 'got 83; expected an error rate in [0, 1] (set metric.kind to "loss"'],
  ["NaN error (null in JSON)", (s) => (s.observations[0]!.error = null), "observations[0].error", "got null; expected an error rate"],
  ["zero weight", (s) => (s.observations[0]!.weight = 0), "observations[0].weight", "got 0; expected a finite weight > 0"],
  ["numeric tag", (s) => (s.observations[0]!.tags = { seed: 1 }), "observations[0].tags.seed", "got 1; expected a string"],
  ["odd tag key", (s) => (s.observations[0]!.tags = { "model name": 1 }), 'observations[0].tags["model name"]', "got 1; expected a string"],
  ["origin line 0", (s) => (s.observations[0]!.origin = { file: "runs.csv", line: 0 }), "observations[0].origin.line", "got 0; expected a line number >= 1"],
  ["bad metric kind", (s) => (s.metric = { name: "err", kind: "accuracy" }), "metric.kind", 'got "accuracy"; expected one of "error", "1-accuracy", "loss"'],
  ["metric without name", (s) => (s.metric = { kind: "loss" }), "metric.name", "got nothing (the field is missing); expected a metric name"],
  ["synthetic as string", (s) => (s.source = { synthetic: "yes" }), "source.synthetic", 'got "yes"; expected true or false'],
  ["name not a string", (s) => (s.name = 42), "name", "got 42; expected a string"],
  ["embedded model invalid", (s) => (s.model = { ...makeModel(), task: { a: -1, d: 0.1, normalizer: 1e5 } }), "model.task.a", "got -1; expected a finite sample-count scale > 0"],
  [
    "embedded model with a foreign bucket",
    (s) => (s.model = { ...makeModel(), buckets: [{ id: "other", size: 1, b: -0.1, tau: 2 }], fit: undefined }),
    "model.buckets[0].id",
    'got "other", which is not a bucket of the study',
  ],
];

describe("validateStudyDocument", () => {
  it("accepts the minimal example of the format and a full study with an embedded model", () => {
    const minimal = validateStudyDocument(MINIMAL);
    expect(minimal).toEqual({ ok: true, study: JSON.parse(MINIMAL) });
    const full = { ...makeStudy({ name: "x" }), description: "d", source: { citation: "c", synthetic: false }, model: makeModel() };
    expect(validateStudyDocument(JSON.stringify(full))).toEqual({ ok: true, study: full });
  });

  it("accepts a study without observations yet, losses above 1 when metric.kind is loss, and unknown fields", () => {
    expect(checkStudyValue({ format: "qqt.study/v1", buckets: [{ id: "a", size: 1 }], observations: [] })).toEqual([]);
    const loss = { ...makeStudy(), metric: { name: "val loss", kind: "loss" }, extra: { kept: true } };
    loss.observations[0]!.error = 3.2;
    expect(checkStudyValue(loss)).toEqual([]);
  });

  it.each(CASES)("reports %s at its path", (_name, mutate, path, message) => {
    const study = JSON.parse(JSON.stringify(makeStudy()));
    mutate(study);
    const issues = checkStudyValue(study);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.path).toBe(path);
    expect(issues[0]!.message.startsWith(message)).toBe(true);
  });

  it("locates issues by line and column in the text, and syntax errors too", () => {
    const text = '{\n  "format": "qqt.study/v1",\n  "buckets": [{"id": "a", "size": -1}],\n  "observations": []\n}';
    expect(validateStudyDocument(text)).toEqual({
      ok: false,
      issues: [{ path: "buckets[0].size", message: "got -1; expected a finite number of unique samples > 0", line: 3, column: 35 }],
    });
    const syntax = validateStudyDocument('{"format": "qqt.study/v1",\n "buckets": [}');
    expect(syntax).toMatchObject({ ok: false, issues: [{ path: "", line: 2, column: 14 }] });
  });

  it("reports at most MAX_ISSUES problems and summarises the rest", () => {
    const study = makeStudy();
    const many = Array.from({ length: 300 }, () => ({ pool: ["x"], samplesSeen: 1, error: 0.5 }));
    const issues = checkStudyValue({ ...study, observations: many });
    expect(issues).toHaveLength(MAX_ISSUES + 1);
    expect(issues[MAX_ISSUES]).toEqual({ path: "", message: "…and 200 more problems (fix the ones above first)" });
  });

  it("never throws and never accepts a non-finite or negative size (property)", () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        const issues = checkStudyValue(value);
        expect(Array.isArray(issues)).toBe(true);
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.oneof(fc.double({ max: 0 }), fc.constant(Number.NaN), fc.constant(Number.POSITIVE_INFINITY)), (size) => {
        const study = makeStudy();
        study.buckets[0]!.size = size;
        expect(checkStudyValue(study).map((i) => i.path)).toEqual(["buckets[0].size"]);
      }),
    );
  });
});

describe("validateModelDocument", () => {
  it("accepts a fitted model and reports a broken one with its location", () => {
    expect(validateModelDocument(JSON.stringify(makeModel()))).toEqual({ ok: true, model: makeModel() });
    const broken = JSON.stringify({ ...makeModel(), law: { formulation: "utility", variant: "mine" } }, null, 1);
    const r = validateModelDocument(broken);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.issues).toHaveLength(1);
      expect(r.issues[0]).toMatchObject({ path: "law.variant", message: 'got "mine"; expected one of "paper", "reference"' });
      expect(broken.split("\n")[r.issues[0]!.line! - 1]).toContain('"mine"');
    }
  });
});

describe("request bodies", () => {
  const study = makeStudy();

  it("create: study required, name trimmed and bounded, unknown fields refused, model checked against the study", () => {
    expect(validateCreateStudy({ study, name: "  A  " })).toEqual({ ok: true, value: { study, name: "A" } });
    expect(validateCreateStudy({ study, model: makeModel(), label: "l", author: "a" }).ok).toBe(true);
    const r = validateCreateStudy({ name: "x".repeat(201), studdy: study, model: { ...makeModel(), fit: undefined }, author: 7 });
    expect(r.ok ? [] : r.issues.map((i) => i.path)).toEqual(["studdy", "name", "study", "author"]);
    const foreign = validateCreateStudy({ study, model: { ...makeModel(), buckets: [{ id: "zz", size: 1, b: -0.1, tau: 1 }], fit: undefined } });
    expect(foreign.ok ? [] : foreign.issues).toEqual([{ path: "model.buckets[0].id", message: 'got "zz", which is not a bucket of the study; expected the model\'s buckets to be among the study\'s' }]);
    expect(validateCreateStudy({ study, name: "tab\there" }).ok).toBe(false);
    expect(validateCreateStudy([study]).ok).toBe(false);
  });

  it("save: parentVersion a positive integer, label and author bounded", () => {
    expect(validateSaveVersion({ study, parentVersion: 3 }).ok).toBe(true);
    for (const parentVersion of [0, -1, 1.5, "2", null]) {
      const r = validateSaveVersion({ study, parentVersion });
      expect(r.ok ? [] : r.issues.map((i) => i.path)).toEqual(["parentVersion"]);
    }
    const r = validateSaveVersion({ study, label: "x".repeat(501), author: "y".repeat(101) });
    expect(r.ok ? [] : r.issues.map((i) => i.message)).toEqual([
      "got a string of 501 characters; expected a label of at most 500 characters",
      "got a string of 101 characters; expected an author name of at most 100 characters",
    ]);
  });

  it("update: at least one change; deleted a boolean", () => {
    expect(validateUpdateStudy({ name: " B " })).toEqual({ ok: true, value: { name: "B" } });
    expect(validateUpdateStudy({ deleted: false })).toEqual({ ok: true, value: { deleted: false } });
    expect(validateUpdateStudy({})).toEqual({ ok: false, issues: [{ path: "", message: 'got no change; expected at least one of "name", "deleted"' }] });
    expect(validateUpdateStudy({ deleted: "yes" }).ok).toBe(false);
  });

  it("session: a token string, never echoed in messages", () => {
    expect(validateSession({ token: "abc" })).toEqual({ ok: true, value: { token: "abc" } });
    const long = "s".repeat(2000);
    const r = validateSession({ token: long });
    expect(r.ok).toBe(false);
    expect(JSON.stringify(r)).not.toContain("sss");
  });
});
